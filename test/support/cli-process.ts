import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, fstatSync, openSync, readdirSync, readSync, watch } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '../..');

/** Lines of one kind (`done`: answered steps) in a journal so far; reads only what was added since the last call. */
function lineCounter(kind: string): (file: string) => number {
  let offset = 0;
  let partial = '';
  let done = 0;
  return (file) => {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return done; // not created yet
    }
    try {
      const size = fstatSync(fd).size;
      if (size > offset) {
        const buffer = Buffer.alloc(size - offset);
        readSync(fd, buffer, 0, buffer.length, offset);
        offset = size;
        const lines = (partial + buffer.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        done += lines.filter((line) => line.startsWith(`{"kind":"${kind}"`)).length;
      }
    } finally {
      closeSync(fd);
    }
    return done;
  };
}

/**
 * Where a run's journal is: a file named on the command line, or the one batch in the app's batch
 * folder that is not among `earlier` (the files of batches run before it, by name).
 */
export type JournalLocation = { file: string } | { batchesDir: string; earlier?: string[] };

function journalOf(location: JournalLocation): string | undefined {
  if ('file' in location) return location.file;
  try {
    const name = readdirSync(location.batchesDir).find((entry) => entry.endsWith('.jsonl') && !location.earlier?.includes(entry));
    return name ? path.join(location.batchesDir, name) : undefined;
  } catch {
    return undefined; // the folder is made when the first batch starts
  }
}

/**
 * Runs the CLI in a process of its own (node with tsx's loader, not the tsx command: that one runs
 * the script in a grandchild, which would outlive the SIGKILL and go on importing beside a
 * resume) and kills it with SIGKILL once its journal holds `killAt` answered rows.
 */
export function runCliUntilKilled(args: string[], env: NodeJS.ProcessEnv, journal: JournalLocation, killAt: number): Promise<void> {
  return runUntilKilled('main/cli.ts', args, env, journal, killAt);
}

/**
 * Runs a script of the repository (`script`, relative to its root) as runCliUntilKilled runs the
 * CLI, and kills it once its journal holds `killAt` lines of `kind` (`done`: answered steps;
 * `deleting`: a rollback's DELETEs about to be sent).
 */
export async function runUntilKilled(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  journal: JournalLocation,
  killAt: number,
  kind = 'done',
): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(child, 'exit');
  const done = lineCounter(kind);
  const watched = 'file' in journal ? path.dirname(journal.file) : path.dirname(journal.batchesDir);
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      const file = journalOf(journal);
      if (!file || done(file) < killAt) return;
      watcher.close();
      child.off('exit', onExit);
      resolve();
    };
    // The batch folder is watched through its parent until it exists, then as itself.
    const watcher = watch(watched, { recursive: true }, check);
    const onExit = (code: number | null): void => {
      watcher.close();
      reject(new Error(`the import ended by itself (code ${code}) before ${killAt} "${kind}" lines:\n${stderr}`));
    };
    child.once('exit', onExit);
  });
  child.kill('SIGKILL');
  const [, signal] = await exited;
  if (signal !== 'SIGKILL') throw new Error(`${script} ended with ${String(signal)} instead of being killed`);
}
