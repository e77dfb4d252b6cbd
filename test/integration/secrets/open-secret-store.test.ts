import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log';
import type { KeytarBackend } from '../../../main/secrets/keytar-store';
import { openSecretStore } from '../../../main/secrets/open-secret-store';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const childScript = fileURLToPath(new URL('./fixtures/open-store-child.ts', import.meta.url));

const never = () => new Promise<never>(() => undefined);

function backend(overrides: Partial<KeytarBackend>): KeytarBackend {
  const entries = new Map<string, string>();
  return {
    getPassword: async (service, account) => entries.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => void entries.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => entries.delete(`${service}/${account}`),
    ...overrides,
  };
}

function open(loadBackend: () => Promise<KeytarBackend>, platform = 'linux', timeoutMs = 200) {
  const lines: string[] = [];
  const started = Date.now();
  const store = openSecretStore({ log: createLogger((line) => lines.push(line)), platform, timeoutMs, loadBackend });
  return { store, lines, elapsed: () => Date.now() - started };
}

describe('openSecretStore without a working keychain', () => {
  it.skipIf(process.platform !== 'linux')(
    'falls back to session-only memory when no Secret Service is on the bus (real keytar, child process)',
    async () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/audian-test-bus',
        PROBE_TIMEOUT_MS: '3000',
      };
      delete env.DISPLAY;
      const { stdout } = await run(process.execPath, ['--import', 'tsx', childScript], { cwd: repoRoot, env, timeout: 20_000 });
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        persistence: string;
        notice: string;
        readBack: string;
        elapsedMs: number;
        lines: string[];
      };
      expect(result.persistence).toBe('session-only');
      expect(result.notice).toBe(
        'No keychain answered (Secret Service not running): saved secrets last only until the app closes. Install and unlock gnome-keyring (or KWallet) to keep them.',
      );
      expect(result.readBack).toBe('kept-in-memory');
      expect(result.elapsedMs).toBeLessThan(3000);
      expect(result.lines.join('\n')).not.toContain('kept-in-memory');
    },
  );

  it('gives up on a keychain that never answers within the timeout', async () => {
    const { store, elapsed, lines } = open(async () => backend({ setPassword: never }));
    const opened = await store;
    expect(opened.persistence).toBe('session-only');
    expect(opened.notice).toMatch(/^No keychain answered \(Secret Service not running\)/);
    expect(elapsed()).toBeLessThan(1000);
    expect(lines.some((line) => line.includes('"secrets.session_only"') && line.includes('"no_answer"'))).toBe(true);
  });

  it('gives up on a native module whose loading never finishes', async () => {
    const opened = await open(never).store;
    expect(opened.persistence).toBe('session-only');
  });

  it('still starts when the native module cannot load, and says what to install', async () => {
    const opened = await open(async () => {
      throw new Error('libsecret-1.so.0: cannot open shared object file');
    }).store;
    expect(opened.persistence).toBe('session-only');
    expect(opened.notice).toBe(
      'The keychain module could not be loaded: saved secrets last only until the app closes. Install libsecret (package libsecret-1-0) and restart the app to keep them.',
    );
  });

  it('tells a locked keyring apart from a missing one', async () => {
    const opened = await open(async () =>
      backend({
        setPassword: async () => {
          throw new Error('Cannot create an item in a locked collection');
        },
      }),
    ).store;
    expect(opened.notice).toMatch(/^The keychain refused a test secret \(it may be locked/);
  });

  it('does not trust a keychain that reads back something else', async () => {
    const opened = await open(async () => backend({ getPassword: async () => 'stale' })).store;
    expect(opened.persistence).toBe('session-only');
  });

  it('words the notice for the platform', async () => {
    const failing = async () => backend({ setPassword: never });
    expect((await open(failing, 'darwin').store).notice).toMatch(/macOS Keychain did not answer/);
    expect((await open(failing, 'win32').store).notice).toMatch(/Windows Credential Manager did not answer/);
  });

  it('uses a backend that answers, under the same service and account rules', async () => {
    const fake = backend({});
    const opened = await open(async () => fake).store;
    expect(opened.persistence).toBe('keychain');
    await opened.set('abc', 'value');
    expect(await fake.getPassword('Audian Provisioner', 'abc')).toBe('value');
  });
});

describe('the session-only memory store', () => {
  it('round-trips, overwrites, isolates and deletes like the keychain', async () => {
    const store = await open(never).store;
    expect(await store.get('a')).toBeNull();
    await store.set('a', 'one');
    await store.set('a', 'two');
    await store.set('b', 'other');
    expect(await store.get('a')).toBe('two');
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    expect(await store.get('a')).toBeNull();
    expect(await store.get('b')).toBe('other');
  });

  it('refuses an empty secret like the keychain adapter does', async () => {
    const store = await open(never).store;
    await expect(store.set('a', '')).rejects.toThrow(/empty secret/);
  });
});
