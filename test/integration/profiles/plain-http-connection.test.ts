import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionInputSchema, PLAIN_HTTP_REFUSED } from '../../../common/profiles';
import { getAccount } from '../../../main/api/account';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices, type Services } from '../../../main/services';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

function services(): Services {
  const log = createLogger(() => {});
  const created = createServices({
    host: 'electron',
    version: 'test',
    platform: 'linux',
    log,
    publish: () => {},
    userDataDir: mkdtempSync(path.join(os.tmpdir(), 'plain-http-')),
    secrets: createMemoryStore(log, 'Session only (test).'),
  });
  open.push(created);
  return created;
}

/** An on-premise server on plain HTTP: the sandbox on a loopback address other than the local sandbox's 127.0.0.1. */
async function onPremise(): Promise<Sandbox> {
  const sb = await startSandbox({ host: '127.0.0.2', rateLimit: false, demo: true, autoRegister: false, seed: 19 });
  open.push(sb);
  return sb;
}

const draft = (sb: Sandbox, allowPlainHttp?: boolean) => ({
  name: 'On-prem',
  baseUrl: sb.url,
  accountId: sb.account.id,
  auth: { method: 'api_key' as const },
  secret: sb.credentials.apiKey,
  ...(allowPlainHttp === undefined ? {} : { allowPlainHttp }),
});

describe('a saved connection over plain HTTP', () => {
  it('is refused without the opt-in, field by field, in main as in the form', async () => {
    const sb = await onPremise();
    const app = services();
    expect(connectionInputSchema.safeParse(draft(sb)).success).toBe(false);
    // main checks again whatever a renderer sends.
    const { secret, ...profile } = draft(sb);
    expect(await app.profiles.save(profile, secret)).toMatchObject({
      ok: false,
      error: { fields: [{ path: 'baseUrl', message: PLAIN_HTTP_REFUSED }] },
    });
    expect(sb.state.stats().requests).toBe(0);
  });

  it('works with the opt-in, and says everywhere it is unencrypted', async () => {
    const sb = await onPremise();
    const app = services();
    const saved = await app.connections.save(connectionInputSchema.parse(draft(sb, true)));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value).toMatchObject({ allowPlainHttp: true, baseUrl: sb.url });
    expect(await app.connections.check(saved.value.id)).toMatchObject({ ok: true, value: { accountName: sb.account.name } });
    const connection = await app.connections.open({ kind: 'saved', id: saved.value.id });
    if (!connection.ok) throw new Error(connection.error.message);
    expect(connection.value.unencrypted).toBe(true);
    expect(await getAccount(connection.value.client)).toMatchObject({ ok: true });
  });
});
