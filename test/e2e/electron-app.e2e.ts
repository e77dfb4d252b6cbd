import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

const electronPackage = path.join(import.meta.dirname, '../../node_modules/electron');

/** The binary's location, read the way electron's own index.js does, without triggering a download. */
function electronBinary(): string | null {
  const pathFile = path.join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

const appArgs = [path.join(import.meta.dirname, '../..'), '--no-sandbox'];

const launch = () =>
  electron.launch({
    executablePath: binary!,
    args: appArgs,
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  });

/** Launches the app, waits for its window on app://, runs `body`, and always closes the app. */
async function withApp(body: (app: ElectronApplication, page: Page) => Promise<void>): Promise<void> {
  const app = await launch();
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveURL(/^app:\/\/audian\//);
    await body(app, page);
  } finally {
    await app.close();
  }
}

type Probe = Window & { __inline?: boolean; __probe?: { evalResult: string; inlineRan: boolean } };

test.describe('the real Electron app', () => {
  test.skip(
    binary === null,
    'The Electron binary is not installed here (it cannot be downloaded on this machine); run `npx install-electron` where it can.',
  );

  test('opens an isolated window that answers ping through IPC and opens no other window', async () => {
    const app = await launch();
    try {
      const page = await app.firstWindow();
      await expect(page).toHaveURL(/^app:\/\/audian\//);
      const pong = await page.evaluate(() => window.audian.invoke('app:ping', { message: 'from e2e' }));
      expect(pong).toMatchObject({ ok: true, value: { message: 'from e2e' } });
      // No Node in the page: context isolation and the sandbox hold.
      expect(
        await page.evaluate(() => [
          typeof (globalThis as { require?: unknown }).require,
          typeof (globalThis as { process?: unknown }).process,
        ]),
      ).toEqual(['undefined', 'undefined']);
      expect(await page.evaluate(() => window.open('https://evil.example/') === null)).toBe(true);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  test('runs no injected code and stays on app:// when the page tries to leave', async () => {
    const app = await launch();
    try {
      const page = await app.firstWindow();
      await expect(page).toHaveURL(/^app:\/\/audian\//);
      // From a timer, as page code: code Playwright evaluates directly is exempt from the CSP.
      await page.evaluate(() =>
        setTimeout(() => {
          const probe = window as unknown as Probe;
          const inline = document.createElement('script');
          inline.textContent = 'window.__inline = true;';
          document.body.append(inline);
          let evalResult = 'ran';
          try {
            (0, eval)('1');
          } catch (error) {
            evalResult = (error as Error).name;
          }
          probe.__probe = { evalResult, inlineRan: probe.__inline === true };
        }),
      );
      const probe = await (await page.waitForFunction(() => (window as unknown as Probe).__probe)).jsonValue();
      expect(probe).toEqual({ evalResult: 'EvalError', inlineRan: false });

      // main's will-navigate handler refuses; a round trip through IPC shows main has handled it since.
      await page.evaluate(() => {
        window.location.href = 'https://evil.example/';
      });
      await page.evaluate(() => window.audian.invoke('app:ping', { message: 'after the attempt' }));
      expect(page.url()).toMatch(/^app:\/\/audian\//);
      expect(await page.evaluate(() => window.open('file:///etc/passwd') === null)).toBe(true);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  test('serves the app from app:// with its security headers, and nothing from outside the renderer folder', async () => {
    await withApp(async (_app, page) => {
      const served = await page.evaluate(async () => {
        const entry = await fetch(location.href);
        const escape = await fetch('app://audian/..%2f..%2fpackage.json');
        return {
          status: entry.status,
          policy: entry.headers.get('content-security-policy'),
          nosniff: entry.headers.get('x-content-type-options'),
          escapeStatus: escape.status,
        };
      });
      expect(served).toMatchObject({ status: 200, nosniff: 'nosniff', escapeStatus: 404 });
      expect(served.policy).toContain("default-src 'none'");
      expect(served.policy).toContain("script-src 'self'");
    });
  });

  test('has the app menu, and no update check in a build without an update feed', async () => {
    await withApp(async (app, page) => {
      const menu = await app.evaluate(({ Menu }) =>
        (Menu.getApplicationMenu()?.items ?? []).map((item) => ({
          role: item.role ?? null,
          labels: (item.submenu?.items ?? []).map((entry) => entry.label),
        })),
      );
      const help = menu.find((item) => item.role?.toLowerCase() === 'help');
      expect(help?.labels).toEqual(expect.arrayContaining(['Audian API documentation', 'Audian support']));
      expect(help?.labels.some((label) => /update/i.test(label))).toBe(false);
      expect(await page.evaluate(() => window.audian.invoke('updates:status', {}))).toEqual({ ok: true, value: { state: 'off' } });
    });
  });

  test('shows alerts as native notifications, never as web notifications from the page', async () => {
    await withApp(async (app, page) => {
      expect(await app.evaluate(({ Notification }) => Notification.isSupported())).toBe(true);
      // main denies every permission request of the page (main/electron/hardening.ts).
      expect(await page.evaluate(() => Notification.requestPermission())).toBe('denied');
    });
  });

  test('stays one instance: a second start quits at once and leaves the first window alone', async () => {
    await withApp(async (app) => {
      const second = spawn(binary!, appArgs, { stdio: 'ignore' });
      const [exitCode] = (await once(second, 'exit')) as [number | null];
      expect(exitCode).toBe(0);
      expect(app.windows()).toHaveLength(1);
    });
  });

  test('imports a file through real IPC, read on main a slice at a time', async () => {
    await withApp(async (_app, page) => {
      const csv = 'name,mac_address,sip_username\nLobby,00:15:65:AA:00:01,lobby\nDesk,00:15:65:AA:00:02,desk\n';
      const draft = await page.evaluate(
        (content) => window.audian.invoke('import:load', { fileName: 'two-phones.csv', contentBase64: btoa(content) }),
        csv,
      );
      expect(draft.ok).toBe(true);
      if (!draft.ok) return;
      expect(draft.value.headers).toEqual(['name', 'mac_address', 'sip_username']);
      expect(draft.value.rows.map((row) => row.cells[0])).toEqual(['Lobby', 'Desk']);
      expect(draft.value.issues).toEqual([]);
    });
  });

  test("keeps a connection's secret in the OS keychain across restarts, and never hands it to the page", async () => {
    test.skip(
      process.platform === 'linux' && process.env.AUDIAN_TEST_SECRET_SERVICE !== '1',
      'No Secret Service here: run under test/with-secret-service.sh (npm test does).',
    );
    const secret = `e2e-key-${Date.now()}`;
    let savedId = '';
    await withApp(async (_app, page) => {
      const saved = await page.evaluate(
        (key) =>
          window.audian.invoke('connections:save', {
            name: 'Keychain check',
            baseUrl: 'https://pbx.example.invalid',
            accountId: 'a'.repeat(32),
            auth: { method: 'api_key' },
            secret: key,
          }),
        secret,
      );
      expect(saved.ok).toBe(true);
      savedId = saved.ok ? saved.value.id : '';
      expect(JSON.stringify(saved)).not.toContain(secret);
    });
    await withApp(async (_app, page) => {
      const overview = await page.evaluate(() => window.audian.invoke('connections:list', {}));
      expect(overview.ok).toBe(true);
      if (!overview.ok) return;
      expect(overview.value.secretStorage.persistence).toBe('keychain');
      expect(overview.value.connections.find((connection) => connection.id === savedId)?.secretAvailable).toBe(true);
      expect(JSON.stringify(overview)).not.toContain(secret);
      expect(await page.evaluate((id) => window.audian.invoke('connections:remove', { id }), savedId)).toMatchObject({ ok: true });
    });
  });
});
