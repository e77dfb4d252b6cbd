import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request, type Agent } from 'undici';

/**
 * One measured target. `ratio` is always median / bound; `meets` says whether that is on the
 * right side of the bound (a time must stay under it, a throughput reach it).
 */
export interface BenchResult {
  name: string;
  median: number;
  unit: string;
  bound: number;
  ratio: number;
  meets: boolean;
  /** Measured for comparison (what another tool does), not against a target of ours. */
  reference?: boolean;
  /** The runs behind the median: how many, and the fastest and slowest of them. */
  spread?: { runs: number; min: number; max: number };
  extra?: Record<string, number>;
}

export const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank percentile, `share` between 0 and 1. */
export function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

/**
 * A result against a bound: `lower` for times (stay under), `higher` for throughputs (reach).
 * Given every run's value it reports their median and spread; given one value, that value.
 */
export function against(
  name: string,
  value: number | readonly number[],
  unit: string,
  bound: number,
  better: 'lower' | 'higher',
  extra?: Record<string, number>,
): BenchResult {
  const values = typeof value === 'number' ? [value] : value;
  const middle = median(values);
  const ratio = Number((middle / bound).toFixed(3));
  return {
    name,
    median: Number(middle.toFixed(2)),
    unit,
    bound,
    ratio,
    meets: better === 'lower' ? ratio <= 1 : ratio >= 1,
    ...(values.length > 1
      ? { spread: { runs: values.length, min: Number(Math.min(...values).toFixed(2)), max: Number(Math.max(...values).toFixed(2)) } }
      : {}),
    ...(extra ? { extra } : {}),
  };
}

/**
 * A reference row: another way of doing the job, timed against the same bound so the ratios
 * compare. It has no target to miss, so `meets` is true and `reference` says why.
 */
export function reference(
  name: string,
  value: number | readonly number[],
  unit: string,
  bound: number,
  extra?: Record<string, number>,
): BenchResult {
  return { ...against(name, value, unit, bound, 'lower', extra), meets: true, reference: true };
}

/** Starts `tsx main/sandbox/cli.ts` in its own process, as `npm run sandbox` does, and reads the lines it prints. */
export async function launchSandbox(args: string[]): Promise<{ lines: Record<string, string>; stop: () => Promise<void> }> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'main', 'sandbox', 'cli.ts'), ...args], {
    // The sandbox logs every registration on stderr: thousands of lines that would bury the table.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout })) {
    const at = line.indexOf('=');
    lines[line.slice(0, at)] = line.slice(at + 1);
    if ('PASSWORD' in lines) break;
  }
  if (!lines['SANDBOX_URL'] || !lines['ACCOUNT_ID'] || !lines['API_KEY']) throw new Error('the sandbox did not start');
  return {
    lines,
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A sandbox a bench started as a child process: where it listens and how to sign in. */
export interface BenchSandbox {
  url: string;
  apiKey: string;
  accountId: string;
}

/** Signs in with the sandbox's API key, as the tools the benches compare against do, and returns the token. */
export async function logIn(sandbox: BenchSandbox, dispatcher: Agent): Promise<string> {
  const auth = await request(`${sandbox.url}/v2/api_auth`, {
    method: 'PUT',
    body: JSON.stringify({ data: { api_key: sandbox.apiKey } }),
    dispatcher,
  });
  const { auth_token: token } = (await auth.body.json()) as { auth_token?: string };
  if (!token) throw new Error(`api_auth answered ${auth.statusCode}`);
  return token;
}
