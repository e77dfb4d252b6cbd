import type { SavedMapping } from '../../common/import/mapping';
import type { CellIssue, DraftAccount, ImportDraft, ImportPlan } from '../../common/import/types';
import type { Result } from '../../common/ipc/result';
import type { Connection } from '../profiles/connection';
import { ownerNamesOf, type AccountSnapshot } from './account-check';
import type { SheetRowRef, Unit } from './operations';
import { mergeSchemaIssues } from './schema-check';

/** The account as read when the file was loaded, and what it says about each row. */
export type AccountCheck =
  | { status: 'checked'; connectionName: string; snapshot: AccountSnapshot; issues: Map<number, CellIssue[]> }
  | { status: 'unavailable'; connectionName: string | null; message: string };

/** A file being prepared for import in this run of the app: the draft, its bytes, its plan. */
export interface DraftEntry {
  /** The draft with the row rules' issues; the schema's are kept apart so an edit re-checks one row. */
  draft: ImportDraft;
  bytes: Uint8Array;
  /** The column choices remembered for the connection (or given outright), offered again when the file is re-read. */
  savedMapping: SavedMapping | undefined;
  schemaIssues: Map<number, CellIssue[]>;
  /** Null until read (no connection, or a file not importable yet); kept apart from the rules' issues, like the schema's. */
  account: AccountCheck | null;
  /** Opens the connection to read the account from, once the file can be imported; absent when there is none. */
  openAccount: (() => Promise<Result<Connection>>) | undefined;
  /** Bumped on every change, so a plan made before an edit is not run. */
  version: number;
  plan: { version: number; connectionId: string; view: ImportPlan; units: Unit[]; sheetRows: SheetRowRef[] } | null;
}

function accountView(entry: DraftEntry): DraftAccount | null {
  const { account } = entry;
  if (!account) return null;
  if (account.status === 'unavailable') return account;
  const { snapshot, connectionName } = account;
  return {
    status: 'checked',
    connectionName,
    deviceCount: snapshot.deviceCount,
    userCount: snapshot.userCount,
    owners: ownerNamesOf(entry.draft, snapshot),
  };
}

/** What the renderer sees: the draft with every issue, the rules', the schema's and the account's. */
export function draftView(entry: DraftEntry): ImportDraft {
  const issues = mergeSchemaIssues(entry.draft, entry.schemaIssues);
  const fromAccount = entry.account?.status === 'checked' ? [...entry.account.issues.values()].flat() : [];
  return { ...entry.draft, issues: fromAccount.length > 0 ? [...issues, ...fromAccount] : issues, account: accountView(entry) };
}
