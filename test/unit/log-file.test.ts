import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log';
import { openLogFile } from '../../main/log-file';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'log-file-'));
const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
/** Every line of the log, oldest first: the highest rotated file down to the current one. */
const allLines = (dir: string, name: string, keep: number) =>
  [...Array.from({ length: keep }, (_, index) => `${name}.${keep - index}.log`), `${name}.log`]
    .filter((file) => readdirSync(dir).includes(file))
    .flatMap((file) => linesOf(path.join(dir, file)));

describe('rotated log file', () => {
  it('writes every line in order and keeps them all once closed', async () => {
    const dir = tempDir();
    const file = openLogFile({ dir, name: 'main' });
    for (let n = 0; n < 2000; n += 1) file.write(`line ${n}`);
    await file.close();
    expect(linesOf(path.join(dir, 'main.log'))).toEqual(Array.from({ length: 2000 }, (_, n) => `line ${n}`));
    if (process.platform !== 'win32') expect(statSync(path.join(dir, 'main.log')).mode & 0o777).toBe(0o600);
  });

  it('rotates past the size, keeps only the newest files, and loses no line of what it keeps', async () => {
    const dir = tempDir();
    const file = openLogFile({ dir, name: 'main', maxBytes: 1000, keep: 2 });
    const line = (n: number) => `line ${String(n).padStart(4, '0')} ${'x'.repeat(89)}`; // 100 bytes with its newline
    for (let n = 0; n < 45; n += 1) file.write(line(n));
    await file.close();

    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const name of readdirSync(dir)) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(1000);
    const kept = allLines(dir, 'main', 2);
    const first = Number(kept[0]!.slice(5, 9));
    expect(first).toBe(20); // rotated at 10, 20, 30 and 40 lines: the first two files' lines were dropped
    expect(kept).toEqual(Array.from({ length: 45 - first }, (_, n) => line(first + n)));
  });

  it('never throws when the disk refuses, tells once, and writes again when it can', async () => {
    const dir = tempDir();
    const blocked = path.join(dir, 'not-a-folder');
    writeFileSync(blocked, '');
    const errors: Error[] = [];
    const file = openLogFile({ dir: blocked, name: 'main', onError: (error) => errors.push(error) });
    expect(() => file.write('lost')).not.toThrow();
    await expect.poll(() => errors.length).toBe(1);

    rmSync(blocked);
    mkdirSync(blocked);
    file.write('kept');
    await expect(file.close()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(linesOf(path.join(blocked, 'main.log'))).toEqual(['kept']);
  });

  it('ignores lines written after it closed, without throwing', async () => {
    const dir = tempDir();
    const file = openLogFile({ dir, name: 'cli' });
    file.write('before');
    await file.close();
    expect(() => file.write('after')).not.toThrow();
    expect(linesOf(path.join(dir, 'cli.log'))).toEqual(['before']);
  });

  it('carries the logger’s lines with their time and level, secrets still redacted', async () => {
    const dir = tempDir();
    const file = openLogFile({ dir, name: 'main' });
    const log = createLogger(file.write);
    const apiKey = 'a'.repeat(24) + 'APIKEY';
    log.protect(apiKey);
    log.info('connection.checked', { url: `https://pbx.example/?key=${apiKey}` });
    log.error('request.failed', { password: 'hunter22', token: 'eyJhbGciOi.eyJzdWIiOjF9.c2lnbmF0dXJl' });
    await file.close();

    const text = readFileSync(path.join(dir, 'main.log'), 'utf8');
    expect(text).not.toMatch(new RegExp(`${apiKey}|hunter22|eyJhbGciOi`));
    const [info, error] = linesOf(path.join(dir, 'main.log')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(info).toMatchObject({ level: 'info', event: 'connection.checked' });
    expect(error).toMatchObject({ level: 'error', event: 'request.failed', password: '[redacted]', token: '[redacted]' });
    expect(Date.parse(String(info!['at']))).not.toBeNaN();
  });
});
