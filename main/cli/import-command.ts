import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { normalizeHeader } from '../../common/import/aliases';
import { CANONICAL_COLUMNS } from '../../common/import/columns';
import { loadDraft } from '../../common/import/load';
import type { SavedMapping } from '../../common/import/mapping';
import type { BatchProgress, ImportPlan, RowResult } from '../../common/import/types';
import { newDocumentId } from '../api/devices';
import { journalFileOf } from '../import/batch-store';
import type { BatchSpec } from '../import/operations';
import { planDraft } from '../import/plan-draft';
import { buildReport } from '../import/report';
import { openBatchRunner } from '../import/runner';
import { withSchemaIssues } from '../import/schema-check';
import { connect, connectionOptions, type CliContext } from './context';
import { EXIT, UsageError, type ExitCode } from './exit';
import { confirm, table } from './io';
import { userDataDir } from './user-data';

const USAGE = `Usage:
  audian-provision import FILE.csv [--dry-run] [--mapping FILE.json] [--match mac|sip_username] [--on-existing skip|update]
                                   [--report OUT.csv [--report-passwords]] [--journal FILE [--resume]] [--yes] [--accept-charges] [--profile NAME]`;

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

function progressLine(progress: BatchProgress): string {
  const eta = progress.etaSeconds === null ? '' : `, about ${Math.ceil(progress.etaSeconds)} s left`;
  const rate = progress.ratePerSecond > 0 ? `, ${progress.ratePerSecond.toFixed(1)}/s` : '';
  return `${progress.done}/${progress.total} done (${counts(progress)})${rate}${eta}`;
}

