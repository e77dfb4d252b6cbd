import { closeSync, existsSync, fstatSync, openSync, renameSync, statSync, writeSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import type { AuditIntent, AuditOutcome } from '../../common/audit';
import { ensurePrivateDir } from '../private-dir';

export const AUDIT_CURRENT_FILE = 'audit.jsonl';
/** Rotated files sort by the time they were closed: `audit-20261206T231500123Z.jsonl`. */
export const AUDIT_ROTATED_FILE = /^audit-\d{8}T\d{9}Z(?:-\d+)?\.jsonl$/;

/** A record's first line, written before the request, says who changes what. */
export type AuditBeginLine = { kind: 'begin'; at: string } & AuditIntent & {
    connectionId: string;
    connectionName: string;
    accountId: string;
    desktopUser: string;
  };
/** A record's second line, written after the answer. */
export type AuditEndLine = { kind: 'end'; id: string; at: string; outcome: AuditOutcome };
export type AuditLine = AuditBeginLine | AuditEndLine;
export const DEFAULT_ROTATE_BYTES = 5 * 1024 * 1024;

/**
 * A file's identity across renames: its volume, its number and when it was created. The number
 * alone is not enough: NTFS and ReFS file ids pass 2^53 (so they are read as bigints), and a file
 * system may give a deleted file's number to the next file created, which its birth time tells apart.
 */
export const fileIdentityOf = (stats: BigIntStats): string => `${stats.dev}:${stats.ino}:${stats.birthtimeNs}`;

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

  append(line: AuditLine): void {
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
    if (this.fd === undefined || this.renamedAside()) this.open();
    if (this.size > 0 && this.size + bytes.length > this.rotateBytes) this.rotate();
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd!, bytes, written, bytes.length - written);
    this.size += bytes.length;
  }

  /** Another process (the CLI) rotated the file this one holds open: later lines belong in the new current file. */
  private renamedAside(): boolean {
    const current = statSync(join(this.dir, AUDIT_CURRENT_FILE), { bigint: true, throwIfNoEntry: false });
    return current === undefined || fileIdentityOf(current) !== fileIdentityOf(fstatSync(this.fd!, { bigint: true }));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    this.close();
    ensurePrivateDir(this.dir);
    const file = join(this.dir, AUDIT_CURRENT_FILE);
    this.fd = openSync(file, 'a', 0o600);
    this.size = statSync(file).size;
  }

  private rotate(): void {
    this.close();
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    let target = join(this.dir, `audit-${stamp}.jsonl`);
    for (let n = 1; existsSync(target); n++) target = join(this.dir, `audit-${stamp}-${n}.jsonl`);
    renameSync(join(this.dir, AUDIT_CURRENT_FILE), target);
    this.open();
  }
}
