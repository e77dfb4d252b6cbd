import { parseArgs } from 'node:util';
import type { BatchSummary } from '../../common/import/types';
import type { UndoField, UndoItem, UndoPlan, UndoTotals } from '../../common/undo';
import { isEnvironmentConnectionId, type Connection } from '../profiles/connection';
import { undoTotalsLine } from '../undo/undo-totals';
import { connectionOptions, givenConnection, open, type CliContext } from './context';
import { CommandFailed, EXIT, UsageError, valueOf, type ExitCode } from './exit';
import { followBatch } from './import-command';
import { confirm, interactive, table } from './io';
import { RESOURCE_NAMES } from './resource-names';

const USAGE = `Usage:
  audian-provision batches list [--json]
  audian-provision batches undo BATCH_ID [--dry-run] [--yes] [--include-conflicts] [--accept-charges] [--profile NAME]`;

const BATCH_ID = /^[0-9a-f]{32}$/;

const countsOf = (batch: BatchSummary) => ({
  created: batch.created,
  updated: batch.updated,
  deleted: batch.deleted,
  skipped: batch.skipped,
  failed: batch.failed,
});

/** What started the batch, in words: "import rollout.csv", "bulk: Disable 3 devices", "Undo of rollout.csv". */
function whatOf(batch: BatchSummary): string {
  switch (batch.origin) {
    case 'import':
      return `import ${batch.fileName}`;
    case 'bulk':
      return `bulk: ${batch.name}`;
    case 'undo':
      return batch.name;
  }
}

/** The app's batches on this computer, newest first, each with its connection and whether it was undone. */
async function listCommand(context: CliContext, json: boolean): Promise<ExitCode> {
  const { services, io } = context;
  const batches = services.imports.batches();
  const undone = (batch: BatchSummary) => undoneState(context, batch, batches);
  const names = new Map((await services.connections.overview()).connections.map((connection) => [connection.id, connection.name]));
  const connectionName = (id: string) => names.get(id) ?? (isEnvironmentConnectionId(id) ? 'AUDIAN_* variables' : 'a removed connection');
  if (json) {
    const listed = batches.map((batch) => ({
      id: batch.batchId,
      when: batch.startedAt,
      finishedAt: batch.finishedAt,
      connection: { id: batch.connectionId, name: connectionName(batch.connectionId) },
      origin: batch.origin,
      name: batch.name,
      fileName: batch.fileName,
      state: batch.state,
      counts: countsOf(batch),
      undone: undone(batch) === 'undone',
      undoneBy: batch.undoneBy,
      undoes: batch.undoes,
    }));
    io.out(`${JSON.stringify(listed, null, 2)}\n`);
    return EXIT.ok;
  }
  io.out(
    table(
      ['BATCH', 'WHEN', 'CONNECTION', 'WHAT', 'STATE', 'COUNTS', 'UNDONE'],
      batches.map((batch) => {
        const counts = countsOf(batch);
        return [
          batch.batchId,
          batch.startedAt,
          connectionName(batch.connectionId),
          whatOf(batch),
          batch.state,
          `created ${counts.created}, updated ${counts.updated}, deleted ${counts.deleted}, skipped ${counts.skipped}, failed ${counts.failed}`,
          undone(batch) === 'no' ? 'no' : `${undone(batch) === 'partly' ? 'partly, ' : ''}by ${batch.undoneBy.join(', ')}`,
        ];
      }),
    ),
  );
  return EXIT.ok;
}

/**
 * Whether the batch is undone: one of its undos finished with nothing failed and no conflict left
 * alone; partly when its undos ended otherwise (what they left is still as the batch made it).
 */
function undoneState(context: CliContext, batch: BatchSummary, batches: readonly BatchSummary[]): 'undone' | 'partly' | 'no' {
  if (batch.undoneBy.length === 0) return 'no';
  const finished = new Set(batches.filter((other) => other.state === 'finished').map((other) => other.batchId));
  const complete = batch.undoneBy.some((undoId) => {
    const totals = context.services.undo.totals(undoId);
    return finished.has(undoId) && totals.ok && totals.value.failed === 0 && totals.value.conflicts === 0;
  });
  return complete ? 'undone' : 'partly';
}

