import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { normalizeHeader } from '../../common/import/aliases';
import { CANONICAL_COLUMNS } from '../../common/import/columns';
import { columnLabel } from '../../common/import/labels';
import { paceWords } from '../../common/import/pace-words';
import type { SavedMapping } from '../../common/import/mapping';
import { ignoredSecretColumns } from '../../common/import/secret-columns';
import { rowLabel } from '../../common/import/row-label';
import {
  RESOURCE_KINDS,
  type BatchProgress,
  type ImportDraft,
  type ImportPlan,
  type MatchKey,
  type OnExisting,
  type OnPersonFailure,
  type OutcomeCounts,
  type PlanChange,
  type PlanCounts,
  type PlanDevice,
  type PlanResource,
  type PlanRow,
  type ResourceKind,
  type RowResult,
} from '../../common/import/types';
import { ok } from '../../common/ipc/result';
import { formatMac } from '../../common/mac';
import type { Connection } from '../profiles/connection';
import { undoTotalsLine } from '../undo/undo-totals';
import { connectionOptions, givenConnection, open, openConnection, type CliContext } from './context';
import { EXIT, UsageError, valueOf, type ExitCode } from './exit';
import { confirm, interactive, table, writeFileOwnerOnly } from './io';
import { RESOURCE_NAMES } from './resource-names';

const USAGE = `Usage:
  audian-provision import FILE.csv [--dry-run] [--mapping FILE.json] [--match mac|sip_username] [--on-existing skip|update]
                                   [--on-existing-person skip|update] [--keep-incomplete] [--welcome-email]
                                   [--report OUT.csv] [--report-passwords] [--journal FILE] [--yes] [--confirm-registered]
                                   [--accept-charges] [--profile NAME]
  audian-provision import --resume (--batch BATCH_ID | --journal FILE) [--report OUT.csv [--report-passwords]] [--accept-charges]
  audian-provision import --list [--json]`;

const BATCH_ID = /^[0-9a-f]{32}$/;
const mappingFileSchema = z.record(z.string(), z.enum(CANONICAL_COLUMNS).nullable());

function readMapping(file: string): SavedMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--mapping ${file}: not readable JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = mappingFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      `--mapping ${file}: expected {"CSV header": "${CANONICAL_COLUMNS[0]}" | ... | null}; columns are ${CANONICAL_COLUMNS.join(', ')}.`,
    );
  }
  return Object.fromEntries(Object.entries(parsed.data).map(([header, column]) => [normalizeHeader(header), column]));
}

const counts = (progress: Pick<BatchProgress, 'created' | 'updated' | 'skipped' | 'failed'>) =>
  `created ${progress.created}, updated ${progress.updated}, skipped ${progress.skipped}, failed ${progress.failed}`;

/** How the command line names each kind of document, plural, as its summary lines start. */
const RESOURCE_WORDS: Record<ResourceKind, string> = {
  user: 'users',
  vmbox: 'voicemail boxes',
  device: 'devices',
  callflow: 'extensions',
};

/** `users: created 4, updated 0, skipped 1, failed 0` and likewise for each kind, after a run. */
const resourceLines = (resources: Record<ResourceKind, OutcomeCounts>): string =>
  RESOURCE_KINDS.map((kind) => `${RESOURCE_WORDS[kind]}: ${counts(resources[kind])}\n`).join('');

const planCounts = (planned: PlanCounts) =>
  `create ${planned.create}, update ${planned.update}, skip ${planned.skip}, error ${planned.error}`;

function progressLine(progress: BatchProgress): string {
  const eta = progress.etaSeconds === null ? '' : `, about ${Math.ceil(progress.etaSeconds)} s left`;
  const rate = progress.ratePerSecond > 0 ? `, ${progress.ratePerSecond.toFixed(1)}/s` : '';
  const pace = progress.pace ? `; ${paceWords(progress.pace)}` : '';
  return `${progress.done}/${progress.total} done (${counts(progress)})${rate}${eta}${pace}`;
}

function printPlan(context: CliContext, plan: ImportPlan): void {
  const rows = plan.rows.map((row) => [
    String(row.line),
    row.action,
    row.name,
    row.reason ?? (row.changedColumns.length > 0 ? `changes ${row.changedColumns.join(', ')}` : ''),
  ]);
  context.io.out(table(['ROW', 'ACTION', 'NAME', 'DETAIL'], rows));
  for (const person of peopleOf(plan)) context.io.out(`\n${describePerson(person)}`);
  for (const row of plan.rows) if (row.device) context.io.out(`\n${describeUpdate(row, row.device)}`);
}

