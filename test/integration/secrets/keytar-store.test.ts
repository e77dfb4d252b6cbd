import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log';
import { createKeytarStore, loadKeytar, type KeytarBackend } from '../../../main/secrets/keytar-store';
import { openSecretStore } from '../../../main/secrets/open-secret-store';
import { KEYCHAIN_SERVICE, type SecretStore } from '../../../main/secrets/secret-store';

/** test/run-all.sh sets this inside a dbus-run-session with a throw-away, unlocked gnome-keyring. */
const hasTestSecretService = process.env.AUDIAN_TEST_SECRET_SERVICE === '1';

describe.skipIf(!hasTestSecretService)(
  'keytar store against a real Secret Service (skipped unless AUDIAN_TEST_SECRET_SERVICE=1: `npm test` starts a throw-away one on Linux with gnome-keyring and dbus-run-session)',
  () => {
    let keytar: KeytarBackend;
    let store: SecretStore;
    const lines: string[] = [];
    const used = new Set<string>();
    const newId = () => {
      const id = randomBytes(16).toString('hex');
      used.add(id);
      return id;
    };

    beforeAll(async () => {
      keytar = await loadKeytar();
      try {
        await keytar.setPassword(KEYCHAIN_SERVICE, 'test-setup', 'ready');
        await keytar.deletePassword(KEYCHAIN_SERVICE, 'test-setup');
      } catch (error) {
        throw new Error(
          `The test Secret Service did not take a secret (${String(error)}). gnome-keyring creates its unlocked login ` +
            `keyring only when given a password line on stdin: printf '\\n' | gnome-keyring-daemon --unlock --components=secrets`,
          { cause: error },
        );
      }
      store = createKeytarStore(
        keytar,
        createLogger((line) => lines.push(line)),
      );
    });

    afterEach(async () => {
      for (const id of used) await keytar.deletePassword(KEYCHAIN_SERVICE, id);
      used.clear();
    });

    it('round-trips a secret: set, get, delete', async () => {
      const id = newId();
      expect(store.persistence).toBe('keychain');
      expect(store.notice).toBeUndefined();
      await store.set(id, 'k3y-0f-the-account');
      expect(await store.get(id)).toBe('k3y-0f-the-account');
      expect(await store.delete(id)).toBe(true);
      expect(await store.get(id)).toBeNull();
    });

    it('files entries under the service "Audian Provisioner" with the connection id as account', async () => {
      const id = newId();
      await store.set(id, 'filed-here');
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, id)).toBe('filed-here');
    });

    it('keeps unicode secrets intact', async () => {
      const id = newId();
      const secret = 'pä$$wörd 🔑 密码 كلمة e\u0301 \t"quoted" \\ end';
      await store.set(id, secret);
      expect(await store.get(id)).toBe(secret);
    });

    it('keeps long secrets intact', async () => {
      const id = newId();
      const secret = randomBytes(6144).toString('base64');
      expect(secret.length).toBe(8192);
      await store.set(id, secret);
      expect(await store.get(id)).toBe(secret);
    });

    it('overwrites a secret saved earlier', async () => {
      const id = newId();
      await store.set(id, 'first');
      await store.set(id, 'second');
      expect(await store.get(id)).toBe('second');
    });

    it('answers null and false for an entry that is not there', async () => {
      const id = newId();
      expect(await store.get(id)).toBeNull();
      expect(await store.delete(id)).toBe(false);
    });

    it('keeps the secrets of different connections apart', async () => {
      const [a, b] = [newId(), newId()];
      await store.set(a, 'secret-of-a');
      await store.set(b, 'secret-of-b');
      await store.delete(a);
      expect(await store.get(a)).toBeNull();
      expect(await store.get(b)).toBe('secret-of-b');
    });

    it('refuses an empty secret or id instead of passing them on', async () => {
      await expect(store.set(newId(), '')).rejects.toThrow(/empty secret/);
      await expect(store.get('')).rejects.toThrow(/connection id/);
    });

    it('never writes the secret in clear into the keyring files', async () => {
      const dataHome = process.env.XDG_DATA_HOME;
      if (!dataHome) return expect.fail('XDG_DATA_HOME should point at the throw-away keyring folder');
      const secret = `clear-text-canary-${randomBytes(8).toString('hex')}`;
      await store.set(newId(), secret);
      const folder = join(dataHome, 'keyrings');
      const files = await readdir(folder);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect((await readFile(join(folder, file))).includes(secret)).toBe(false);
    });

    it('never logs a secret that passed through', async () => {
      const id = newId();
      await store.set(id, 'logged-never-1234');
      await store.get(id);
      expect(lines.join('\n')).not.toContain('logged-never-1234');
    });

    it('openSecretStore picks the keychain and leaves no probe entry behind', async () => {
      const logged: string[] = [];
      const opened = await openSecretStore({ log: createLogger((line) => logged.push(line)), platform: process.platform });
      expect(opened.persistence).toBe('keychain');
      expect(opened.notice).toBeUndefined();
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, 'keychain-probe')).toBeNull();
      expect(logged.some((line) => line.includes('"secrets.keychain"'))).toBe(true);

      const id = newId();
      await opened.set(id, 'via-open');
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, id)).toBe('via-open');
    });
  },
);
