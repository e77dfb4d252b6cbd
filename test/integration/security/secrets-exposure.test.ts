import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestChannel, RequestInput } from '../../../common/ipc/contract';
import type { EventName, EventPayloads } from '../../../common/ipc/events';
import type { BatchProgress } from '../../../common/import/types';
import type { Result } from '../../../common/ipc/result';
import { createRouter } from '../../../main/ipc/router';
import { unzipSync, strFromU8 } from 'fflate';
import { createLogger } from '../../../main/log';
import { openLogFile } from '../../../main/log-file';
import { ensurePrivateDir } from '../../../main/private-dir';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices, type Services } from '../../../main/services';
import { addSampleOwners, SAMPLES_DIR } from '../../support/sample-owners';

/**
 * The whole app driven through the IPC router as the renderer drives it: connect with an API key
 * and with a user name and password, fail a sign-in, import a file whose SIP passwords the app
 * generates, list and open devices. Every answer, every push and every log line is recorded, and
 * none may hold an API key, a password, a token or a SIP password unless the renderer asked for
 * that password by name. Last, the support bundle is exported from that state and unzipped: none
 * of its files may hold one either.
 */

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;
const TRUSTED = { frameUrl: 'app://audian/index.html', isMainFrame: true, webContentsId: 1 };
const WRONG_KEY = 'f'.repeat(64);
const PROXY_PASSWORD = 'Proxy-Passw0rd-For-The-Site';

interface Recorded {
  what: string;
  text: string;
}

let sb: Sandbox;
let services: Services;
let userDataDir: string;
const logLines: string[] = [];
const traffic: Recorded[] = [];
let dispatch: ReturnType<typeof createRouter>;
let bundle: Record<string, Uint8Array> = {};
const asked: Recorded[] = [];
const finishedBatches = new Set<string>();
const finishWaiters = new Map<string, () => void>();
const whenFinished = (batchId: string) =>
  finishedBatches.has(batchId) ? Promise.resolve() : new Promise<void>((resolve) => finishWaiters.set(batchId, resolve));

async function call<C extends RequestChannel>(channel: C, input: RequestInput<C>, record = traffic): Promise<Result<unknown>> {
  const result = await dispatch(channel, input, TRUSTED);
  record.push({ what: `response ${channel}`, text: JSON.stringify(result) });
  return result;
}

async function value<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Record<string, unknown>> {
  const result = await call(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as Record<string, unknown>;
}

/** Everything that must never leave main: keys, the login, the md5 KAZOO signs in with, SIP passwords. */
function secrets(): Array<[string, string]> {
  const { username, password, apiKey } = sb.credentials;
  const md5 = createHash('md5').update(`${username.toLowerCase()}:${password}`).digest('hex');
  const sipPasswords = sb.state
    .devices()
    .map((doc) => (doc.sip as { password?: string } | undefined)?.password)
    .filter((p): p is string => typeof p === 'string');
  return [
    ['the API key', apiKey],
    ['a wrong API key', WRONG_KEY],
    ['the login password', password],
    ['the proxy password', PROXY_PASSWORD],
    ['the login hash', md5],
    ...sipPasswords.map((p, i): [string, string] => [`SIP password ${i}`, p]),
  ];
}

function expectClean(records: readonly Recorded[]): void {
  const found: string[] = [];
  for (const record of records) {
    for (const [name, secret] of secrets()) if (record.text.includes(secret)) found.push(`${name} in ${record.what}`);
    if (JWT.test(record.text)) found.push(`a JWT in ${record.what}`);
  }
  expect(found).toEqual([]);
}

beforeAll(async () => {
  sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 8 });
  await addSampleOwners(sb);
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'secrets-exposure-'));
  ensurePrivateDir(path.join(userDataDir, 'logs'));
  const logFile = openLogFile({ dir: path.join(userDataDir, 'logs'), name: 'main' });
  const log = createLogger((line) => {
    logLines.push(line);
    logFile.write(line);
  });
  services = createServices({
    host: 'cli',
    version: 'test',
    platform: 'linux',
    log,
    publish: <E extends EventName>(event: E, payload: EventPayloads[E]) => {
      traffic.push({ what: `event ${event}`, text: JSON.stringify(payload) });
      const progress = payload as BatchProgress;
      if (event === 'import:progress' && progress.state === 'finished') {
        finishedBatches.add(progress.batchId);
        finishWaiters.get(progress.batchId)?.();
      }
    },
    userDataDir,
    secrets: createMemoryStore(log, 'Session only (test).'),
  });
  dispatch = createRouter(services.handlers, () => true, log);

  // A sign-in that fails, then one with a user name and password, then the API key the import uses.
  const base = { baseUrl: sb.url, accountId: sb.account.id };
  const wrong = await value('connections:save', { ...base, name: 'Wrong key', auth: { method: 'api_key' }, secret: WRONG_KEY });
  expect(await call('connections:check', { id: String(wrong.id) })).toMatchObject({ ok: false, error: { kind: 'auth' } });
  const login = await value('connections:save', {
    ...base,
    name: 'Login',
    auth: { method: 'user_password', username: sb.credentials.username, accountName: sb.account.name },
    secret: sb.credentials.password,
  });
  expect(await call('connections:check', { id: String(login.id) })).toMatchObject({ ok: true });
  // One behind a proxy that asks for a password: the password goes to the keychain, the user name with the connection.
  await value('connections:save', {
    ...base,
    name: 'Behind a proxy',
    auth: { method: 'api_key' },
    secret: sb.credentials.apiKey,
    proxyUsername: 'site-tech',
    proxyPassword: PROXY_PASSWORD,
  });
  const site = await value('connections:save', { ...base, name: 'Site', auth: { method: 'api_key' }, secret: sb.credentials.apiKey });
  await value('connections:activate', { id: String(site.id) });
  await value('connections:list', {});

  // A file without SIP passwords: the app generates one per device.
  const csv = readFileSync(path.join(SAMPLES_DIR, 'utf8-bom-quoted.csv'));
  const draft = await value('import:load', { fileName: 'utf8-bom-quoted.csv', contentBase64: csv.toString('base64') });
  const plan = await value('import:plan', { draftId: String(draft.id), match: 'mac', onExisting: 'skip', onExistingPerson: 'skip' });
  // Lost connections and refusals mid-import, so the client's error paths write to the log too.
  sb.injectFault('reset', 2);
  sb.injectFault('unavailable', 2);
  sb.injectFault('lost', 1);
  const started = await value('import:start', {
    draftId: String(draft.id),
    planId: String(plan.planId),
    name: 'Secrets check',
    confirmedRegisteredDeviceIds: [],
    onFailure: 'rollback',
    sendWelcomeEmail: false,
  });
  const batchId = String(started.batchId);
  await whenFinished(batchId);
  await value('import:batches', {});
  await value('import:results', { batchId });
  await value('import:report', { batchId, includePasswords: false });
  await call('import:report', { batchId, includePasswords: true }, asked);

  const list = await value('devices:list', { refresh: true });
  const [first] = (list.devices as Array<{ id: string }>) ?? [];
  if (!first) throw new Error('No device was listed after the import.');
  await value('devices:get', { id: first.id });
  await value('devices:export', { includePasswords: false });
  await call('devices:export', { includePasswords: true }, asked);
  await call('devices:revealPassword', { id: first.id }, asked);
  // Changes the audit log records: a copy with a SIP password of its own, and a new SIP password.
  const copy = await value('devices:duplicate', { id: first.id, name: 'Secrets check copy' });
  await value('devices:save', { id: String(copy.id), fields: { sip_password: 'Audit-Check-Passw0rd-42' } });
  await value('audit:list', {});
  await value('audit:export', {});
  await value('registrations:watch', { batchId });
  await value('registrations:report', { batchId });
  await value('registrations:unwatch', {});

  // An error whose message carries the token and whose fields carry the key: the bundle's "last errors" read it back.
  log.error('support.check', { error: new Error(`refused token ${sb.credentials.apiKey} eyJhbGciOi.eyJzdWIiOjF9.c2lnbmF0dXJl`) });
  await vi.waitFor(() => expect(readFileSync(path.join(userDataDir, 'logs', 'main.log'), 'utf8')).toContain('support.check'));
  const exported = await value('support:exportBundle', {});
  bundle = unzipSync(readFileSync(String(exported.path)));
}, 120_000);