/** Each person of the plan once: their rows, their user, voicemail box and extension, and each row's phone. */
function peopleOf(plan: ImportPlan): Array<{ label: string; lines: number[]; resources: PlanResource[] }> {
  const people = new Map<string, { label: string; lines: number[]; resources: PlanResource[] }>();
  for (const row of plan.rows) {
    if (!row.person) continue;
    const { key, name, extension } = row.person;
    const person = people.get(key) ?? { label: extension ? `${name} (ext ${extension})` : name, lines: [], resources: [] };
    people.set(key, person);
    person.lines.push(row.line);
    // Every row of a person lists the person's documents; their phones are each row's own.
    const first = person.lines.length === 1;
    person.resources.push(...row.resources.filter((resource) => first || resource.resource === 'device'));
  }
  // User, voicemail box, phones, extension: the order they are made in.
  for (const person of people.values()) {
    person.resources.sort((a, b) => RESOURCE_KINDS.indexOf(a.resource) - RESOURCE_KINDS.indexOf(b.resource));
  }
  return [...people.values()];
}

const PLANNED_WORDS = {
  create: 'to create',
  update: 'to update',
  delete: 'to delete',
  skip: 'to leave as it is',
  error: 'will not be sent',
} as const;

/** A person as the dry run shows them: what would be created, updated or left of each of their documents. */
function describePerson(person: { label: string; lines: number[]; resources: PlanResource[] }): string {
  const rowWords = `${person.lines.length === 1 ? 'row' : 'rows'} ${person.lines.join(', ')}`;
  const lines = person.resources.map((resource) => {
    const what = resource.resource === 'callflow' ? resource.label : `${RESOURCE_NAMES[resource.resource]} "${resource.label}"`;
    const changes = resource.changes.map(
      (change) => `${change.column} ${changeValue(change, change.before)} → ${changeValue(change, change.after)}`,
    );
    const detail = resource.reason ?? (changes.length > 0 ? changes.join(', ') : '');
    return `  ${what}: ${PLANNED_WORDS[resource.action]}${detail === '' ? '' : ` (${detail})`}\n`;
  });
  return `${person.label}, ${rowWords}:\n${lines.join('')}`;
}

/** Why people are left incomplete, which depends on what the batch does with a failed person. */
function incompleteMessage(count: number, batchId: string, onFailure: OnPersonFailure | undefined): string {
  const who = count === 1 ? '1 person is' : `${count} people are`;
  const resume = `--resume --batch ${batchId}`;
  switch (onFailure) {
    case 'keep':
      return `${who} left incomplete: what was made for them is kept. Finish with ${resume}.\n`;
    case 'rollback':
      return `${who} left incomplete: the rollback could not undo everything made or changed for them (the rows above say what is still on the server). ${resume} tries the deletes that failed again.\n`;
    case undefined:
      return `${who} left incomplete: the rows above say what is still on the server for them. ${resume} sends again what failed.\n`;
  }
}

const registrationWords = (registered: boolean | null) =>
  registered === null ? 'registration unknown' : registered ? 'registered now' : 'not registered';

/** A password is hidden on both sides; a field the document did not have is empty before. */
const changeValue = (change: PlanChange, value: string | null) => {
  if (change.before === null && change.after === null) return '(hidden; --report-passwords shows it)';
  if (value === null) return '""';
  return JSON.stringify(change.column === 'mac_address' ? formatMac(value) : value);
};

/** An update as the plan shows it: the device it changes, as it is labelled, and each field old → new. */
function describeUpdate(row: PlanRow, device: PlanDevice): string {
  const changes = row.changes.map(
    (change) => `  ${change.column}: ${changeValue(change, change.before)} → ${changeValue(change, change.after)}\n`,
  );
  return `Row ${row.line} updates ${rowLabel(device.name, device)} (${registrationWords(device.registered)}):\n${changes.join('')}`;
}

/** Updates that can take a registered phone offline are sent only with --confirm-registered; anything else stops here. */
function checkRegisteredChanges(plan: ImportPlan, confirmed: boolean): string[] {
  const disrupting = plan.rows.filter((row) => row.disruptsRegisteredPhone);
  if (disrupting.length === 0 || confirmed) return disrupting.map((row) => row.deviceId ?? '');
  const listed = disrupting.map((row) => (row.device ? describeUpdate(row, row.device) : `Row ${row.line}\n`)).join('');
  throw new UsageError(
    `Nothing sent: this file changes the SIP credentials or owner of ${disrupting.length === 1 ? 'a phone that is' : `${disrupting.length} phones that are`} registered now (or whose registration could not be read), which can take ${disrupting.length === 1 ? 'it' : 'them'} offline:\n${listed}Check with --dry-run, then add --confirm-registered to make these changes.`,
  );
}

