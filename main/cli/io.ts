import { chmodSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
/** Where a command writes: injected so tests run commands in-process and read what they printed. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** All of standard input (for --api-key-stdin and --password-stdin). */
  readStdin(): Promise<string>;
  env: NodeJS.ProcessEnv;
}

/**
 * Resolves once everything written to the stream so far has been handed to the system: writes
 * are queued in order, so an empty write's callback comes after them. A reader that went away
 * (`| head`) ends the wait too.
 */
export function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    stream.write('', () => resolve());
  });
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin: async () => {
    if (process.stdin.isTTY) return '';
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  env: process.env,
};

/** A file only its owner may read: reports and exports can hold SIP credentials. The mode is set again for a file that was already there. */
export function writeFileOwnerOnly(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** "1 device", "25 devices". */
export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Columns padded to their widest cell, for terminals. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** Whether a question can be asked: someone is at a terminal, not a script or a pipe. */
export const interactive = (): boolean => process.stdin.isTTY === true;

/** A yes/no question on the terminal; never yes when nobody is there to answer (scripts, CI). */
export async function confirm(question: string): Promise<boolean> {
  if (!interactive()) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}