function printPlan(context: CliContext, plan: ImportPlan): void {
  const rows = plan.rows.map((row) => [
    String(row.line),
    row.action,
    row.name,
    row.reason ?? (row.changedColumns.length > 0 ? `changes ${row.changedColumns.join(', ')}` : ''),
  ]);
  context.io.out(table(['ROW', 'ACTION', 'NAME', 'DETAIL'], rows));
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
      report: { type: 'string' },
      'report-passwords': { type: 'boolean' },
      journal: { type: 'string' },
      resume: { type: 'boolean' },
      yes: { type: 'boolean' },
      'accept-charges': { type: 'boolean' },
    },
  });
  const { io } = context;
  const match = values.match;
  const onExisting = values['on-existing'];
  if (match !== 'mac' && match !== 'sip_username') throw new UsageError(`--match must be mac or sip_username, not "${match}".`);
  if (onExisting !== 'skip' && onExisting !== 'update') throw new UsageError(`--on-existing must be skip or update, not "${onExisting}".`);
  if (values.resume && !values.journal) throw new UsageError('--resume needs --journal FILE: the journal of the run to continue.');

  const client = await connect(context, values.profile);
  if (!client.ok) {
    io.err(`${client.error.message}\n`);
    return client.error.kind === 'invalid_request' ? EXIT.usage : EXIT.refused;
  }

  let target: { file: string; spec: BatchSpec } | { file: string };
  if (values.resume) {
    const journal = values.journal as string;
    if (!existsSync(journal)) throw new UsageError(`--journal ${journal}: no such file to resume.`);
    target = { file: journal };
  } else {
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError(`import needs exactly one FILE.csv.\n${USAGE}`);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file}: no such file.`);
    const loaded = loadDraft({
      id: newDocumentId(),
      fileName: path.basename(file),
      bytes: new Uint8Array(readFileSync(file)),
      ...(values.mapping ? { savedMapping: readMapping(values.mapping) } : {}),
    });
    if (!loaded.ok) {
      io.err(`${loaded.message}\n`);
      return EXIT.usage;
    }
    const draft = withSchemaIssues(loaded.draft);
    if (!draft.mapping.includes('name')) {
      io.err(`${file}: no column is mapped to the device name. Name the column "name", or map it with --mapping.\n`);
      return EXIT.usage;
    }
    io.err(
      `${draft.source.fileName}: ${draft.rows.length} rows, ${draft.source.encoding}, delimiter ${JSON.stringify(draft.source.delimiter)}, header on row ${draft.source.headerRow + 1}.\n`,
    );
    if (draft.ignoredColumns.length > 0) io.err(`Ignored columns: ${draft.ignoredColumns.join(', ')}.\n`);
    const planned = await planDraft({ draft, client: client.value, match, onExisting, now: new Date() });
    if (!planned.ok) {
      io.err(`${planned.error.message}\n`);
      return EXIT.refused;
    }
    const plan = planned.value.view;
    const summary = `plan: create ${plan.counts.create}, update ${plan.counts.update}, skip ${plan.counts.skip}, error ${plan.counts.error}`;
    if (values['dry-run']) {
      printPlan(context, plan);
      io.out(`${summary}\n`);
      return plan.counts.error > 0 ? EXIT.refused : EXIT.ok;
    }
    io.err(`${summary}\n`);
    const toSend = plan.counts.create + plan.counts.update;
    if (toSend > 0 && !values.yes && !(await confirm(`Send ${toSend} devices to account ${client.value.accountId}?`))) {
      io.err('Nothing sent. Add --yes to run without this question.\n');
      return EXIT.usage;
    }
    const batchId = newDocumentId();
    const journal = values.journal ?? journalFileOf(path.join(userDataDir(io.env), 'batches'), batchId);
    const journalFile = typeof journal === 'string' ? journal : journal.ok ? journal.value : '';
    if (existsSync(journalFile))
      throw new UsageError(`--journal ${journalFile} already exists. Add --resume to continue that run, or choose another file.`);
    mkdirSync(path.dirname(path.resolve(journalFile)), { recursive: true });
    target = {
      file: journalFile,
      spec: {
        batchId,
        name: `${draft.source.fileName} (command line)`,
        connectionId: 'command-line',
        fileName: draft.source.fileName,
        createdAt: new Date().toISOString(),
        headers: draft.headers,
        mapping: draft.mapping,
        rows: draft.rows,
        operations: planned.value.operations,
      },
    };
  }

  io.err(`Journal: ${target.file} (resume with --journal ${JSON.stringify(target.file)} --resume)\n`);
  let lastLine = 0;
  let charges: Promise<void> | null = null;
  const opened = openBatchRunner(target, {
    client: client.value,
    log: context.log,
    onProgress: (progress) => {
      if (progress.state === 'waiting_for_charges' && !charges) {
        charges = (async () => {
          const accept =
            values['accept-charges'] === true ||
            (await confirm('The server asks to accept charges for new devices. Accept for this whole run?'));
          io.err(
            accept
              ? 'Charges accepted for this run.\n'
              : 'Charges not accepted: the remaining new devices will not be created. (Use --accept-charges.)\n',
          );
          runner.control(accept ? 'accept_charges' : 'decline_charges');
          charges = null;
        })();
      }
      const now = Date.now();
      if (now - lastLine >= 1000 || progress.state === 'finished') {
        lastLine = now;
        io.err(`${progressLine(progress)}\n`);
      }
    },
  });
  if (!opened.ok) {
    io.err(`${opened.error.message}\n`);
    return EXIT.usage;
  }
  const runner = opened.value;
  const result = await runner.run();
  if (!result.ok) {
    io.err(`${result.error.message}\n`);
    return EXIT.refused;
  }
  const { progress, rows } = result.value;
  const failedRows = rows.filter((row: RowResult) => row.outcome === 'failed');
  for (const row of failedRows) io.err(`Row ${row.line} (${row.name}): ${row.error?.message ?? 'failed'}\n`);
  if (values.report) {
    writeFileSync(values.report, buildReport(runner.spec, rows, { includePasswords: values['report-passwords'] === true }).csv, {
      mode: 0o600,
    });
  }
  io.out(`${counts(progress)}\n`);
  return progress.failed > 0 || rows.some((row) => row.outcome === 'pending') ? EXIT.refused : EXIT.ok;
}
