/**
 * A script reads the CLI through a pipe and takes its last line as the answer. The real command
 * runs in a process of its own with its output piped here: a dry run of 50,000 rows prints a
 * table of several megabytes, far more than a pipe holds, and every line must arrive, the
 * summary last, however the process ends.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { sandboxEnv } from '../../support/cli-run';

const ROOT = path.join(import.meta.dirname, '../../..');
const ROWS = 50_000;
/** A cold start of node, tsx and the CLI, then reading and planning 50,000 rows, on a busy 2-core machine. */
const TIMEOUT_MS = 120_000;

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 21 });
});
afterAll(async () => {
  await sb.close();
});

describe('audian-provision output through a pipe', () => {
  it(
    `delivers every line of a ${ROWS.toLocaleString('en')}-row dry run, the summary last`,
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-pipe-'));
      const csv = path.join(dir, 'big.csv');
      const rows = Array.from(
        { length: ROWS },
        (_, index) => `Desk phone ${index},${(0x001565000000 + index).toString(16).padStart(12, '0')},site_${index}`,
      );
      writeFileSync(csv, ['name,mac_address,sip_username', ...rows].join('\n'));
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main/cli.ts'), 'import', csv, '--dry-run'], {
        cwd: ROOT,
        env: { ...process.env, ...sandboxEnv(sb), AUDIAN_HOME: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      const [code] = await once(child, 'close');
      expect(code, err).toBe(0);
      const lines = Buffer.concat(out).toString('utf8').trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ROW\s+ACTION\s+NAME\s+DETAIL/);
      expect(lines).toHaveLength(ROWS + 2);
      expect(lines.at(-1)).toBe(`plan: create ${ROWS}, update 0, skip 0, error 0`);
    },
    TIMEOUT_MS,
  );
});
