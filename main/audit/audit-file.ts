import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../private-dir';

const CURRENT = 'audit.jsonl';
/** Rotated files sort by the time they were closed: `audit-20261206T231500123Z.jsonl`. */
const ROTATED = /^audit-\d{8}T\d{9}Z(?:-\d+)?\.jsonl$/;
export const DEFAULT_ROTATE_BYTES = 5 * 1024 * 1024;

/**
 * One account's audit log: append-only JSON lines in its own folder, the current file renamed
 * aside (never deleted) once it passes `rotateBytes`. Each line reaches the kernel with a
 * synchronous write before `append` returns, so a crash or kill -9 right after loses nothing.
 */
export class AuditFile {
  private fd: number | undefined;
  private size = 0;

  constructor(
    readonly dir: string,
    private readonly rotateBytes: number = DEFAULT_ROTATE_BYTES,
  ) {}

  append(line: object): void {
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
    if (this.fd === undefined) this.open();
    if (this.size > 0 && this.size + bytes.length > this.rotateBytes) this.rotate();
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd!, bytes, written, bytes.length - written);
    this.size += bytes.length;
  }

  /** Every line of every file, oldest file first; a line torn by a crash is skipped. */
  readAll(): unknown[] {
    if (!existsSync(this.dir)) return [];
    const files = readdirSync(this.dir)
      .filter((name) => ROTATED.test(name))
      .sort();
    if (existsSync(join(this.dir, CURRENT))) files.push(CURRENT);
    return files.flatMap((name) =>
      readFileSync(join(this.dir, name), 'utf8')
        .split('\n')
        .flatMap((text) => {
          if (text === '') return [];
          try {
            return [JSON.parse(text) as unknown];
          } catch {
            return [];
          }
        }),
    );
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    ensurePrivateDir(this.dir);
    const file = join(this.dir, CURRENT);
    this.fd = openSync(file, 'a', 0o600);
    this.size = statSync(file).size;
  }

  private rotate(): void {
    this.close();
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    let target = join(this.dir, `audit-${stamp}.jsonl`);
    for (let n = 1; existsSync(target); n++) target = join(this.dir, `audit-${stamp}-${n}.jsonl`);
    renameSync(join(this.dir, CURRENT), target);
    this.open();
  }
}
