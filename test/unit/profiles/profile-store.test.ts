import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLAIN_HTTP_REFUSED, type ProfileDraft } from '../../../common/profiles';
import { createLogger } from '../../../main/log';
import { CONNECTIONS_FILE, createProfileStore, SETTINGS_FILE, type ProfileStore } from '../../../main/profiles/profile-store';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import type { SecretStore } from '../../../main/secrets/secret-store';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const SECRET = 'sk_live_7f3e9a1c-THE-SECRET-5b2d';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';

const draft = (overrides: Partial<ProfileDraft> = {}): ProfileDraft => ({
  name: 'Main office',
  baseUrl: 'https://api.audian.com:8443',
  accountId: ACCOUNT,
  auth: { method: 'api_key' },
  ...overrides,
});

/** Every byte written under the folder, so a test can prove a secret is nowhere in it. */
async function everyFile(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(entry.name, await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('profile store', () => {
  let dir: string;
  let secrets: SecretStore;
  let lines: string[];
  let clock: Date;
  let store: ProfileStore;
  const newStore = (secretStore: SecretStore = secrets, folder = dir) =>
    createProfileStore({ dir: folder, secrets: secretStore, log: createLogger((line) => lines.push(line)), now: () => clock });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audian-profiles-'));
    lines = [];
    clock = new Date('2026-03-01T09:00:00.000Z');
    secrets = createMemoryStore(
      createLogger(() => undefined),
      'session only',
    );
    store = newStore();
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts empty when nothing was saved yet', async () => {
    expect(await store.list()).toEqual([]);
    expect(await store.getActive()).toBeNull();
    expect(store.problems()).toEqual([]);
  });

  it('saves a new connection with a fresh id and timestamps, and finds it again', async () => {
    const saved = unwrap(await store.save(draft({ baseUrl: 'https://api.audian.com:8443/v2/' }), SECRET));
    expect(saved).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      name: 'Main office',
      baseUrl: 'https://api.audian.com:8443',
      accountId: ACCOUNT,
      auth: { method: 'api_key' },
      createdAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-01T09:00:00.000Z',
    });
    expect(await store.list()).toEqual([saved]);
    expect(await store.get(saved.id)).toEqual(saved);
    expect(await store.getByName('  MAIN Office ')).toEqual(saved);
    expect(await store.getByName('Other')).toBeNull();
    expect(await store.get('ffffffffffffffffffffffffffffffff')).toBeNull();
  });

  it('puts the secret in the SecretStore and nowhere in the files or the log', async () => {
    const saved = unwrap(await store.save(draft(), SECRET));
    unwrap(await store.setSetting(saved.id, 'lastQuickcall', '+15551234567'));
    unwrap(await store.setActive(saved.id));
    expect(await secrets.get(saved.id)).toBe(SECRET);

    const files = await everyFile(dir);
    expect([...files.keys()].sort()).toEqual([SETTINGS_FILE, CONNECTIONS_FILE].sort());
    for (const [name, text] of files) {
      expect(text, name).not.toContain(SECRET);
      expect(text, name).not.toContain('THE-SECRET');
    }
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it.skipIf(process.platform === 'win32')('writes its files readable by the owner only', async () => {
    const saved = unwrap(await store.save(draft(), SECRET));
    unwrap(await store.setSetting(saved.id, 'mapping', { mac: 'MAC Address' }));
    expect((await stat(join(dir, CONNECTIONS_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, SETTINGS_FILE))).mode & 0o777).toBe(0o600);
  });

  it('creates the folder it is given when missing', async () => {
    const nested = newStore(secrets, join(dir, 'user-data', 'nested'));
    unwrap(await nested.save(draft(), SECRET));
    expect(await readdir(join(dir, 'user-data', 'nested'))).toEqual([CONNECTIONS_FILE]);
  });

  it('leaves no temporary files behind, even under concurrent saves', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.save(draft({ name: `Site ${i}` }), `${SECRET}-${i}`)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(await store.list()).toHaveLength(12);
    expect(await readdir(dir)).toEqual([CONNECTIONS_FILE]);
  });

  it('updates in place: keeps createdAt and the saved secret unless a new one is given', async () => {
    const first = unwrap(await store.save(draft(), SECRET));
    clock = new Date('2026-03-02T10:00:00.000Z');
    const renamed = unwrap(await store.save({ ...draft({ name: 'Head office' }), id: first.id }));
    expect(renamed).toMatchObject({ id: first.id, name: 'Head office', createdAt: first.createdAt, updatedAt: '2026-03-02T10:00:00.000Z' });
    expect(await secrets.get(first.id)).toBe(SECRET);

    unwrap(await store.save({ ...draft({ name: 'Head office' }), id: first.id }, 'rotated-key'));
    expect(await secrets.get(first.id)).toBe('rotated-key');
    expect(await store.list()).toHaveLength(1);
  });

  it('wants a new secret when the sign-in method changes', async () => {
    const first = unwrap(await store.save(draft(), SECRET));
    const userPassword = draft({ auth: { method: 'user_password', username: 'tech', accountName: 'acme' } });
    const result = await store.save({ ...userPassword, id: first.id });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_request', fields: [{ path: 'secret' }] } });
    unwrap(await store.save({ ...userPassword, id: first.id }, 'the password'));
    expect(await secrets.get(first.id)).toBe('the password');
  });

  it('refuses to edit a connection that does not exist', async () => {
    const result = await store.save({ ...draft(), id: 'ffffffffffffffffffffffffffffffff' }, SECRET);
    expect(result).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await secrets.get('ffffffffffffffffffffffffffffffff')).toBeNull();
  });

  it('keeps names unique, ignoring case and surrounding spaces', async () => {
    const first = unwrap(await store.save(draft(), SECRET));
    const clash = await store.save(draft({ name: '  main OFFICE ' }), 'other');
    expect(clash).toEqual({
      ok: false,
      error: {
        kind: 'conflict',
        message: 'A connection named "Main office" already exists; choose another name.',
        fields: [{ path: 'name', code: 'duplicate', message: 'A connection named "Main office" already exists; choose another name.' }],
      },
    });
    expect(await store.list()).toHaveLength(1);
    // Changing only the case of its own name is no clash.
    unwrap(await store.save({ ...draft({ name: 'MAIN OFFICE' }), id: first.id }));
  });

  it('returns field-level validation messages', async () => {
    const result = await store.save(draft({ accountId: 'not-an-id', baseUrl: 'http://pbx.example.com' }), SECRET);
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid_request',
        fields: [
          { path: 'accountId', message: "Account ID must be 32 hexadecimal characters, as shown in Audian's account settings." },
          { path: 'baseUrl', message: PLAIN_HTTP_REFUSED },
        ],
      },
    });
    expect(await store.save(draft(), '')).toMatchObject({ ok: false, error: { kind: 'invalid_request', fields: [{ path: 'secret' }] } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('checks the CA file is there and is a PEM certificate', async () => {
    const missing = await store.save(draft({ caFile: join(dir, 'nope.pem') }), SECRET);
    expect(missing).toMatchObject({ ok: false, error: { kind: 'invalid_request', fields: [{ path: 'caFile' }] } });
    await writeFile(join(dir, 'notes.txt'), 'not a certificate');
    const notPem = await store.save(draft({ caFile: join(dir, 'notes.txt') }), SECRET);
    expect(notPem).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is not a PEM certificate file/) } });
    await writeFile(join(dir, 'ca.pem'), PEM);
    expect(unwrap(await store.save(draft({ caFile: join(dir, 'ca.pem') }), SECRET)).caFile).toBe(join(dir, 'ca.pem'));
  });

  it('removes a connection with its secret, its settings and its active mark', async () => {
    const keep = unwrap(await store.save(draft({ name: 'Keep' }), 'keep-secret'));
    const gone = unwrap(await store.save(draft({ name: 'Gone' }), SECRET));
    unwrap(await store.setSetting(gone.id, 'mapping', { mac: 'MAC' }));
    unwrap(await store.setSetting(keep.id, 'mapping', { mac: 'Mac Address' }));
    unwrap(await store.setActive(gone.id));

    unwrap(await store.remove(gone.id));
    expect(await store.list()).toEqual([keep]);
    expect(await secrets.get(gone.id)).toBeNull();
    expect(await secrets.get(keep.id)).toBe('keep-secret');
    expect(await store.getActive()).toBeNull();
    expect(await store.getSetting(gone.id, 'mapping')).toBeUndefined();
    expect(await store.getSetting(keep.id, 'mapping')).toEqual({ mac: 'Mac Address' });
    expect(await store.remove(gone.id)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('remembers the active connection across instances, and can clear it', async () => {
    const saved = unwrap(await store.save(draft(), SECRET));
    expect(await store.setActive('ffffffffffffffffffffffffffffffff')).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    unwrap(await store.setActive(saved.id));
    expect(await newStore().getActive()).toEqual(saved);
    unwrap(await store.setActive(null));
    expect(await newStore().getActive()).toBeNull();
  });

  it('sees changes made by another instance on the same folder (the CLI beside the app)', async () => {
    const other = newStore();
    unwrap(await other.save(draft({ name: 'From CLI' }), SECRET));
    unwrap(await store.save(draft({ name: 'From app' }), SECRET));
    expect((await other.list()).map((p) => p.name)).toEqual(['From CLI', 'From app']);
  });

  describe('when the keychain fails', () => {
    const broken: SecretStore = {
      persistence: 'keychain',
      get: async () => null,
      set: async () => {
        throw new Error('Cannot create an item in a locked collection');
      },
      delete: async () => {
        throw new Error('Cannot delete an item in a locked collection');
      },
    };

    it('does not save a connection whose secret could not be stored', async () => {
      const result = await newStore(broken).save(draft(), SECRET);
      expect(result).toMatchObject({ ok: false, error: { kind: 'keychain', detail: 'Cannot create an item in a locked collection' } });
      expect(await store.list()).toEqual([]);
    });

    it('keeps a connection whose secret could not be deleted', async () => {
      const saved = unwrap(await store.save(draft(), SECRET));
      expect(await newStore(broken).remove(saved.id)).toMatchObject({ ok: false, error: { kind: 'keychain' } });
      expect(await store.list()).toEqual([saved]);
    });
  });

  describe('a damaged connections file', () => {
    it('is kept aside as connections.json.corrupt-<timestamp> and reported, never crashing', async () => {
      await writeFile(join(dir, CONNECTIONS_FILE), '{"version":1,"connections":[{"name":"half-writ');
      expect(await store.list()).toEqual([]);
      const keptAs = join(dir, `${CONNECTIONS_FILE}.corrupt-2026-03-01T09-00-00-000Z`);
      expect(store.problems()).toEqual([
        {
          file: join(dir, CONNECTIONS_FILE),
          keptAs,
          message: `Your saved connections could not be read, so the file was kept as ${keptAs}; add the connections again or restore that file.`,
        },
      ]);
      expect(await readFile(keptAs, 'utf8')).toBe('{"version":1,"connections":[{"name":"half-writ');
      expect(lines.some((line) => line.includes('"profiles.file_set_aside"'))).toBe(true);

      unwrap(await store.save(draft(), SECRET));
      expect(await store.list()).toHaveLength(1);
    });

    it('does not overwrite an earlier copy kept aside at the same moment', async () => {
      await writeFile(join(dir, CONNECTIONS_FILE), 'first');
      await store.list();
      await writeFile(join(dir, CONNECTIONS_FILE), 'second');
      await store.list();
      const kept = (await readdir(dir)).filter((name) => name.includes('.corrupt-')).sort();
      expect(kept).toHaveLength(2);
      expect(await readFile(join(dir, kept[0]!), 'utf8')).toBe('first');
      expect(await readFile(join(dir, kept[1]!), 'utf8')).toBe('second');
    });

    it('keeps the readable entries, and the whole original aside, when only some are bad', async () => {
      const good = unwrap(await store.save(draft({ name: 'Good' }), SECRET));
      const file = JSON.parse(await readFile(join(dir, CONNECTIONS_FILE), 'utf8')) as { connections: unknown[]; activeId: string | null };
      file.connections.push({ id: 'bad', name: 'Bad' });
      file.activeId = good.id;
      const original = JSON.stringify(file);
      await writeFile(join(dir, CONNECTIONS_FILE), original);

      expect(await store.list()).toEqual([good]);
      expect(await store.getActive()).toEqual(good);
      expect(store.problems()).toHaveLength(1);
      expect(store.problems()[0]!.message).toMatch(
        /^1 saved connection\(s\) could not be read and were left out; the original file was kept as /,
      );
      expect(await readFile(store.problems()[0]!.keptAs, 'utf8')).toBe(original);
    });

    it('is kept aside when it is valid JSON of the wrong shape', async () => {
      await writeFile(join(dir, CONNECTIONS_FILE), '["not", "connections"]');
      expect(await store.list()).toEqual([]);
      expect(store.problems()).toHaveLength(1);
    });
  });

  describe('per-connection settings', () => {
    it('saves any JSON value per connection, in a file of their own', async () => {
      const a = unwrap(await store.save(draft({ name: 'A' }), SECRET));
      const b = unwrap(await store.save(draft({ name: 'B' }), SECRET));
      const mapping = { columns: { 'MAC Address': 'mac_address', Ext: 'extension' }, skipHeader: true };
      unwrap(await store.setSetting(a.id, 'csvMapping', mapping));
      unwrap(await store.setSetting(a.id, 'lastQuickcall', '+15551234567'));
      expect(await newStore().getSetting(a.id, 'csvMapping')).toEqual(mapping);
      expect(await store.getSetting(a.id, 'lastQuickcall')).toBe('+15551234567');
      expect(await store.getSetting(b.id, 'csvMapping')).toBeUndefined();
      expect(await store.getSetting(a.id, 'toString')).toBeUndefined();
      expect(await readFile(join(dir, CONNECTIONS_FILE), 'utf8')).not.toContain('lastQuickcall');

      unwrap(await store.setSetting(a.id, 'lastQuickcall', undefined));
      expect(await store.getSetting(a.id, 'lastQuickcall')).toBeUndefined();
      expect(await store.getSetting(a.id, 'csvMapping')).toEqual(mapping);
    });

    it('refuses unknown connections, odd keys and values JSON cannot hold', async () => {
      const a = unwrap(await store.save(draft(), SECRET));
      expect(await store.setSetting('ffffffffffffffffffffffffffffffff', 'k', 1)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
      expect(await store.setSetting(a.id, '__proto__', 1)).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
      expect(await store.setSetting(a.id, 'big', 10n)).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    });

    it('sets a damaged settings file aside and starts afresh', async () => {
      const a = unwrap(await store.save(draft(), SECRET));
      await writeFile(join(dir, SETTINGS_FILE), 'garbage');
      expect(await store.getSetting(a.id, 'csvMapping')).toBeUndefined();
      expect(store.problems()[0]!.keptAs).toBe(join(dir, `${SETTINGS_FILE}.corrupt-2026-03-01T09-00-00-000Z`));
      unwrap(await store.setSetting(a.id, 'csvMapping', {}));
      expect(await store.getSetting(a.id, 'csvMapping')).toEqual({});
    });
  });
});