afterAll(async () => {
  await services?.close();
  await sb?.close();
});

describe('secrets never leave main', () => {
  it('generated SIP passwords for every imported device', () => {
    const devices = sb.state.devices();
    expect(devices.length).toBeGreaterThan(0);
    expect(secrets().filter(([name]) => name.startsWith('SIP password'))).toHaveLength(devices.length);
  });

  it('no IPC answer or push carries a key, password, token or SIP password', () => {
    expect(traffic.length).toBeGreaterThan(20);
    expectClean(traffic);
  });

  it('the log has none either, through a failed sign-in, a password sign-in and an import', () => {
    expect(logLines.some((line) => line.includes('"level":"warn"'))).toBe(true);
    expectClean(logLines.map((line, i) => ({ what: `log line ${i}`, text: line })));
  });

  it('the audit log on disk has none either: secrets it records read "changed"', () => {
    const auditDir = path.join(userDataDir, 'audit');
    const files = readdirSync(auditDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const text = files.map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8')).join('\n');
    expect(text).toContain('"path":"sip.password"');
    expect(text).not.toContain('Audit-Check-Passw0rd-42');
    expectClean(
      files.map((entry) => ({ what: `audit file ${entry.name}`, text: readFileSync(path.join(entry.parentPath, entry.name), 'utf8') })),
    );
  });

  it('SIP passwords reach the renderer only from the three requests that ask for them', () => {
    const sipPasswords = secrets().filter(([name]) => name.startsWith('SIP password'));
    for (const record of asked)
      expect(
        sipPasswords.some(([, p]) => record.text.includes(p)),
        record.what,
      ).toBe(true);
    for (const record of asked) expect(record.text).not.toContain(sb.credentials.apiKey);
  });

  it('the support bundle has none either, though it holds the logs, the connections and the batches', () => {
    const files = Object.keys(bundle);
    expect(files).toEqual(expect.arrayContaining(['about.json', 'connections.json', 'batches.json', 'last-errors.json', 'logs/main.log']));
    const text = (name: string) => strFromU8(bundle[name]!);
    expect(text('connections.json')).toContain('"name": "Login"');
    expect(JSON.parse(text('batches.json'))).toContainEqual(expect.objectContaining({ name: 'Secrets check', state: 'finished' }));
    expect(text('last-errors.json')).toContain('support.check');
    // The journal on disk holds what the bundle must leave out.
    const journals = readdirSync(path.join(userDataDir, 'batches')).filter((name) => name.endsWith('.jsonl'));
    const journalText = journals.map((name) => readFileSync(path.join(userDataDir, 'batches', name), 'utf8')).join('\n');
    expect(secrets().some(([name, secret]) => name.startsWith('SIP password') && journalText.includes(secret))).toBe(true);
    expectClean(files.map((name) => ({ what: `bundle file ${name}`, text: text(name) })));
    for (const name of files) expect(text(name)).not.toContain('Audit-Check-Passw0rd-42');
  });
});