/** The app's batches on this computer, newest first, as the Import section lists them. */
function listBatches(context: CliContext, json: boolean): ExitCode {
  const batches = context.services.imports.batches();
  if (json) {
    context.io.out(`${JSON.stringify(batches, null, 2)}\n`);
    return EXIT.ok;
  }
  context.io.out(
    table(
      ['BATCH', 'NAME', 'STATE', 'STARTED', 'RESULT'],
      batches.map((batch) => [batch.batchId, batch.name, batch.state, batch.startedAt, counts(batch)]),
    ),
  );
  return EXIT.ok;
}

/**
 * Columns that look like passwords and feed no field are never dropped silently: on a terminal
 * each is asked about; without one the command stops, naming the --mapping entry that decides.
 * A column the given --mapping leaves out by name (null) is decided already.
 */
async function decideSecretColumns(context: CliContext, draft: ImportDraft, given: SavedMapping | undefined): Promise<ImportDraft> {
  const { io, services } = context;
  const undecided = ignoredSecretColumns(draft.headers, draft.mapping, draft.rows).filter((index) => {
    const key = normalizeHeader(draft.headers[index] ?? '');
    return !(given && Object.hasOwn(given, key) && given[key] === null);
  });
  if (undecided.length === 0) return draft;
  const names = undecided.map((index) => columnLabel(draft.headers, index));
  if (!interactive()) {
    const entries = (column: string | null) => names.map((name) => `${JSON.stringify(name)}: ${JSON.stringify(column)}`).join(', ');
    throw new UsageError(
      `${names.map((name) => `"${name}"`).join(', ')} ${names.length === 1 ? 'looks' : 'look'} like passwords and would not be imported. ` +
        `Say what to do in --mapping FILE.json: {${entries('sip_password')}} imports ${names.length === 1 ? 'it' : 'one'} as the SIP passwords, ` +
        `{${entries(null)}} leaves ${names.length === 1 ? 'it' : 'them'} out (the app then makes new SIP passwords).`,
    );
  }
  const mapping = draft.mapping.slice();
  for (const index of undecided) {
    const name = columnLabel(draft.headers, index);
    const passwords = mapping.indexOf('sip_password');
    const question =
      passwords === -1
        ? `Column "${name}" looks like passwords and is not imported. Import it as the SIP passwords?`
        : `Column "${name}" looks like passwords; the SIP passwords come from "${columnLabel(draft.headers, passwords)}". Import "${name}" as the SIP passwords instead?`;
    if (await confirm(question)) {
      if (passwords !== -1) mapping[passwords] = null;
      mapping[index] = 'sip_password';
    } else {
      io.err(`Column "${name}" is left out.\n`);
    }
  }
  if (mapping.every((column, index) => column === draft.mapping[index])) return draft;
  return valueOf(await services.imports.configure({ draftId: draft.id, mapping }));
}

interface NewImport {
  file: string;
  mapping?: string;
  match: MatchKey;
  onExisting: OnExisting;
  onExistingPerson: OnExisting;
  onFailure: OnPersonFailure;
  sendWelcomeEmail: boolean;
  dryRun: boolean;
  yes: boolean;
  confirmRegistered: boolean;
  revealPasswords: boolean;
  journal?: string;
}

