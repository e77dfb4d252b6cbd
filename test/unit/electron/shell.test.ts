import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { requestChannels } from '../../../common/ipc/channels';
import { ok } from '../../../common/ipc/result';
import { limitPermissions, hardenWebContents } from '../../../main/electron/hardening';
import { registerIpc, senderOf } from '../../../main/electron/ipc';
import { HELP_LINKS, menuTemplate } from '../../../main/electron/menu';
import { registerAppProtocol, resolveRendererFile } from '../../../main/electron/protocol';
import { CONTENT_SECURITY_POLICY, isAllowedExternalUrl, isTrustedSender } from '../../../main/electron/security-policy';
import { createMainWindow } from '../../../main/electron/window';
import { createRouter, type Handlers } from '../../../main/ipc/router';
import { createLogger } from '../../../main/log';

describe('main window', () => {
  /** Stands in for Electron's BrowserWindow and keeps the options it was built with. */
  class RecordingWindow {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  }
  const open = (isPackaged: boolean) =>
    (createMainWindow(RecordingWindow as never, '/app/preload/index.cjs', '#000000', isPackaged) as unknown as RecordingWindow).options;
  const prefs = open(true).webPreferences ?? {};

  it('isolates and sandboxes the renderer', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('loads the bundled CommonJS preload and closes devtools in a packaged build', () => {
    expect(prefs.preload).toBe('/app/preload/index.cjs');
    expect(prefs.devTools).toBe(false);
    expect(open(false).webPreferences?.devTools).toBe(true);
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows only our own scripts, no inline code and no eval', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('is the same policy the renderer HTML carries', () => {
    const html = readFileSync(path.join(import.meta.dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    // A meta policy cannot carry frame-ancestors; every other directive must match the header.
    const withoutFrameAncestors = CONTENT_SECURITY_POLICY.split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(withoutFrameAncestors);
  });
});

describe('external links', () => {
  it.each(['https://docs.audian.com/devices', 'https://support.audian.ai/articles/x'])('opens %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });
  it.each([
    'http://docs.audian.com/',
    'https://docs.audian.com.evil.example/',
    'https://user:pass@docs.audian.com/',
    'https://docs.audian.com:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://docs.audian.com/share',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('IPC sender check', () => {
  const ids = new Set([7]);
  it('trusts the main frame of our window on app://', () => {
    expect(isTrustedSender({ frameUrl: 'app://audian/index.html', isMainFrame: true, webContentsId: 7 }, ids)).toBe(true);
  });
  it.each([
    ['a sub-frame', { frameUrl: 'app://audian/index.html', isMainFrame: false, webContentsId: 7 }],
    ['another web contents', { frameUrl: 'app://audian/index.html', isMainFrame: true, webContentsId: 8 }],
    ['a remote page', { frameUrl: 'https://evil.example/', isMainFrame: true, webContentsId: 7 }],
    ['a look-alike host', { frameUrl: 'app://audian.evil/index.html', isMainFrame: true, webContentsId: 7 }],
    ['a file page', { frameUrl: 'file:///tmp/x.html', isMainFrame: true, webContentsId: 7 }],
    ['an empty URL', { frameUrl: '', isMainFrame: true, webContentsId: 7 }],
  ])('refuses %s', (_label, sender) => {
    expect(isTrustedSender(sender, ids)).toBe(false);
  });
});

describe('app:// protocol', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'renderer-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');

  it('serves files inside the renderer folder', () => {
    expect(resolveRendererFile(root, 'app://audian/')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://audian/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it.each([
    'app://audian/../secret.txt',
    'app://audian/%2e%2e/secret.txt',
    'app://audian/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://audian/..%5c..%5csecret.txt',
    'app://audian/%00index.html',
    'app://other/index.html',
    'https://audian/index.html',
    'app://audian/%E0%A4%A',
  ])('refuses %s', (url) => {
    const file = resolveRendererFile(root, url);
    if (file !== null) expect(path.relative(root, file).startsWith('..')).toBe(false);
    expect(file === null || file.startsWith(root + path.sep)).toBe(true);
    expect(file).not.toBe(path.join(path.dirname(root), 'secret.txt'));
  });

  it('answers with the CSP header and 404 for anything outside', async () => {
    let handler: ((request: Request) => Promise<Response>) | undefined;
    const protocol = { handle: (_scheme: string, fn: (request: Request) => Promise<Response>) => (handler = fn) };
    const net = {
      fetch: async (url: string) => new Response(readFileSync(fileURLToPath(url)), { headers: { 'content-type': 'text/html' } }),
    };
    registerAppProtocol(protocol as never, net as never, root);
    const page = await handler!(new Request('app://audian/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>x</title>');
    expect((await handler!(new Request('app://audian/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404);
  });
});

describe('web contents hardening', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void; defaultPrevented: boolean }, url?: string) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
      on: (name: string, fn: (event: { preventDefault(): void; defaultPrevented: boolean }, url?: string) => void) =>
        listeners.set(name, fn),
    };
    const fire = (name: string, url?: string) => {
      const event = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      listeners.get(name)?.(event, url);
      return event.defaultPrevented;
    };
    return { contents, fire, open: (url: string) => openHandler?.({ url }) };
  }

  it('denies every new window and opens only allow-listed links externally', () => {
    const opened: string[] = [];
    const { contents, open } = fakeContents();
    hardenWebContents(contents as never, (url) => opened.push(url));
    expect(open('https://docs.audian.com/x')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.audian.com/x']);
  });

  it('blocks navigation, redirects and webviews', () => {
    const opened: string[] = [];
    const { contents, fire } = fakeContents();
    hardenWebContents(contents as never, (url) => opened.push(url));
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'app://audian/other.html')).toBe(true);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
    expect(opened).toEqual([]);
  });

  const HOSTILE_URLS = [
    'javascript:alert(document.domain)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'file://server/share/x.html',
    'http://docs.audian.com/',
    'https://evil.example/',
    'https://docs.audian.com.evil.example/',
    'https://docs.audian.com@evil.example/',
    'https://user:pass@docs.audian.com/',
    'https://docs.audian.com:444/',
    'app://audian/../../etc/passwd',
    'app://audian/index.html',
    'app://evil/index.html',
    'about:blank',
    'chrome://settings',
    'blob:app://audian/1234',
    'smb://server/share',
    'vbscript:msgbox(1)',
    '',
  ];

  it.each(HOSTILE_URLS)('opens no window, navigates nowhere and opens nothing outside for %j', (url) => {
    const opened: string[] = [];
    const { contents, fire, open } = fakeContents();
    hardenWebContents(contents as never, (target) => opened.push(target));
    expect(open(url)).toEqual({ action: 'deny' });
    expect(fire('will-navigate', url)).toBe(true);
    expect(fire('will-redirect', url)).toBe(true);
    expect(opened).toEqual([]);
  });

  it('sends an allow-listed https help link to the browser, never into the app', () => {
    const opened: string[] = [];
    const { contents, fire, open } = fakeContents();
    hardenWebContents(contents as never, (target) => opened.push(target));
    expect(open(HELP_LINKS.support)).toEqual({ action: 'deny' });
    expect(fire('will-navigate', HELP_LINKS.apiDocs)).toBe(true);
    expect(opened).toEqual([HELP_LINKS.support, HELP_LINKS.apiDocs]);
  });

  it('denies every permission request and check but writing text to the clipboard', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: ((c: unknown, p: string) => boolean) | undefined;
    limitPermissions({
      setPermissionRequestHandler: (fn: never) => (request = fn),
      setPermissionCheckHandler: (fn: never) => (check = fn),
    } as never);
    const permissions = ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write'];
    const answers: boolean[] = [];
    for (const permission of permissions) request?.({}, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false, false, false, false, true]);
    expect(permissions.map((permission) => check?.({}, permission))).toEqual([false, false, false, false, true]);
  });
});

describe('native menu', () => {
  it('has the usual Edit, View and Help entries', () => {
    const menu = menuTemplate(false, () => {});
    const labels = menu.map((item) => item.label ?? item.role);
    expect(labels).toEqual(expect.arrayContaining(['&Edit', '&View', 'help']));
    const edit = menu.find((item) => item.label === '&Edit')?.submenu as Array<{ role?: string }>;
    expect(edit.map((item) => item.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('offers Check for Updates in Help only when the app has an update feed', () => {
    const helpLabels = (menu: ReturnType<typeof menuTemplate>) =>
      (menu.find((item) => item.role === 'help')?.submenu as Array<{ label?: string }>).map((item) => item.label);
    expect(helpLabels(menuTemplate(false, () => {}))).not.toContain('Check for &Updates…');
    let checks = 0;
    const help = menuTemplate(
      false,
      () => {},
      () => checks++,
    ).find((item) => item.role === 'help')?.submenu as Array<{
      label?: string;
      click?: () => void;
    }>;
    help.find((item) => item.label === 'Check for &Updates…')?.click?.();
    expect(checks).toBe(1);
  });

  it('opens help pages through the external opener', () => {
    const opened: string[] = [];
    const help = menuTemplate(true, (url) => opened.push(url)).find((item) => item.role === 'help')?.submenu as Array<{
      click?: () => void;
    }>;
    help.forEach((item) => item.click?.());
    expect(opened).toEqual([HELP_LINKS.apiDocs, HELP_LINKS.support]);
    expect(opened.every(isAllowedExternalUrl)).toBe(true);
  });
});

describe('IPC registration', () => {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>>();
  const ipcMain = {
    handle: (channel: string, fn: (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>) => handlers.set(channel, fn),
  };
  const dispatch = createRouter(
    {
      ...Object.fromEntries(requestChannels.map((channel) => [channel, async () => ok(null)])),
      'app:info': async () => ok({ name: 'Audian Provisioner', version: '1', host: 'electron', platform: 'linux' }),
      'app:ping': async ({ message }: { message: string }) => ok({ message, receivedAt: 'now' }),
    } as unknown as Handlers,
    (sender) => isTrustedSender(sender, new Set([3])),
    createLogger(() => {}),
  );
  registerIpc(ipcMain as never, dispatch);
  const event = (url: string, parent: unknown = null, id = 3) =>
    ({ sender: { id }, senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;

  it('registers exactly the contract channels', () => {
    expect([...handlers.keys()].sort()).toEqual([...requestChannels].sort());
  });

  it('routes a call from our main frame and refuses a sub-frame', async () => {
    const ping = handlers.get('app:ping')!;
    expect(await ping(event('app://audian/index.html'), { message: 'x' })).toMatchObject({ ok: true });
    expect(await ping(event('app://audian/index.html', { url: 'app://audian/' }), { message: 'x' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden_sender' },
    });
  });

  it('treats a destroyed frame as untrusted', () => {
    expect(senderOf({ sender: { id: 3 }, senderFrame: null } as never)).toEqual({ frameUrl: '', isMainFrame: false, webContentsId: 3 });
  });
});
