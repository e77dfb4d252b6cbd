import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionInputSchema } from '../../../common/profiles';
import { createLogger } from '../../../main/log';
import { startSandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices, type Services } from '../../../main/services';
import { selfSignedCertificate, startTlsFront, type TestCertificate } from '../../support/tls-front';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const fingerprint = (certificate: TestCertificate) => new X509Certificate(certificate.cert).fingerprint256;

async function setup() {
  const sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 19 });
  open.push(sb);
  const first = await selfSignedCertificate('pbx.customer.test');
  const front = await startTlsFront(sb, first);
  open.push(front);
  const log = createLogger(() => {});
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'pinning-'));
  const app: Services = createServices({
    host: 'electron',
    version: 'test',
    platform: 'linux',
    log,
    publish: () => {},
    userDataDir,
    secrets: createMemoryStore(log, 'Session only (test).'),
  });
  open.push(app);
  const saved = await app.connections.save(
    connectionInputSchema.parse({
      name: 'On-prem',
      baseUrl: front.url,
      accountId: sb.account.id,
      auth: { method: 'api_key' },
      secret: sb.credentials.apiKey,
    }),
  );
  if (!saved.ok) throw new Error(saved.error.message);
  return { sb, front, first, app, id: saved.value.id, userDataDir };
}

describe('pinning a server certificate', () => {
  it('names the untrusted certificate: subject, issuer and SHA-256 fingerprint', async () => {
    const { app, id, first } = await setup();
    const check = await app.connections.check(id);
    expect(check).toMatchObject({
      ok: false,
      error: {
        kind: 'tls',
        certificate: { subject: 'CN=pbx.customer.test', issuer: 'CN=pbx.customer.test', sha256: fingerprint(first) },
      },
    });
    if (!check.ok) expect(check.error.message).toContain(`SHA-256 fingerprint ${fingerprint(first)}`);
  });

  it('trusts exactly the pinned certificate for this connection, and refuses any other untrusted one', async () => {
    const { sb, app, id, first, front, userDataDir } = await setup();
    const pinned = await app.connections.pinCertificate(id, fingerprint(first));
    expect(pinned).toMatchObject({ ok: true, value: { pinnedCertificate: { sha256: fingerprint(first) } } });
    expect(await app.connections.check(id)).toMatchObject({ ok: true, value: { accountName: sb.account.name } });
    // Stored with the connection; the renderer is told the fingerprint only.
    expect(readFileSync(path.join(userDataDir, 'connections.json'), 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(JSON.stringify(await app.connections.overview())).not.toContain('BEGIN CERTIFICATE');

    const second = await selfSignedCertificate('pbx.customer.test');
    front.present(second);
    expect(await app.connections.check(id)).toMatchObject({
      ok: false,
      error: { kind: 'tls', certificate: { sha256: fingerprint(second) } },
    });
  });

  it('pins nothing when the server shows another certificate than the one the user compared', async () => {
    const { app, id, first, front } = await setup();
    front.present(await selfSignedCertificate('intruder.test'));
    expect(await app.connections.pinCertificate(id, fingerprint(first))).toMatchObject({
      ok: false,
      error: { kind: 'tls', message: expect.stringMatching(/another certificate.*nothing was pinned/) },
    });
    expect((await app.connections.overview()).connections[0]?.pinnedCertificate).toBeUndefined();
  });

  it('keeps the pin when the connection is edited, and drops it when it moves to another server', async () => {
    const { sb, app, id, first, front } = await setup();
    expect(await app.connections.pinCertificate(id, fingerprint(first))).toMatchObject({ ok: true });
    const edit = (baseUrl: string, secret?: string) =>
      app.connections.save(
        connectionInputSchema.parse({
          id,
          name: 'On-prem, renamed',
          baseUrl,
          accountId: sb.account.id,
          auth: { method: 'api_key' },
          secret,
        }),
      );
    expect(await edit(front.url)).toMatchObject({ ok: true, value: { pinnedCertificate: { sha256: fingerprint(first) } } });
    const moved = await edit(sb.url, sb.credentials.apiKey);
    expect(moved).toMatchObject({ ok: true });
    expect(moved.ok && moved.value.pinnedCertificate).toBeUndefined();
  });
});
