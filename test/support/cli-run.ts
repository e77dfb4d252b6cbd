import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIo } from '../../main/cli/io';
import type { Sandbox } from '../../main/sandbox/server';

export interface CapturedRun {
  io: CliIo;
  out: () => string;
  err: () => string;
  /** The summary line a script reads last. */
  lastLine: () => string | undefined;
}

/** The CLI's terminal in memory, with a home folder of its own and the given environment. */
export function capturedRun(env: NodeJS.ProcessEnv, stdin = ''): CapturedRun {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readStdin: async () => stdin,
    env: { AUDIAN_HOME: mkdtempSync(path.join(os.tmpdir(), 'audian-cli-')), ...env },
  };
  return { io, out: () => out.join(''), err: () => err.join(''), lastLine: () => out.join('').trim().split('\n').at(-1) };
}

/** The connection a script gives through the environment, aimed at a sandbox. */
export const sandboxEnv = (sb: Sandbox): NodeJS.ProcessEnv => ({
  AUDIAN_BASE_URL: sb.url,
  AUDIAN_ACCOUNT_ID: sb.account.id,
  AUDIAN_API_KEY: sb.credentials.apiKey,
});
