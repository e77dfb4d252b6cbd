import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '../../common/audit';
import { AUDIT_CURRENT_FILE, AUDIT_ROTATED_FILE, fileIdentityOf, type AuditLine } from './audit-file';

/**
 * One account's audit records, folded once and kept: each call reads only the bytes the files
 * gained since the last (History reads again on every change, and the log only grows). Files are
 * known by their identity (see `fileIdentityOf`), so a file another process (the CLI) renamed
 * aside in a rotation goes on from where it stopped, and a line a writer still holding it appends
 * there is read too. A file shorter than what was read of it was cut or replaced: it is read again
 * from its start, which is harmless because records fold by id.
 */
export class AuditReader {
  private readonly records = new Map<string, AuditRecord>();
  /** Bytes folded so far, by file identity. */
  private readonly folded = new Map<string, number>();

  constructor(private readonly dir: string) {}

  /** Every record, in the order first written. */
  all(): AuditRecord[] {
    if (!existsSync(this.dir)) return [];
    const names = readdirSync(this.dir)
      .filter((name) => AUDIT_ROTATED_FILE.test(name))
      .sort();
    names.push(AUDIT_CURRENT_FILE);
    for (const name of names) this.foldFile(join(this.dir, name));
    return [...this.records.values()];
  }

  /**
   * Folds the whole lines the file gained; a line still being written waits for the next call.
   * The file is opened before it is known, so what is read is the file the identity names; one
   * gone by then (the CLI rotating it) is read under its new name on the next call.
   */
  private foldFile(path: string): void {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const stats = fstatSync(fd, { bigint: true });
      const identity = fileIdentityOf(stats);
      const size = Number(stats.size);
      const known = this.folded.get(identity) ?? 0;
      const from = size < known ? 0 : known;
      if (size <= from) return;
      const bytes = Buffer.alloc(size - from);
      let read = 0;
      while (read < bytes.length) {
        const got = readSync(fd, bytes, read, bytes.length - read, from + read);
        if (got === 0) break;
        read += got;
      }
      const complete = bytes.subarray(0, read).lastIndexOf(0x0a) + 1;
      for (const text of bytes.subarray(0, complete).toString('utf8').split('\n')) this.foldLine(text);
      this.folded.set(identity, from + complete);
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