const registeredWords = (registered: boolean | null): string =>
  registered === null ? '' : registered ? ', registered now' : ', not registered';

const fieldLine = (field: UndoField): string =>
  field.secret
    ? `    ${field.path}: changed (hidden) → as before\n`
    : `    ${field.path}: ${shownValue(field.now)} → ${shownValue(field.back)}\n`;

const shownValue = (value: string | null): string => (value === null ? '(none)' : JSON.stringify(value));

/** One item as the plan prints it: what it does to which document, each field now → back, its conflict, its note. */
function itemLines(item: UndoItem, includeConflicts: boolean): string {
  const head = `${item.action.padEnd(8)} ${RESOURCE_NAMES[item.resource]} "${item.name}" (${item.id}${registeredWords(item.registered)})\n`;
  const conflict = item.conflict
    ? `    conflict: ${item.conflict.message} ${includeConflicts ? 'Undone all the same (--include-conflicts).' : 'Left alone; --include-conflicts undoes it.'}\n`
    : '';
  const note = item.note ? `    ${item.note}\n` : '';
  return head + item.fields.map(fieldLine).join('') + conflict + note;
}

function printPlan(context: CliContext, plan: UndoPlan, connection: Connection, includeConflicts: boolean): void {
  const { io } = context;
  const { counts } = plan;
  io.out(
    `Undo of “${plan.batchName}” (${plan.batchId}) on ${connection.name}: delete ${counts.delete}, restore ${counts.restore}, recreate ${counts.recreate}, nothing ${counts.nothing}, conflicts ${counts.conflicts}\n`,
  );
  if (plan.undoneBy.length > 0) io.out(`Already undone by ${plan.undoneBy.join(', ')}: what is back as before needs nothing now.\n`);
  io.out(
    `Passwords and PINs from before are sealed with a key kept ${plan.sealedWith === 'memory' ? "in this run's memory (no keychain here: a later run cannot open them)" : 'in the keychain'}.\n`,
  );
  if (plan.unreadableSecrets > 0) {
    io.out(
      `${plan.unreadableSecrets} ${plan.unreadableSecrets === 1 ? 'item has a password or PIN' : 'items have passwords or PINs'} from before that cannot be read here; see the notes.\n`,
    );
  }
  for (const item of plan.items) io.out(itemLines(item, includeConflicts));
}

/** What the plan would do, in the words of the last line. */
function plannedTotals(plan: UndoPlan, includeConflicts: boolean): UndoTotals {
  const runs = (item: UndoItem) => item.action !== 'nothing' && (item.conflict === null || includeConflicts);
  const count = (action: UndoItem['action']) => plan.items.filter((item) => item.action === action && runs(item)).length;
  return {
    restored: count('restore'),
    deleted: count('delete'),
    recreated: count('recreate'),
    conflicts: includeConflicts ? 0 : plan.counts.conflicts,
    failed: 0,
  };
}

/** The batch's own connection unless one is given: an undo acts on the account the batch changed. */
async function connectionFor(context: CliContext, batchId: string, profile: string | undefined): Promise<Connection> {
  const results = context.services.imports.results(batchId);
  if (!results.ok) throw new UsageError(`No batch ${batchId} on this computer. See audian-provision batches list.`);
  const given = givenConnection(context, profile);
  if (given) return open(context, given);
  const { connectionId } = results.value.progress;
  if (isEnvironmentConnectionId(connectionId)) {
    throw new UsageError(
      `Batch ${batchId} was run with AUDIAN_* variables, not a saved connection: set the same AUDIAN_BASE_URL, AUDIAN_ACCOUNT_ID and AUDIAN_API_KEY to undo it.`,
    );
  }
  return open(context, { kind: 'saved', id: connectionId });
}