/** Loads, checks and plans the file, and unless it is a dry run starts the batch. */
async function startImport(
  context: CliContext,
  connection: Connection,
  options: NewImport,
): Promise<{ plan: ImportPlan; started: BatchProgress | null }> {
  const { io, services } = context;
  const given = options.mapping ? readMapping(options.mapping) : undefined;
  const loaded = valueOf(
    await services.imports.load({
      fileName: path.basename(options.file),
      bytes: new Uint8Array(readFileSync(options.file)),
      connectionId: connection.saved ? connection.id : null,
      account: async () => ok(connection),
      ...(given ? { mapping: given } : {}),
    }),
  );
  const draft = await decideSecretColumns(context, loaded, given);
  const { source } = draft;
  io.err(
    `${source.fileName}: ${draft.rows.length} rows, ${source.encoding}, delimiter ${JSON.stringify(source.delimiter)}, header on row ${source.headerRow + 1}.\n`,
  );
  if (draft.ignoredColumns.length > 0) io.err(`Ignored columns: ${draft.ignoredColumns.join(', ')}.\n`);
  const plan = valueOf(
    await services.imports.plan(connection, {
      draftId: draft.id,
      match: options.match,
      onExisting: options.onExisting,
      onExistingPerson: options.onExistingPerson,
      revealPasswords: options.revealPasswords,
    }),
  );
  const byKind =
    plan.people > 0 ? RESOURCE_KINDS.map((kind) => `${RESOURCE_WORDS[kind]}: ${planCounts(plan.resourceCounts[kind])}\n`).join('') : '';
  const summary = `${byKind}plan: ${planCounts(plan.counts)}`;
  if (options.dryRun) {
    printPlan(context, plan);
    const disrupting = plan.rows.filter((row) => row.disruptsRegisteredPhone).length;
    if (disrupting > 0) {
      io.out(
        `\n${disrupting} of these updates change the SIP credentials or owner of a registered phone: a real run needs --confirm-registered.\n`,
      );
    }
    io.out(`${summary}\n`);
    return { plan, started: null };
  }
  io.err(`${summary}\n`);
  const confirmedRegisteredDeviceIds = checkRegisteredChanges(plan, options.confirmRegistered);
  const toSend = RESOURCE_KINDS.map((kind) => ({
    kind,
    count: plan.resourceCounts[kind].create + plan.resourceCounts[kind].update,
  })).filter((item) => item.count > 0);
  const question = `Create or update ${toSend.map((item) => `${item.count} ${item.count === 1 ? RESOURCE_NAMES[item.kind] : RESOURCE_WORDS[item.kind]}`).join(', ')} on ${connection.name}?`;
  if (toSend.length > 0 && !options.yes && !(await confirm(question))) {
    throw new UsageError('Nothing sent. Add --yes to run without this question.');
  }
  const started = await services.imports.start(connection, {
    draftId: draft.id,
    planId: plan.planId,
    confirmedRegisteredDeviceIds,
    onFailure: options.onFailure,
    sendWelcomeEmail: options.sendWelcomeEmail,
    name: `${source.fileName} (command line)`,
    ...(options.journal ? { journal: path.resolve(options.journal) } : {}),
  });
  return { plan, started: valueOf(started) };
}

/** Follows the batch to its end on stderr, answering the server's question about charges once (an import, an undo). */
export async function followBatch(context: CliContext, started: BatchProgress, acceptCharges: boolean): Promise<void> {
  const { io, services } = context;
  let lastLine = 0;
  let askingAboutCharges = false;
  const stopListening = context.listen('import:progress', (progress) => {
    if (progress.batchId !== started.batchId) return;
    if (progress.state === 'waiting_for_charges' && !askingAboutCharges) {
      askingAboutCharges = true;
      void (async () => {
        const accept = acceptCharges || (await confirm('The server asks to accept charges for new devices. Accept for this whole run?'));
        io.err(
          accept
            ? 'Charges accepted for this run.\n'
            : 'Charges not accepted: the remaining new devices will not be created. (Use --accept-charges.)\n',
        );
        await services.imports.control({ batchId: started.batchId, action: accept ? 'accept_charges' : 'decline_charges' });
        askingAboutCharges = false;
      })();
    }
    const now = Date.now();
    if (now - lastLine >= 1000 || progress.state === 'finished') {
      lastLine = now;
      io.err(`${progressLine(progress)}\n`);
    }
  });
  try {
    valueOf(await services.imports.settled(started.batchId));
  } finally {
    stopListening();
  }
}

/** Why a row failed: its own error, else the first of its documents that failed (a person's user, say). */
function failureOf(row: RowResult): string {
  if (row.error) return row.error.message;
  const failed = row.resources.find((resource) => resource.error !== null);
  return failed?.error ? `${failed.label}: ${failed.error.message}` : 'failed';
}

