import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log';
import { openSealer, SEALING_KEY_ID } from '../../../main/secrets/journal-sealer';
import { createKeytarStore, loadKeytar } from '../../../main/secrets/keytar-store';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { KEYCHAIN_SERVICE } from '../../../main/secrets/secret-store';

/** test/run-all.sh (or test/with-secret-service.sh) sets this inside a dbus-run-session with a throw-away, unlocked gnome-keyring. */
const hasTestSecretService = process.env.AUDIAN_TEST_SECRET_SERVICE === '1';

const log = createLogger(() => undefined);

describe('the journal sealer', () => {
  it('seals a value so that nothing of it reads in clear, and opens it again', async () => {
    const store = createMemoryStore(log, 'No keychain here.');
    const sealer = await openSealer(store, log);

    const sealed = sealer.seal('Desk-12-secret');
    const again = sealer.seal('Desk-12-secret');

    expect(sealer.keptIn).toBe('memory');
    expect(JSON.stringify(sealed)).not.toContain('Desk-12-secret');
    expect(sealed.$sealed).not.toBe(again.$sealed);
    expect(sealer.unseal(sealed)).toBe('Desk-12-secret');
    expect(sealer.unseal(sealer.seal({ pin: '4321' }))).toEqual({ pin: '4321' });
    // The key is made once and kept in the store: a second sealer of the same store opens the first one's values.
    expect(await store.get(SEALING_KEY_ID)).not.toBeNull();
    expect((await openSealer(store, log)).unseal(sealed)).toBe('Desk-12-secret');
  });

  it('cannot open what another key sealed, nor a damaged value', async () => {
    const mine = await openSealer(createMemoryStore(log, 'No keychain here.'), log);
    const theirs = await openSealer(createMemoryStore(log, 'No keychain here.'), log);
    const sealed = theirs.seal('Desk-12-secret');
    const bytes = Buffer.from(sealed.$sealed, 'base64');
    bytes[bytes.length - 1]! ^= 1;

    expect(mine.unseal(sealed)).toBeUndefined();
    expect(theirs.unseal({ $sealed: bytes.toString('base64') })).toBeUndefined();
    expect(theirs.unseal({ $sealed: 'c2hvcnQ=' })).toBeUndefined();
  });

  it('falls back to a key of this run when the store refuses it, and says so', async () => {
    const store = { ...createMemoryStore(log, ''), persistence: 'keychain' as const, get: () => Promise.reject(new Error('locked')) };
    const sealer = await openSealer(store, log);

    expect(sealer.keptIn).toBe('memory');
    expect(sealer.unseal(sealer.seal('x'))).toBe('x');
  });
});

describe.skipIf(!hasTestSecretService)('the journal sealer in a real Secret Service (run with test/with-secret-service.sh)', () => {
  it('keeps its key in the keychain: a later run opens what an earlier one sealed', async () => {
    const keytar = await loadKeytar();
    await keytar.deletePassword(KEYCHAIN_SERVICE, SEALING_KEY_ID);
    try {
      const first = await openSealer(createKeytarStore(keytar, log), log);
      const sealed = first.seal('Desk-12-secret');

      const second = await openSealer(createKeytarStore(keytar, log), log);

      expect(first.keptIn).toBe('keychain');
      expect(second.keptIn).toBe('keychain');
      expect(second.unseal(sealed)).toBe('Desk-12-secret');
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, SEALING_KEY_ID)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    } finally {
      await keytar.deletePassword(KEYCHAIN_SERVICE, SEALING_KEY_ID);
    }
  });
});
