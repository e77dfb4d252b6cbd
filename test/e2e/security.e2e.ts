import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { startSandbox } from '../../main/sandbox/server';
import { expect, test } from './fixtures';
import { openSection } from './sections';

/**
 * The renderer's defences that a browser can prove: the Content-Security-Policy stops injected
 * code, and the preview bridge (the stand-in for IPC) answers only its own page. Navigation and
 * window.open are the Electron shell's job: test/unit/electron/shell.test.ts and
 * test/e2e/electron-app.e2e.ts cover them.
 */

interface ForeignSite {
  origin: string;
  requests: Array<{ path: string; referer: string | undefined }>;
  close(): Promise<void>;
}

/** Another origin on loopback: a page and a script an attacker would like the app to run. */
async function startForeignSite(): Promise<ForeignSite> {
  const requests: ForeignSite['requests'] = [];
  const server = http.createServer((request, response) => {
    requests.push({ path: request.url ?? '', referer: request.headers.referer });
    if (request.url === '/evil.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end('window.__foreign = true;');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>Another site</title><p>Another site</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let foreign: ForeignSite;
test.beforeEach(async () => {
  foreign = await startForeignSite();
});
test.afterEach(async () => {
  await foreign.close();
});

type Flags = '__inline' | '__handler' | '__eval' | '__function' | '__foreign';
type Probe = Window & {
  __violations: Array<{ directive: string; blocked: string }>;
  __outcome?: { evalResult: string; functionResult: string; remoteResult: string };
} & Partial<Record<Flags, boolean>>;

/** Records every CSP violation from the first script on, before the app's own code runs. */
async function openAppRecordingViolations(page: Page, url: string): Promise<void> {
  await page.addInitScript(() => {
    const probe = window as unknown as Probe;
    probe.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      probe.__violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI }),
    );
  });
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect');
}

test('the Content-Security-Policy stops injected inline scripts, inline handlers, eval and foreign scripts', async ({ page, preview }) => {
  await openAppRecordingViolations(page, preview.url);
  // The app itself runs without tripping its own policy.
  expect(await page.evaluate(() => (window as unknown as Probe).__violations)).toEqual([]);

  // Run from a timer, as page code: code that Playwright evaluates directly is exempt from the CSP.
  await page.evaluate((evilScript) => {
    const probe = window as unknown as Probe;
    const errorName = (run: () => void) => {
      try {
        run();
        return 'ran';
      } catch (error) {
        return (error as Error).name;
      }
    };
    setTimeout(() => {
      const inline = document.createElement('script');
      inline.textContent = 'window.__inline = true;';
      document.body.append(inline);

      const handler = document.createElement('button');
      handler.setAttribute('onclick', 'window.__handler = true;');
      document.body.append(handler);
      handler.click();

      const evalResult = errorName(() => (0, eval)('window.__eval = true;'));
      const functionResult = errorName(() => new Function('window.__function = true;')());

      const remote = document.createElement('script');
      remote.src = evilScript;
      remote.onload = () => (probe.__outcome = { evalResult, functionResult, remoteResult: 'loaded' });
      remote.onerror = () => (probe.__outcome = { evalResult, functionResult, remoteResult: 'blocked' });
      document.body.append(remote);
    });
  }, `${foreign.origin}/evil.js`);
  const outcome = await (await page.waitForFunction(() => (window as unknown as Probe).__outcome)).jsonValue();

  expect(outcome).toEqual({ evalResult: 'EvalError', functionResult: 'EvalError', remoteResult: 'blocked' });
  // Violation reports are queued as tasks; wait for all four kinds.
  await expect
    .poll(async () => (await page.evaluate(() => (window as unknown as Probe).__violations)).map((v) => v.directive).sort())
    .toEqual(expect.arrayContaining(['script-src', 'script-src-attr', 'script-src-elem']));
  const violations = await page.evaluate(() => (window as unknown as Probe).__violations);
  expect(violations).toContainEqual({ directive: 'script-src-elem', blocked: `${foreign.origin}/evil.js` });
  expect(violations).toContainEqual({ directive: 'script-src-elem', blocked: 'inline' });
  expect(violations).toContainEqual({ directive: 'script-src-attr', blocked: 'inline' });
  expect(violations).toContainEqual({ directive: 'script-src', blocked: 'eval' });

  const flags = await page.evaluate(() => {
    const probe = window as unknown as Probe;
    return [probe.__inline, probe.__handler, probe.__eval, probe.__function, probe.__foreign];
  });
  expect(flags).toEqual([undefined, undefined, undefined, undefined, undefined]);
  expect(foreign.requests.map((r) => r.path)).not.toContain('/evil.js');
});

test('the code each section and the connection form load later runs within the policy too', async ({ page, preview }) => {
  await openAppRecordingViolations(page, preview.url);
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  // Saving with every field empty runs the connection schema in the page.
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).press('Enter');
  await expect(dialog.getByText('Give the connection a name, e.g. the customer or site.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close Add connection' }).click();
  for (const section of ['Devices', 'Import', 'Live', 'History'] as const) await openSection(page, section);
  await page.getByRole('button', { name: 'Diagnostics', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Diagnostics' })).toBeVisible();

  expect(await page.evaluate(() => (window as unknown as Probe).__violations)).toEqual([]);
});

test('a page on another origin opened from the app reaches neither the token nor the bridge', async ({ page, preview, traffic }) => {
  await openAppRecordingViolations(page, preview.url);
  const appOrigin = new URL(preview.url).origin;

  const popupOpened = page.waitForEvent('popup');
  await page.evaluate((url) => void window.open(url), `${foreign.origin}/page.html`);
  const popup = await popupOpened;
  await expect(popup.getByText('Another site')).toBeVisible();

  // The page URL carries the token; the other site is not told where it was opened from.
  const visit = foreign.requests.find((r) => r.path === '/page.html');
  expect(visit).toBeDefined();
  expect(visit?.referer ?? '').not.toContain(preview.token);

  const attempts = await popup.evaluate(async (bridge) => {
    const errorName = (read: () => unknown) => {
      try {
        read();
        return 'read';
      } catch (error) {
        return (error as Error).name;
      }
    };
    const openerUrl = errorName(() => window.opener.location.href);
    const openerApi = errorName(() => window.opener.audian);
    const body = JSON.stringify({ channel: 'app:ping', input: { message: 'from another site' } });
    const withHeader = await fetch(`${bridge}/__audian/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-audian-bridge-token': 'guessed' },
      body,
    }).then(
      (response) => `answered ${response.status}`,
      (error: Error) => error.name,
    );
    // A "simple" request needs no preflight, so it reaches the server: the missing token stops it there.
    const simple = await fetch(`${bridge}/__audian/invoke`, { method: 'POST', mode: 'no-cors', body }).then(
      (response) => response.type,
      (error: Error) => error.name,
    );
    return { openerUrl, openerApi, referrer: document.referrer, withHeader, simple };
  }, appOrigin);

  expect(attempts).toEqual({
    openerUrl: 'SecurityError',
    openerApi: 'SecurityError',
    referrer: '',
    withHeader: 'TypeError',
    simple: 'opaque',
  });
  expect(traffic.filter((entry) => entry.body.includes('from another site'))).toEqual([]);
});

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request as any local process could send it, with whatever Host and Origin it likes. */
function raw(
  previewUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(previewUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

test('the bridge refuses a missing token, a foreign Host or Origin, and survives malformed requests', async ({ preview, traffic }) => {
  const host = new URL(preview.url).host;
  const ping = JSON.stringify({ channel: 'app:ping', input: { message: 'raw' } });
  const invoke = (headers: Record<string, string>, body = ping) =>
    raw(preview.url, { method: 'POST', path: '/__audian/invoke', headers: { 'content-type': 'application/json', ...headers }, body });
  const token = { 'x-audian-bridge-token': preview.token };

  expect((await invoke({})).status).toBe(403);
  expect((await invoke({ 'x-audian-bridge-token': 'x'.repeat(preview.token.length) })).status).toBe(403);
  expect((await invoke({ ...token, host: 'evil.example' })).status).toBe(421);
  expect((await invoke({ ...token, host: `localhost:${new URL(preview.url).port}` })).status).toBe(421);
  expect((await invoke({ ...token, origin: 'http://evil.example' })).status).toBe(403);
  expect((await invoke({ ...token, origin: 'null' })).status).toBe(403);
  expect((await raw(preview.url, { path: '/__audian/events' })).status).toBe(403);
  expect((await raw(preview.url, { path: '/?token=wrong' })).status).toBe(403);
  expect((await raw(preview.url, { path: '/%2e%2e/%2e%2e/etc/passwd' })).status).toBe(404);
  expect((await raw(preview.url, { path: '//evil:not-a-port/x' })).status).toBe(400);
  expect(traffic).toEqual([]);

  expect((await invoke(token, '{not json')).status).toBe(400);
  for (const body of [
    'null',
    '[]',
    '"app:ping"',
    '{"channel":"__proto__","input":{}}',
    '{"channel":"app:ping","input":{"__proto__":{"x":1}}}',
  ]) {
    const answer = await invoke(token, body);
    expect(answer.status, body).toBe(200);
    expect(JSON.parse(answer.body), body).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
  }

  const page = await raw(preview.url, { path: `/?token=${preview.token}`, headers: { host } });
  expect(page.status).toBe(200);
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  expect(page.headers['referrer-policy']).toBe('no-referrer');
  expect(page.headers['x-content-type-options']).toBe('nosniff');

  // Still answering its own page after all of that.
  const answer = await invoke(token);
  expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { message: 'raw' } });
});

test('a compromised page cannot re-point a saved connection and have its key sent elsewhere', async ({ page, preview }) => {
  const sandbox = await startSandbox({ rateLimit: false, autoRegister: false });
  try {
    await page.goto(preview.url);
    const attempt = await page.evaluate(
      async ({ sandboxUrl, accountId, apiKey, attackerUrl }) => {
        const saved = await window.audian.invoke('connections:save', {
          name: 'Site',
          baseUrl: sandboxUrl,
          accountId,
          auth: { method: 'api_key' },
          secret: apiKey,
        });
        if (!saved.ok) throw new Error(saved.error.message);
        // What injected code would do next: the same connection, its own server, no key typed.
        const { id, name } = saved.value;
        const repointed = await window.audian.invoke('connections:save', {
          id,
          name,
          baseUrl: `${attackerUrl}/v2/exfil`,
          accountId,
          auth: { method: 'api_key' },
        });
        const checked = await window.audian.invoke('connections:check', { id });
        return { repointed, checked };
      },
      { sandboxUrl: sandbox.url, accountId: sandbox.account.id, apiKey: sandbox.credentials.apiKey, attackerUrl: foreign.origin },
    );
    expect(attempt.repointed).toMatchObject({ ok: false, error: { fields: [{ path: 'secret', code: 'required' }] } });
    expect(attempt.checked).toMatchObject({ ok: true, value: { accountId: sandbox.account.id } });
    expect(foreign.requests).toEqual([]);
  } finally {
    await sandbox.close();
  }
});
