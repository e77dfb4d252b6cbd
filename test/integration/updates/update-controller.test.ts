import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../common/updates';
import { createLogger } from '../../../main/log';
import { createUpdateController, type UpdateController } from '../../../main/updates/update-controller';

/**
 * electron-updater's own code (feed parsing, version comparison, download, sha512 check) runs here
 * against a real HTTP feed. Two parts cannot run without Electron and are replaced at their seam:
 * the request itself (Electron's net.request becomes Node's http.request, the rest of its HTTP
 * executor stays) and the final quit-and-install, which replaces the running app.
 */
class NodeHttpExecutor extends ElectronHttpExecutor {
  override createRequest(options: http.RequestOptions, callback: (response: unknown) => void) {
    // A fresh socket per request, as Electron's net does: the updater adds a listener per request to the socket it gets.
    return http.request({ ...options, agent: false }, callback) as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
}

const CURRENT_VERSION = '0.1.0';
const NEW_VERSION = '0.2.0';
const INSTALLER = `Audian-Provisioner-${NEW_VERSION}.AppImage`;
const installerBytes = Buffer.from(`a new AppImage, ${NEW_VERSION}\n`.repeat(512));
const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

type Feed = { kind: 'update'; checksum: string } | { kind: 'current' } | { kind: 'broken' };

function feedYaml(version: string, checksum: string): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${INSTALLER}`,
    `    sha512: ${checksum}`,
    `    size: ${installerBytes.length}`,
    `path: ${INSTALLER}`,
    `sha512: ${checksum}`,
    "releaseDate: '2026-12-01T00:00:00.000Z'",
    '',
  ].join('\n');
}

let feed: Feed = { kind: 'current' };
const served: string[] = [];
const server = http.createServer((request, response) => {
  const name = new URL(request.url ?? '/', 'http://feed').pathname.slice(1);
  served.push(name);
  if (feed.kind === 'broken') return void response.writeHead(500).end('feed down');
  // latest.yml, latest-mac.yml or latest-linux.yml: the updater asks for the one of the platform it runs on.
  if (/^latest(-mac|-linux)?\.yml$/.test(name)) {
    const yaml = feed.kind === 'update' ? feedYaml(NEW_VERSION, feed.checksum) : feedYaml(CURRENT_VERSION, sha512(installerBytes));
    return void response.writeHead(200, { 'content-type': 'text/yaml' }).end(yaml);
  }
  if (name === INSTALLER) return void response.writeHead(200, { 'content-length': installerBytes.length }).end(installerBytes);
  response.writeHead(404).end();
});

const home = mkdtempSync(path.join(os.tmpdir(), 'audian-updates-'));
let feedUrl = '';
const previousAppImage = process.env.APPIMAGE;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  writeFileSync(path.join(home, 'app-update.yml'), `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: audian-provisioner-updater\n`);
  // The AppImage updater replaces the running AppImage, which it finds through this variable.
  writeFileSync(path.join(home, 'running.AppImage'), 'the running AppImage');
  process.env.APPIMAGE = path.join(home, 'running.AppImage');
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (previousAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = previousAppImage;
  rmSync(home, { recursive: true, force: true });
});

afterEach(() => {
  served.length = 0;
});

interface Harness {
  controller: UpdateController;
  installs: string[];
  setBatchRunning(running: boolean): void;
  /** Resolves with the first status the controller shows in `state`. */
  next(state: UpdateStatus['state']): Promise<UpdateStatus>;
}

function harness(cacheName: string): Harness {
  const app: AppAdapter = {
    version: CURRENT_VERSION,
    name: 'Audian Provisioner',
    isPackaged: true,
    appUpdateConfigPath: path.join(home, 'app-update.yml'),
    userDataPath: path.join(home, 'user-data'),
    baseCachePath: path.join(home, cacheName),
    whenReady: () => Promise.resolve(),
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  };
  // No feed given here: like the packaged app, the updater reads it from app-update.yml (written by electron-builder).
  const updater = new AppImageUpdater(undefined, app);
  Object.defineProperty(updater, 'httpExecutor', { value: new NodeHttpExecutor() });
  updater.logger = null;
  updater.autoInstallOnAppQuit = false;
  // A differential download needs a real AppImage's block map; the full file is what this test checks.
  updater.disableDifferentialDownload = true;

  const installs: string[] = [];
  let batchRunning = false;
  const waiting = new Map<UpdateStatus['state'], (status: UpdateStatus) => void>();
  const controller = createUpdateController({
    updater: {
      on: updater.on.bind(updater),
      checkForUpdates: () => updater.checkForUpdates(),
      quitAndInstall: () => void installs.push('quit and install'),
    },
    batchRunning: () => batchRunning,
    onStatus: (status) => waiting.get(status.state)?.(status),
    log: createLogger(() => {}),
  });
  return {
    controller,
    installs,
    setBatchRunning: (running) => {
      batchRunning = running;
      controller.batchesChanged();
    },
    next: (state) => new Promise((resolve) => waiting.set(state, resolve)),
  };
}

describe('updates against a local feed', () => {
  it('downloads a newer version and offers the restart when no batch runs', async () => {
    feed = { kind: 'update', checksum: sha512(installerBytes) };
    const { controller, installs, next } = harness('cache-ready');
    const downloading = next('downloading');
    const ready = next('ready');
    await controller.check();
    expect(await downloading).toEqual({ state: 'downloading', version: NEW_VERSION });
    expect(await ready).toEqual({ state: 'ready', version: NEW_VERSION });
    expect(served).toContain(INSTALLER);
    expect(controller.restartToUpdate()).toEqual({ ok: true, value: undefined });
    expect(installs).toEqual(['quit and install']);
  });

  it('holds the restart back while a batch runs and offers it once none runs', async () => {
    feed = { kind: 'update', checksum: sha512(installerBytes) };
    const { controller, installs, setBatchRunning, next } = harness('cache-batch');
    setBatchRunning(true);
    const waitingForBatch = next('waiting-for-batch');
    await controller.check();
    expect(await waitingForBatch).toEqual({ state: 'waiting-for-batch', version: NEW_VERSION });

    const refused = controller.restartToUpdate();
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error.message).toMatch(/batch is running.*installs once it has finished/i);
    expect(installs).toEqual([]);

    const ready = next('ready');
    setBatchRunning(false);
    expect(await ready).toEqual({ state: 'ready', version: NEW_VERSION });
    expect(controller.restartToUpdate().ok).toBe(true);
    expect(installs).toEqual(['quit and install']);
  });

  it('says the app is up to date when the feed has the running version, and offers nothing', async () => {
    feed = { kind: 'current' };
    const { controller, installs, next } = harness('cache-current');
    const upToDate = next('up-to-date');
    await controller.check();
    expect(await upToDate).toEqual({ state: 'up-to-date' });
    expect(served).not.toContain(INSTALLER);
    expect(controller.restartToUpdate().ok).toBe(false);
    expect(installs).toEqual([]);
  });

  it('refuses a download whose checksum does not match the feed, and says so in words', async () => {
    feed = { kind: 'update', checksum: sha512(Buffer.from('some other file')) };
    const { controller, installs, next } = harness('cache-tampered');
    const failed = next('failed');
    await controller.check();
    expect(await failed).toEqual({ state: 'failed', message: expect.stringMatching(/update to 0\.2\.0 could not be downloaded/i) });
    expect(controller.status().state).toBe('failed');
    expect(controller.restartToUpdate().ok).toBe(false);
    expect(installs).toEqual([]);
  });

  it('reports a feed that does not answer, and checks again when asked', async () => {
    feed = { kind: 'broken' };
    const { controller, next } = harness('cache-broken');
    const failed = next('failed');
    await controller.check();
    expect(await failed).toEqual({ state: 'failed', message: expect.stringMatching(/could not check for updates/i) });

    feed = { kind: 'current' };
    const upToDate = next('up-to-date');
    await controller.check();
    expect(await upToDate).toEqual({ state: 'up-to-date' });
  });
});
