import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayloads } from '../../../common/ipc/events';
import { connectionInputSchema, type ConnectionInputDraft } from '../../../common/profiles';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices, type Services } from '../../../main/services';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

function services() {
  const log = createLogger(() => {});
  const pushes: Array<{ event: EventName; payload: unknown }> = [];
  const created: Services = createServices({
    host: 'cli',
    version: 'test',
    platform: 'linux',
    log,
    publish: <E extends EventName>(event: E, payload: EventPayloads[E]) => pushes.push({ event, payload }),
    userDataDir: mkdtempSync(path.join(os.tmpdir(), 'connections-')),
    secrets: createMemoryStore(log, 'Session only (test).'),
  });
  open.push(created);
  return { ...created, pushes };
}

async function sandbox(): Promise<Sandbox> {
  const sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 1 });
  open.push(sb);
  return sb;
}

const input = (sb: Sandbox, extra: Partial<ConnectionInputDraft> = {}) =>
  connectionInputSchema.parse({
    name: 'Harborview',
    baseUrl: `${sb.url}/v2/`,
    accountId: sb.account.id.toUpperCase(),
    auth: { method: 'api_key' },
    secret: sb.credentials.apiKey,
    ...extra,
  });

describe('connections', () => {
  it('saves a connection, makes it active and checks it against the server', async () => {
    const sb = await sandbox();
    const { connections, pushes } = services();
    const saved = await connections.save(input(sb));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value).toMatchObject({
      name: 'Harborview',
      baseUrl: sb.url,
      accountId: sb.account.id,
      secretAvailable: true,
      demo: false,
    });
    const overview = await connections.overview();
    expect(overview.activeId).toBe(saved.value.id);
    expect(overview.secretStorage).toEqual({ persistence: 'session-only', notice: 'Session only (test).' });
    const check = await connections.check(saved.value.id);
    expect(check).toMatchObject({ ok: true, value: { accountName: sb.account.name, deviceCount: sb.state.devices().length } });
    expect(pushes.map((push) => push.event)).toContain('connections:changed');
  });

  it('publishes the state any request learns (refused, signed in again), once per change, and forgets it on edit', async () => {
    const sb = await sandbox();
    const { connections, devices, pushes } = services();
    const saved = await connections.save(input(sb, { secret: 'not-the-key' }));
    if (!saved.ok) throw new Error(saved.error.message);
    const healthPushes = () =>
      pushes.flatMap((push) =>
        push.event === 'connections:changed' ? [(push.payload as EventPayloads['connections:changed']).connections[0]?.health.state] : [],
      );
    expect(saved.value.health).toEqual({ state: 'unknown' });
    const opened = await connections.open({ kind: 'active' });
    if (!opened.ok) throw new Error(opened.error.message);
    pushes.length = 0;
    expect((await devices.list(opened.value, { refresh: true })).ok).toBe(false);
    expect((await devices.list(opened.value, { refresh: true })).ok).toBe(false);
    await expect.poll(healthPushes).toEqual(['key_refused']);
    expect((await connections.overview()).connections[0]?.health).toMatchObject({
      state: 'key_refused',
      message: expect.stringMatching(/rejected the API key/),
    });

    await connections.save({ ...input(sb), id: saved.value.id });
    expect((await connections.overview()).connections[0]?.health).toEqual({ state: 'unknown' });
    const fixed = await connections.open({ kind: 'active' });
    if (!fixed.ok) throw new Error(fixed.error.message);
    pushes.length = 0;
    expect((await devices.list(fixed.value, { refresh: true })).ok).toBe(true);
    expect((await devices.list(fixed.value, { refresh: true })).ok).toBe(true);
    await expect.poll(healthPushes).toEqual(['signed_in']);
  });

  it('never hands the secret back', async () => {
    const sb = await sandbox();
    const { connections, pushes } = services();
    const saved = await connections.save(input(sb));
    const everything = JSON.stringify([saved, await connections.overview(), pushes]);
    expect(everything).not.toContain(sb.credentials.apiKey);
  });

  it('explains a wrong API key in words', async () => {
    const sb = await sandbox();
    const { connections } = services();
    const saved = await connections.save(input(sb, { secret: '0'.repeat(64) }));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(await connections.check(saved.value.id)).toMatchObject({
      ok: false,
      error: { kind: 'auth', message: expect.stringMatching(/API key/) },
    });
  });

  it('uses a new secret right after an edit', async () => {
    const sb = await sandbox();
    const { connections } = services();
    const saved = await connections.save(input(sb, { secret: '0'.repeat(64) }));
    if (!saved.ok) throw new Error(saved.error.message);
    await connections.check(saved.value.id);
    await connections.save(input(sb, { id: saved.value.id }));
    expect((await connections.check(saved.value.id)).ok).toBe(true);
  });

  it('refuses a second connection with the same name', async () => {
    const sb = await sandbox();
    const { connections } = services();
    await connections.save(input(sb));
    expect(await connections.save(input(sb, { name: ' harborview ' }))).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  });

  it('removes a connection with its secret', async () => {
    const sb = await sandbox();
    const { connections } = services();
    const saved = await connections.save(input(sb));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(await connections.remove(saved.value.id)).toEqual({ ok: true, value: { id: saved.value.id } });
    expect((await connections.overview()).connections).toEqual([]);
    expect(await connections.check(saved.value.id)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('starts the built-in demo and connects to it', async () => {
    const { connections } = services();
    const demo = await connections.startDemo();
    if (!demo.ok) throw new Error(demo.error.message);
    expect(demo.value).toMatchObject({ demo: true, secretAvailable: true });
    const check = await connections.check(demo.value.id);
    expect(check.ok && check.value.deviceCount).toBeGreaterThan(0);
    expect((await connections.overview()).activeId).toBe(demo.value.id);
  });
});
