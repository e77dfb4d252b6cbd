import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { strToU8, zip, type AsyncZippable } from 'fflate';
import type { ConnectionsOverview } from '../../common/connections';
import type { BatchSummary } from '../../common/import/types';

/** Enough to see the rollouts of the last days without a year of history. */
export const BUNDLED_BATCHES = 20;
export const BUNDLED_ERRORS = 50;

/** What a support bundle is made of; each part is already free of secrets where it comes from, and checked so by a test. */
export interface SupportBundleSources {
  /** The app's name, version and host, the runtime's versions and the operating system. */
  about: () => Record<string, unknown>;
  /** The saved connections as the window sees them: addresses and methods, never a secret. */
  connections: () => Promise<ConnectionsOverview>;
  /** The batches run on this computer, as the window lists them: counts and states, not the journals. */
  batches: () => BatchSummary[];
  /** The folder of the log files (main.log, cli.log and their rotated files), redacted as they were written. */
  logDir: string;
  now: () => Date;
}

export interface SupportBundle {
  zip: Uint8Array;
  /** The names inside the zip. */
  files: string[];
}

async function readLogs(logDir: string): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = (await readdir(logDir)).filter((name) => name.endsWith('.log')).sort();
  } catch {
    return new Map(); // no log written yet on this computer
  }
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(logDir, name), 'utf8')] as const)));
}

/** The newest error lines of every log, oldest first: what a support engineer reads first. */
function lastErrors(logs: Map<string, string>): unknown[] {
  const errors: Array<{ at: string; line: Record<string, unknown> }> = [];
  for (const [file, text] of logs) {
    for (const raw of text.split('\n')) {
      if (!raw.includes('"level":"error"')) continue;
      try {
        const line = JSON.parse(raw) as Record<string, unknown>;
        if (line['level'] === 'error') errors.push({ at: String(line['at']), line: { file, ...line } });
      } catch {
        // a line cut short by a crash or a full disk: the log file itself still holds it
      }
    }
  }
  return errors
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-BUNDLED_ERRORS)
    .map((error) => error.line);
}

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/** Zips the bundle off the main thread (fflate deflates in a worker). */
function zipped(files: AsyncZippable): Promise<Uint8Array> {
  return new Promise((resolve, reject) => zip(files, { level: 6 }, (error, data) => (error ? reject(error) : resolve(data))));
}

export async function buildSupportBundle(sources: SupportBundleSources): Promise<SupportBundle> {
  const logs = await readLogs(sources.logDir);
  const batches = [...sources.batches()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, BUNDLED_BATCHES);
  const files: AsyncZippable = {
    'about.json': json({ createdAt: sources.now().toISOString(), ...sources.about() }),
    'connections.json': json(await sources.connections()),
    'batches.json': json(batches),
    'last-errors.json': json(lastErrors(logs)),
  };
  for (const [name, text] of logs) files[`logs/${name}`] = strToU8(text);
  return { zip: await zipped(files), files: Object.keys(files) };
}