export async function importCommand(context: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      'dry-run': { type: 'boolean' },
      mapping: { type: 'string' },
      match: { type: 'string', default: 'mac' },
      'on-existing': { type: 'string', default: 'skip' },
      'on-existing-person': { type: 'string', default: 'skip' },
      'keep-incomplete': { type: 'boolean' },
      'welcome-email': { type: 'boolean' },
      report: { type: 'string' },
      'report-passwords': { type: 'boolean' },
      journal: { type: 'string' },
      batch: { type: 'string' },
      resume: { type: 'boolean' },
      list: { type: 'boolean' },
      json: { type: 'boolean' },
      yes: { type: 'boolean' },
      'confirm-registered': { type: 'boolean' },
      'accept-charges': { type: 'boolean' },
    },
  });
  const { io, services } = context;
  if (values.list) return listBatches(context, values.json === true);
  const { match, 'on-existing': onExisting, 'on-existing-person': onExistingPerson } = values;
  if (match !== 'mac' && match !== 'sip_username') throw new UsageError(`--match must be mac or sip_username, not "${match}".`);
  if (onExisting !== 'skip' && onExisting !== 'update') throw new UsageError(`--on-existing must be skip or update, not "${onExisting}".`);
  if (onExistingPerson !== 'skip' && onExistingPerson !== 'update')
    throw new UsageError(`--on-existing-person must be skip or update, not "${onExistingPerson}".`);

  let started: BatchProgress;
  // Known for a new run; a resumed batch goes on as it was started.
  let onFailure: OnPersonFailure | undefined;
  if (values.resume) {
    if (positionals.length > 0) throw new UsageError(`--resume continues a batch; it takes no file.\n${USAGE}`);
    if ((values.batch === undefined) === (values.journal === undefined))
      throw new UsageError('--resume needs --batch BATCH_ID (see import --list) or --journal FILE: the run to continue.');
    // Unless told otherwise, a batch resumes on the connection it was started on.
    const given = givenConnection(context, values.profile);
    const connection = given ? await open(context, given) : undefined;
    if (values.batch !== undefined) {
      if (!BATCH_ID.test(values.batch)) throw new UsageError(`--batch ${values.batch}: a batch id is 32 hexadecimal characters.`);
      started = valueOf(await services.imports.control({ batchId: values.batch, action: 'resume' }, connection));
    } else {
      const journal = values.journal as string;
      if (!existsSync(journal)) throw new UsageError(`--journal ${journal}: no such file to resume.`);
      started = valueOf(await services.imports.resumeJournal(path.resolve(journal), connection));
    }
  } else {
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError(`import needs exactly one FILE.csv.\n${USAGE}`);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file}: no such file.`);
    if (values.journal && existsSync(values.journal))
      throw new UsageError(`--journal ${values.journal} already exists. Add --resume to continue that run, or choose another file.`);
    const connection = await openConnection(context, values.profile);
    const planned = await startImport(context, connection, {
      file,
      mapping: values.mapping,
      match,
      onExisting,
      onExistingPerson,
      onFailure: (onFailure = values['keep-incomplete'] === true ? 'keep' : 'rollback'),
      sendWelcomeEmail: values['welcome-email'] === true,
      dryRun: values['dry-run'] === true,
      yes: values.yes === true,
      confirmRegistered: values['confirm-registered'] === true,
      revealPasswords: values['report-passwords'] === true,
      journal: values.journal,
    });
    if (!planned.started) return planned.plan.counts.error > 0 ? EXIT.refused : EXIT.ok;
    started = planned.started;
  }

  io.err(
    values.journal
      ? `Journal: ${values.journal} (resume with --resume --journal ${JSON.stringify(values.journal)})\n`
      : `Batch ${started.batchId} (resume with --resume --batch ${started.batchId}; the app lists it too)\n`,
  );
  await followBatch(context, started, values['accept-charges'] === true);
  const { progress, rows } = valueOf(services.imports.results(started.batchId));
  for (const row of rows) if (row.outcome === 'failed') io.err(`Row ${row.line} (${rowLabel(row.name, row)}): ${failureOf(row)}\n`);
  if (progress.incompletePeople > 0) io.err(incompleteMessage(progress.incompletePeople, started.batchId, onFailure));
  if (values.report) {
    const report = valueOf(
      await services.imports.report({ batchId: started.batchId, includePasswords: values['report-passwords'] === true }),
    );
    writeFileOwnerOnly(values.report, report.csv);
  }
  if (progress.origin === 'undo') {
    // A resumed undo ends as `batches undo` does, for the scripts that started it.
    const totals = valueOf(services.undo.totals(started.batchId));
    io.out(`${undoTotalsLine(totals)}\n`);
    return totals.failed > 0 || totals.conflicts > 0 ? EXIT.refused : EXIT.ok;
  }
  io.out(`${resourceLines(progress.resources)}${counts(progress)}\n`);
  return progress.failed > 0 || rows.some((row) => row.outcome === 'pending') ? EXIT.refused : EXIT.ok;
}
