import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '../../common/audit';
import { AUDIT_CURRENT_FILE, AUDIT_ROTATED_FILE, type AuditLine } from './audit-file';

/**
 * One account's audit records, folded once and kept: each call reads only the bytes the files
 * gained since the last (History reads again on every change, and the log only grows). Files are
 * known by inode, so a file another process (the CLI) renamed aside in a rotation goes on from
 * where it stopped, and a line a writer still holding it appends there is read too.
 */
export class AuditReader {
  private readonly records = new Map<string, AuditRecord>();
  /** Bytes folded so far, by inode. */
  private readonly folded = new Map<number, number>();

  constructor(private readonly dir: string) {}

  /** Every record, in the order first written. */
  all(): AuditRecord[] {
    if (!existsSync(this.dir)) return [];
    const names = readdirSync(this.dir)
      .filter((name) => AUDIT_ROTATED_FILE.test(name))
      .sort();
    if (existsSync(join(this.dir, AUDIT_CURRENT_FILE))) names.push(AUDIT_CURRENT_FILE);
    for (const name of names) {
      const path = join(this.dir, name);
      const { ino, size } = statSync(path);
      const from = this.folded.get(ino) ?? 0;
      if (size > from) this.folded.set(ino, this.fold(path, from));
    }
    return [...this.records.values()];
  }

  /** Folds the whole lines after `from`; answers where the next read starts (a line still being written waits). */
  private fold(path: string, from: number): number {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= from) return from;
      const bytes = Buffer.alloc(size - from);
      let read = 0;
      while (read < bytes.length) {
        const got = readSync(fd, bytes, read, bytes.length - read, from + read);
        if (got === 0) break;
        read += got;
      }
      const complete = bytes.subarray(0, read).lastIndexOf(0x0a) + 1;
      for (const text of bytes.subarray(0, complete).toString('utf8').split('\n')) this.foldLine(text);
      return from + complete;
    } finally {
      closeSync(fd);
    }
  }

  /** A record's first `begin` starts it, its last `end` completes it; a line torn by a crash is skipped. */
  private foldLine(text: string): void {
    if (text === '') return;
    let entry: AuditLine;
    try {
      entry = JSON.parse(text) as AuditLine;
    } catch {
      return;
    }
    if (typeof entry !== 'object' || entry === null) return;
    if (entry.kind === 'begin' && !this.records.has(entry.id)) {
      const { kind: _kind, ...record } = entry;
      this.records.set(entry.id, { ...record, outcome: 'unknown', error: null, note: null, completedAt: null });
    } else if (entry.kind === 'end') {
      const record = this.records.get(entry.id);
      if (!record) return;
      const { at, outcome } = entry;
      record.completedAt = at;
      record.outcome = outcome.ok ? 'done' : 'failed';
      record.error = outcome.ok ? null : outcome.error;
      record.note = (outcome.ok && outcome.note) || null;
      if (outcome.ok && outcome.resourceId) record.resourceId = outcome.resourceId;
    }
  }
}
