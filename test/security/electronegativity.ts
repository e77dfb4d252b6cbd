/**
 * `npm run security:electron`: runs Doyensec's electronegativity over the app's sources and
 * compares its findings with the committed baseline (docs/electronegativity-baseline.json). A
 * finding that is not in the baseline fails the run; each baseline entry must be explained in
 * docs/SECURITY.md. `--write-baseline` rewrites the baseline from the current findings.
 *
 * The scanner is called through its own runner, as its command line does, but in-process: its
 * command line downloads translations and Electron's release list on every run, and neither this
 * machine nor CI has the network for it. Checks that need that list are left out.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '../..');
const BASELINE_FILE = path.join(ROOT, 'docs/electronegativity-baseline.json');
const SECURITY_DOC = path.join(ROOT, 'docs/SECURITY.md');
/** What ships: the shell and services, the preload and the renderer (with its HTML and its CSP). */
const SCANNED_FOLDERS = ['main', 'preload', 'renderer'];
const SKIPPED_FOLDERS = new Set(['node_modules']);
/** Needs Electron's release list from the network; Electron upgrades are tracked with the dependencies. */
const OFFLINE_EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

interface ScannerIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  sample?: string;
  description: string;
  severity: { name: string };
  confidence: { name: string };
  manualReview: boolean;
}

interface ScannerResult {
  issues: ScannerIssue[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
}

/** A finding as the baseline keeps it: stable across edits elsewhere in the file (no line numbers). */
export interface Finding {
  check: string;
  file: string;
  code: string;
}

const keyOf = (finding: Finding) => `${finding.check} ${finding.file} ${finding.code}`;

function loadScanner(): (options: Record<string, unknown>, forCli: boolean) => Promise<ScannerResult> {
  const scannerRequire = createRequire(createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json'));
  // Its translations are fetched with `got`; answering "not found" at once keeps the bundled English.
  const gotPath = scannerRequire.resolve('got');
  const offline = new Module(gotPath);
  offline.loaded = true;
  offline.exports = { __esModule: true, default: () => Promise.resolve({ statusCode: 404, body: '' }) };
  scannerRequire.cache[gotPath] = offline;
  const runner = scannerRequire('./dist/runner.js') as { default?: unknown };
  return (runner.default ?? runner) as ReturnType<typeof loadScanner>;
}

/** The sources, copied to one folder so the scanner's global checks see the whole app at once. */
function stageSources(): string {
  const stage = mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
  for (const folder of SCANNED_FOLDERS) {
    cpSync(path.join(ROOT, folder), path.join(stage, folder), {
      recursive: true,
      filter: (source) => !SKIPPED_FOLDERS.has(path.basename(source)),
    });
  }
  return stage;
}

export async function scan(): Promise<{ findings: Finding[]; issues: ScannerIssue[] }> {
  const electronVersion = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string })
    .version;
  const run = loadScanner();
  const stage = stageSources();
  try {
    const result = await run(
      {
        input: stage,
        isRelative: true,
        electronVersionOverride: electronVersion,
        customScan: [],
        excludeFromScan: OFFLINE_EXCLUDED_CHECKS,
        parserPlugins: [],
      },
      false,
    );
    const unparsed = result.errors.filter((error) => !error.tolerable);
    if (unparsed.length > 0) {
      throw new Error(
        `electronegativity could not read ${unparsed.length} file(s), so they were not checked:\n${unparsed
          .map((error) => `  ${error.file}: ${error.message}`)
          .join('\n')}`,
      );
    }
    const findings = result.issues.map((issue) => ({
      check: issue.id,
      file: issue.file.split(path.sep).join('/'),
      code: (issue.sample ?? '').replace(/\s+/g, ' ').trim().slice(0, 200),
    }));
    return { findings, issues: result.issues };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function readBaseline(): Finding[] {
  if (!existsSync(BASELINE_FILE)) return [];
  return (JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as { findings: Finding[] }).findings;
}

/** Multiset difference: a finding that occurs twice needs two baseline entries. */
function missingFrom(items: readonly Finding[], from: readonly Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const item of from) left.set(keyOf(item), (left.get(keyOf(item)) ?? 0) + 1);
  return items.filter((item) => {
    const count = left.get(keyOf(item)) ?? 0;
    if (count === 0) return true;
    left.set(keyOf(item), count - 1);
    return false;
  });
}

async function main(): Promise<number> {
  const { findings, issues } = await scan();
  const sorted = [...findings].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  if (process.argv.includes('--write-baseline')) {
    writeFileSync(BASELINE_FILE, `${JSON.stringify({ tool: '@doyensec/electronegativity', findings: sorted }, null, 2)}\n`);
    console.log(`Wrote ${sorted.length} finding(s) to ${path.relative(ROOT, BASELINE_FILE)}; explain each in docs/SECURITY.md.`);
    return 0;
  }
  const baseline = readBaseline();
  const added = missingFrom(findings, baseline);
  const gone = missingFrom(baseline, findings);
  const doc = existsSync(SECURITY_DOC) ? readFileSync(SECURITY_DOC, 'utf8') : '';
  const unexplained = baseline.filter((entry) => !doc.includes(entry.check));

  console.log(`electronegativity: ${findings.length} finding(s), ${baseline.length} in the baseline.`);
  for (const finding of added) {
    const issue = issues.find((candidate) => candidate.id === finding.check && candidate.file.split(path.sep).join('/') === finding.file);
    const where = issue ? `${finding.file}:${issue.location.line}:${issue.location.column}` : finding.file;
    console.error(`NEW  ${finding.check} at ${where}\n     ${finding.code}\n     ${issue?.description ?? ''}`);
  }
  for (const entry of gone) console.log(`GONE ${entry.check} ${entry.file}: no longer found; remove it from the baseline.`);
  for (const entry of unexplained) console.error(`UNEXPLAINED ${entry.check}: the baseline keeps it, docs/SECURITY.md does not say why.`);
  if (added.length > 0)
    console.error(`\n${added.length} new finding(s): fix them, or add them to the baseline and explain them in docs/SECURITY.md.`);
  return added.length > 0 || unexplained.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
