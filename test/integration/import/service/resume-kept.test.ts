/**
 * The import service resumes a batch that finished with a person kept half-made (`keep`): the
 * technician fixes what failed and resumes, in the same run of the app, and the person is finished.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocument, deleteDocument } from '../../../../main/api/documents';
import { newDocumentId } from '../../../../main/api/devices';
import { Journal } from '../../../../main/import/journal';
import { createLogger } from '../../../../main/log';
import { startSandbox } from '../../../../main/sandbox/server';
import { createMemoryStore } from '../../../../main/secrets/memory-store';
import { createServices } from '../../../../main/services';
import { saveSandboxConnection } from '../../../support/sandbox-connection';
import { peopleSpec, person } from '../../../support/people-spec';
import { documentOf, phone } from '../../../support/batch-spec';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

describe('import service: a batch finished with people kept half-made', () => {
  it('resumes: the failed step is sent again and the person is finished', async () => {
    const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 4 });
    open.push(sb);
    const log = createLogger(() => {});
    const dir = mkdtempSync(path.join(os.tmpdir(), 'resume-kept-'));
    const services = createServices({
      host: 'cli',
      version: 'test',
      platform: 'linux',
      log,
      publish: () => undefined,
      userDataDir: dir,
      secrets: createMemoryStore(log, 'test'),
    });
    open.push(services);
    const saved = await saveSandboxConnection(services, sb);
    const connection = await services.connections.open({ kind: 'saved', id: saved.id });
    if (!connection.ok) throw new Error(connection.error.message);

    const people = [person(1), person(2)];
    const clash = newDocumentId();
    const taken = { ...documentOf({ ...phone(9_999, 'Taken'), mac: people[1]!.phones[0]!.mac }), id: clash };
    expect((await createDocument(connection.value.client, 'devices', taken)).ok).toBe(true);
    const spec = { ...peopleSpec(people, { onFailure: 'keep' }), connectionId: connection.value.id };
    const file = path.join(dir, 'kept.jsonl');
    const journal = Journal.create(file, spec);
    if (!journal.ok) throw new Error(journal.error.message);
    journal.value.close();

    expect((await services.imports.resumeJournal(file, connection.value)).ok).toBe(true);
    const first = await services.imports.settled(spec.batchId);
    expect(first).toMatchObject({ ok: true, value: { progress: { state: 'finished', failed: 1, incompletePeople: 1 } } });

    expect((await deleteDocument(connection.value.client, 'devices', clash)).ok).toBe(true);
    const resumed = await services.imports.control({ batchId: spec.batchId, action: 'resume' }, connection.value);
    expect(resumed).toMatchObject({ ok: true, value: { state: 'running' } });
    const second = await services.imports.settled(spec.batchId);
    expect(second).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 2, failed: 0, incompletePeople: 0 } } });
    expect(services.imports.results(spec.batchId)).toMatchObject({ ok: true, value: { progress: { incompletePeople: 0 } } });
    expect(sb.state.callflows().some((doc) => doc._id === people[1]!.ids.callflow)).toBe(true);
  });
});
