import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, readJournal } from '../../../main/import/journal';
import { creates, specOf } from '../../integration/import/run/spec';

const at = '2025-01-01T00:00:00.000Z';
const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'journal-')), 'nested', 'batch.jsonl');

function started(file: string) {
  const spec = specOf(creates(3));
  const created = Journal.create(file, spec);
  if (!created.ok) throw new Error(created.error.message);
  return { spec, journal: created.value };
}

describe('batch journal', () => {
  it('starts with the spec, is private to the user, and refuses to overwrite a batch', () => {
    const file = tempFile();
    const { spec, journal } = started(file);
    journal.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!)).toEqual({ kind: 'batch', version: 1, spec });
    expect(Journal.create(file, spec)).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('replays sent and done records: attempts, answers, state and the charges answer', () => {
    const file = tempFile();
    const { journal } = started(file);
    journal.append({ kind: 'session', at });
    journal.append({ kind: 'sent', op: 0, attempt: 1, at });
    journal.append({ kind: 'sent', op: 0, attempt: 2, at });
    journal.append({ kind: 'done', op: 0, outcome: 'created', deviceId: 'a'.repeat(32), error: null, at });
    journal.append({ kind: 'sent', op: 1, attempt: 1, at });
    journal.append({ kind: 'charges', accepted: true, at });
    journal.append({ kind: 'state', state: 'paused', at });
    journal.close();
    const replay = readJournal(file);
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.value.attempts).toEqual(
      new Map([
        [0, 2],
        [1, 1],
      ]),
    );
    expect([...replay.value.done.keys()]).toEqual([0]);
    expect(replay.value).toMatchObject({ state: 'paused', chargesAccepted: true, startedAt: at, finishedAt: null, unreadableLines: 0 });
  });

  it('tolerates a line torn by a crash, and cuts it off before writing on', () => {
    const file = tempFile();
    const { journal } = started(file);
    journal.append({ kind: 'sent', op: 0, attempt: 1, at });
    journal.close();
    appendFileSync(file, '{"kind":"done","op":0,"outcome":"crea');

    const torn = readJournal(file);
    expect(torn).toMatchObject({ ok: true, value: { unreadableLines: 1 } });
    if (!torn.ok) return;
    expect(torn.value.done.size).toBe(0);

    const reopened = Journal.open(file);
    if (!reopened.ok) throw new Error(reopened.error.message);
    reopened.value.journal.append({ kind: 'done', op: 0, outcome: 'created', deviceId: 'b'.repeat(32), error: null, at });
    reopened.value.journal.close();
    const repaired = readJournal(file);
    expect(repaired).toMatchObject({ ok: true, value: { unreadableLines: 0 } });
    if (repaired.ok) expect(repaired.value.done.get(0)?.deviceId).toBe('b'.repeat(32));
  });

  it('keeps a complete last record that only lacks its newline', () => {
    const file = tempFile();
    started(file).journal.close();
    appendFileSync(file, JSON.stringify({ kind: 'sent', op: 2, attempt: 1, at }));
    const reopened = Journal.open(file);
    if (!reopened.ok) throw new Error(reopened.error.message);
    reopened.value.journal.append({ kind: 'sent', op: 1, attempt: 1, at });
    reopened.value.journal.close();
    expect(readJournal(file)).toMatchObject({
      ok: true,
      value: {
        attempts: new Map([
          [2, 1],
          [1, 1],
        ]),
        unreadableLines: 0,
      },
    });
  });

  it('says so when the file is missing or its head is damaged', () => {
    const file = tempFile();
    expect(readJournal(file)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    started(file).journal.close();
    const damaged = path.join(path.dirname(file), 'damaged.jsonl');
    appendFileSync(damaged, '{"kind":"batch","vers');
    expect(readJournal(damaged)).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });
});
