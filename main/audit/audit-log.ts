import { join } from 'node:path';
import type { AuditQuery, AuditRecord } from '../../common/audit';
import type { Logger } from '../log';
import { AuditFile, type AuditLine } from './audit-file';
import { AuditReader } from './audit-reader';
import type { AuditSink } from './audit-sink';

/** Who and where, written on every record. */
export interface AuditConnection {
  id: string;
  name: string;
  accountId: string;
}

export interface AuditLog {
  /** The sink every change on this connection is recorded through: the log of its account. */
  forConnection(connection: AuditConnection): AuditSink;
  /** The account's records, newest first, filtered; `total` counts them before `limit`. */
  list(accountId: string, query: AuditQuery): { records: AuditRecord[]; total: number };
  close(): void;
}

export interface AuditLogDeps {
  /** `<userData>/audit`: one folder per account. */
  dir: string;
  /** The user signed in to this computer. */
  desktopUser: string;
  now: () => Date;
  log: Logger;
  rotateBytes?: number;
}

/** Account ids become folder names: nothing that could climb out of the audit folder. */
const SAFE_ACCOUNT = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The local record of every change this app sends, per account. A record's first line is written
 * before the request and its second after the answer, so a crash in between leaves a record whose
 * outcome reads "unknown" rather than no record. Records fold by id: a batch step begun again
 * after a crash is still one record.
 */
export function createAuditLog(deps: AuditLogDeps): AuditLog {
  const files = perAccount((dir) => new AuditFile(dir, deps.rotateBytes));
  const readers = perAccount((dir) => new AuditReader(dir));
  /** One `T` per account, over the account's own folder; none for an id that could climb out of it. */
  function perAccount<T>(make: (dir: string) => T): { of(accountId: string): T | undefined; all(): T[]; clear(): void } {
    const made = new Map<string, T>();
    return {
      of(accountId) {
        if (!SAFE_ACCOUNT.test(accountId)) return undefined;
        let one = made.get(accountId);
        if (!one) {
          one = make(join(deps.dir, accountId));
          made.set(accountId, one);
        }
        return one;
      },
      all: () => [...made.values()],
      clear: () => made.clear(),
    };
  }

  /** Recording never stops the change it records; a disk that refuses is logged, once per line. */
  const write = (accountId: string, line: AuditLine): void => {
    try {
      const file = files.of(accountId);
      if (!file) throw new Error('unsafe account id');
      file.append(line);
    } catch (error) {
      deps.log.error('audit.write_failed', { accountId, error });
    }
  };

  return {
    forConnection(connection) {
      const context = {
        connectionId: connection.id,
        connectionName: connection.name,
        accountId: connection.accountId,
        desktopUser: deps.desktopUser,
      };
      return {
        begin: (intent) => write(connection.accountId, { kind: 'begin', at: deps.now().toISOString(), ...intent, ...context }),
        end: (id, outcome) => write(connection.accountId, { kind: 'end', id, at: deps.now().toISOString(), outcome }),
      };
    },

    list(accountId, query) {
      const records = readers.of(accountId)?.all() ?? [];
      const matching = records.filter(matches(query)).sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
      return { records: query.limit === undefined ? matching : matching.slice(0, query.limit), total: matching.length };
    },

    close() {
      for (const file of files.all()) file.close();
      files.clear();
      readers.clear();
    },
  };
}

function matches(query: AuditQuery): (record: AuditRecord) => boolean {
  const text = query.text?.trim().toLowerCase();
  return (record) =>
    (query.since === undefined || record.at >= new Date(query.since).toISOString()) &&
    (query.until === undefined || record.at <= new Date(query.until).toISOString()) &&
    (query.action === undefined || record.action === query.action) &&
    (query.source === undefined || record.source === query.source) &&
    (query.resourceId === undefined || record.resourceId === query.resourceId) &&
    (query.batchId === undefined || record.batchId === query.batchId) &&
    (!text ||
      [record.name, record.resourceId, ...record.fields.flatMap((field) => [field.path, field.before ?? '', field.after ?? ''])].some(
        (value) => value.toLowerCase().includes(text),
      ));
}