async function undoCommand(
  context: CliContext,
  batchId: string,
  options: { profile?: string; dryRun: boolean; yes: boolean; includeConflicts: boolean; acceptCharges: boolean },
): Promise<ExitCode> {
  const { io, services } = context;
  if (!BATCH_ID.test(batchId)) throw new UsageError(`${batchId}: a batch id is 32 hexadecimal characters (see batches list).`);
  const connection = await connectionFor(context, batchId, options.profile);
  const plan = valueOf(await services.undo.plan(connection, batchId));
  printPlan(context, plan, connection, options.includeConflicts);
  if (options.dryRun) {
    io.out(`${undoTotalsLine(plannedTotals(plan, options.includeConflicts))}\n`);
    return EXIT.ok;
  }
  const planned = plannedTotals(plan, options.includeConflicts);
  const toSend = planned.restored + planned.deleted + planned.recreated;
  if (toSend === 0) {
    // An undo batch that sends nothing would only list the batch as undone by it.
    io.err(
      `Nothing to undo: nothing was sent.${planned.conflicts > 0 ? ' The conflicts are left alone; --include-conflicts undoes them.' : ''}\n`,
    );
    io.out(`${undoTotalsLine(planned)}\n`);
    return planned.conflicts > 0 ? EXIT.refused : EXIT.ok;
  }
  if (toSend > 0 && !options.yes) {
    if (!interactive())
      throw new UsageError('Nothing sent: there is nobody at a terminal to confirm the undo. Check it with --dry-run, then add --yes.');
    const question = `Delete ${planned.deleted}, restore ${planned.restored} and re-create ${planned.recreated} on ${connection.name}?`;
    if (!(await confirm(question))) throw new UsageError('Nothing sent. Add --yes to run without this question.');
  }
  const includeConflicts = options.includeConflicts ? plan.items.filter((item) => item.conflict).map((item) => item.key) : [];
  const started = valueOf(await services.undo.start(connection, { batchId, planId: plan.planId, includeConflicts }));
  io.err(`Batch ${started.batchId} undoes ${batchId} (resume with import --resume --batch ${started.batchId}; the app lists it too)\n`);
  // A re-create is a create: a server that bills new documents asks once, as for an import.
  // A batch stopped by a fatal error (its journal could not be written) still ends with the totals of what it did.
  const stopped = await followBatch(context, started, options.acceptCharges).then(
    () => null,
    (error: unknown) => {
      if (error instanceof CommandFailed) return error;
      throw error;
    },
  );
  const { rows } = valueOf(services.imports.results(started.batchId));
  for (const row of rows) {
    for (const resource of row.resources) {
      if (resource.error && (resource.outcome === 'failed' || resource.outcome === 'not_sent')) {
        io.err(`${row.name}: ${resource.label}: ${resource.error.message}\n`);
      }
    }
  }
  const totals = valueOf(services.undo.totals(started.batchId));
  if (stopped) io.err(`${stopped.message}\n`);
  io.out(`${undoTotalsLine(totals)}\n`);
  return stopped || totals.failed > 0 || totals.conflicts > 0 ? EXIT.refused : EXIT.ok;
}

export async function batchesCommand(context: CliContext, args: string[]): Promise<ExitCode> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      json: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean' },
      'include-conflicts': { type: 'boolean' },
      'accept-charges': { type: 'boolean' },
    },
  });
  switch (sub) {
    case 'list':
      if (positionals.length > 0) throw new UsageError(`batches list takes no arguments.\n${USAGE}`);
      return listCommand(context, values.json === true);
    case 'undo': {
      const [batchId, ...extra] = positionals;
      if (!batchId || extra.length > 0) throw new UsageError(`batches undo needs exactly one BATCH_ID.\n${USAGE}`);
      return undoCommand(context, batchId, {
        profile: values.profile,
        dryRun: values['dry-run'] === true,
        yes: values.yes === true,
        includeConflicts: values['include-conflicts'] === true,
        acceptCharges: values['accept-charges'] === true,
      });
    }
    default:
      throw new UsageError(`${sub === undefined ? 'batches needs list or undo.' : `Unknown batches command "${sub}".`}\n${USAGE}`);
  }
}
