import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { takeCoverage } from 'node:v8';
import { CoverageReport, type V8CoverageEntry } from 'monocart-coverage-reports';
import { coverageOptions, isAppScriptUrl } from './options';

/**
 * The app code this process ran, as V8 compiled it. Test runners compile TypeScript in memory
 * (vite for vitest, babel for Playwright), and V8's offsets point into that compiled text, which
 * carries its own inline source map back to the .ts file.
 */
async function compiledAppScripts(): Promise<Map<string, string>> {
  const session = new Session();
  session.connect();
  const appScripts: string[] = [];
  session.on('Debugger.scriptParsed', ({ params }) => {
    if (isAppScriptUrl(params.url)) appScripts.push(params.scriptId);
  });
  // Enabling the debugger reports every script already parsed.
  await session.post('Debugger.enable');
  const sources = new Map<string, string>();
  for (const scriptId of appScripts) {
    const { scriptSource } = await session.post('Debugger.getScriptSource', { scriptId });
    sources.set(scriptId, scriptSource);
  }
  await session.post('Debugger.disable');
  session.disconnect();
  return sources;
}

/**
 * Adds what this process ran of the app to the coverage report. The counts come from
 * NODE_V8_COVERAGE, which counts from the process's first line (a profiler started later would
 * miss every module's top level); `takeCoverage` writes them now, since test workers are ended
 * without a graceful exit.
 */
export async function addNodeCoverage(): Promise<void> {
  const dir = process.env.NODE_V8_COVERAGE;
  if (!dir) throw new Error('NODE_V8_COVERAGE is not set: run coverage through `npm run coverage`.');
  const sources = await compiledAppScripts();
  takeCoverage();
  const ownFiles = readdirSync(dir).filter((name) => name.startsWith(`coverage-${process.pid}-`));
  const entries: V8CoverageEntry[] = [];
  for (const name of ownFiles) {
    const file = path.join(dir, name);
    const { result } = JSON.parse(readFileSync(file, 'utf8')) as { result: V8CoverageEntry[] };
    // takeCoverage restarts the counts, so each file holds runs no other file holds: read it once.
    rmSync(file);
    for (const entry of result) {
      const source = entry.scriptId === undefined ? undefined : sources.get(entry.scriptId);
      if (source !== undefined) entries.push({ ...entry, source });
    }
  }
  // A test file that loads no app code (the layering rules, the packaging config) has nothing to add.
  if (entries.length > 0) await new CoverageReport(coverageOptions).add(entries);
}
