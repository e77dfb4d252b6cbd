import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, readJournal } from '../../../main/import/journal';
import { creates, specOf } from '../../support/batch-spec';

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
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!)).toEqual({ kind: 'batch', version: 2, spec });
    expect(Journal.create(file, spec)).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('replays sent and done records: attempts, server failures, answers, state and the charges answer', () => {
    const file = tempFile();
    const { journal } = started(file);
    journal.append({ kind: 'session', at });
    journal.append({ kind: 'sent', unit: 0, step: 0, attempt: 1, at });
    journal.append({ kind: 'server_error', unit: 0, step: 0, request: 'send', at });
    journal.append({ kind: 'sent', unit: 0, step: 0, attempt: 2, at });
    journal.append({ kind: 'done', unit: 0, step: 0, outcome: 'created', id: 'a'.repeat(32), error: null, at });
    journal.append({ kind: 'sent', unit: 1, step: 0, attempt: 1, at });
    journal.append({ kind: 'charges', accepted: true, at });
    journal.append({ kind: 'state', state: 'paused', at });
    journal.close();
    const replay = readJournal(file);
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.value.attempts).toEqual(
      new Map([
        ['0.0', 2],
        ['1.0', 1],
      ]),
    );
    expect(replay.value.serverErrors).toEqual({ send: new Map([['0.0', 1]]), delete: new Map() });
    expect([...replay.value.done.keys()]).toEqual(['0.0']);
    expect(replay.value).toMatchObject({ state: 'paused', chargesAccepted: true, startedAt: at, finishedAt: null, unreadableLines: 0 });
  });

  it('keeps how a create left its document when a rollback that could not delete it settles the step again', () => {
    const file = tempFile();
    const { journal } = started(file);
    const id = 'a'.repeat(32);
    const after = { revision: '1-abc', digest: 'f'.repeat(64) };
    journal.append({ kind: 'done', unit: 0, step: 0, outcome: 'created', id, error: null, at, after });
    const error = { message: 'Still on the server', column: null, fields: [] };
    journal.append({ kind: 'done', unit: 0, step: 0, outcome: 'created', id, error, at });
    journal.append({ kind: 'done', unit: 1, step: 0, outcome: 'created', id: 'b'.repeat(32), error: null, at, after });
    journal.append({ kind: 'done', unit: 1, step: 0, outcome: 'failed', id: null, error, at });
    journal.close();
    const replay = readJournal(file);
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.value.done.get('0.0')).toMatchObject({ error, after });
    expect(replay.value.done.get('1.0')?.after).toBeUndefined();
  });

  it('tolerates a line torn by a crash, and cuts it off before writing on', () => {
    const file = tempFile();
    const { journal } = started(file);
    journal.append({ kind: 'sent', unit: 0, step: 0, attempt: 1, at });
    journal.close();
    appendFileSync(file, '{"kind":"done","op":0,"outcome":"crea');

    const torn = readJournal(file);
    expect(torn).toMatchObject({ ok: true, value: { unreadableLines: 1 } });
    if (!torn.ok) return;
    expect(torn.value.done.size).toBe(0);

    const reopened = Journal.open(file);
    if (!reopened.ok) throw new Error(reopened.error.message);
    reopened.value.journal.append({ kind: 'done', unit: 0, step: 0, outcome: 'created', id: 'b'.repeat(32), error: null, at });
    reopened.value.journal.close();
    const repaired = readJournal(file);
    expect(repaired).toMatchObject({ ok: true, value: { unreadableLines: 0 } });
    if (repaired.ok) expect(repaired.value.done.get('0.0')?.id).toBe('b'.repeat(32));
  });

  it('keeps a complete last record that only lacks its newline', () => {
    const file = tempFile();
    started(file).journal.close();
    appendFileSync(file, JSON.stringify({ kind: 'sent', unit: 2, step: 0, attempt: 1, at }));
    const reopened = Journal.open(file);
    if (!reopened.ok) throw new Error(reopened.error.message);
    reopened.value.journal.append({ kind: 'sent', unit: 1, step: 0, attempt: 1, at });
    reopened.value.journal.close();
    expect(readJournal(file)).toMatchObject({
      ok: true,
      value: {
        attempts: new Map([
          ['2.0', 1],
          ['1.0', 1],
        ]),
        unreadableLines: 0,
      },
    });
  });

  it('reads a version-1 journal (one device per operation) as units of one device step, so an old batch resumes', () => {
    const file = tempFile();
    mkdirSync(path.dirname(file), { recursive: true });
    const identity = { extension: null, macAddress: '001565000001', sipUsername: 'desk_1' };
    const document = { name: 'Desk 1', mac_address: '001565000001' };
    const spec = {
      batchId: 'b'.repeat(32),
      name: 'Old batch',
      connectionId: 'conn',
      fileName: 'phones.csv',
      createdAt: at,
      headers: ['Name'],
      mapping: ['name'],
      rows: [
        { line: 2, cells: ['Desk 1'] },
        { line: 3, cells: ['Desk 2'] },
      ],
      operations: [
        { row: 0, line: 2, name: 'Desk 1', identity, action: 'create', deviceId: 'c'.repeat(32), document },
        { row: 1, line: 3, name: 'Desk 2', action: 'error', reason: 'MAC is not valid.', column: 'mac_address' },
      ],
    };
    const lines = [
      { kind: 'batch', version: 1, spec },
      { kind: 'session', at },
      { kind: 'sent', op: 0, attempt: 1, at },
      { kind: 'done', op: 0, outcome: 'created', deviceId: 'c'.repeat(32), error: null, at },
    ];
    writeFileSync(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    const replay = readJournal(file);
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.value.spec).toMatchObject({
      sheetRows: [
        { row: 0, line: 2, name: 'Desk 1', identity },
        { row: 1, line: 3, name: 'Desk 2', identity: { extension: null, macAddress: null, sipUsername: null } },
      ],
      units: [
        { key: 'row:0', rows: [0], steps: [{ resource: 'device', action: 'create', id: 'c'.repeat(32), document, rows: [0] }] },
        { key: 'row:1', rows: [1], steps: [{ resource: 'device', action: 'error', reason: 'MAC is not valid.', column: 'mac_address' }] },
      ],
      onFailure: 'rollback',
      sendWelcomeEmail: false,
    });
    expect(replay.value.attempts).toEqual(new Map([['0.0', 1]]));
    expect(replay.value.done.get('0.0')).toMatchObject({ unit: 0, step: 0, outcome: 'created', id: 'c'.repeat(32) });
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
