import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installCrashHandlers } from '../../main/crash/crash-handler';
import { createLogger } from '../../main/log';
import { startPreview } from '../../main/preview/server';
import type { Publish } from '../../main/services';
import { createServices } from '../../main/services';
import { expect, test } from './fixtures';

const API_KEY = 'c'.repeat(30) + 'KEY';

/** A preview whose main can be made to crash: its process events are an emitter the test fires. */
async function crashablePreview(secrets: Parameters<typeof createServices>[0]['secrets'], restart?: () => void) {
  const log = createLogger(() => {});
  log.protect(API_KEY);
  const mainProcess = new EventEmitter();
  let publishToWindow: Publish = () => undefined;
  const preview = await startPreview({
    rendererRoot: path.join(import.meta.dirname, '../../out/renderer'),
    log,
    createServices: (publish) => {
      publishToWindow = publish;
      return createServices({
        host: 'preview',
        version: '0.0.0-test',
        platform: process.platform,
        log,
        publish,
        userDataDir: mkdtempSync(path.join(os.tmpdir(), 'audian-crash-')),
        secrets,
        ...(restart ? { restart } : {}),
      });
    },
  });
  installCrashHandlers(mainProcess, {
    log,
    version: '0.0.0-test',
    now: () => new Date(),
    publish: (event, payload) => publishToWindow(event, payload),
  });
  return { preview, mainProcess };
}

test('a crash in main shows a calm notice: details to copy (redacted), and Restart', async ({ page, context, secrets }) => {
  let restarts = 0;
  const { preview, mainProcess } = await crashablePreview(secrets, () => (restarts += 1));
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(preview.url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    mainProcess.emit('uncaughtException', new Error(`refused with ${API_KEY}`));
    const notice = page.getByRole('dialog', { name: 'Something went wrong in the app' });
    await expect(notice).toBeVisible();
    await expect(notice.getByText('refused with [redacted]', { exact: true })).toBeVisible();
    await expect(notice.getByRole('button', { name: 'Restart' })).toBeFocused();

    await notice.getByRole('button', { name: 'Copy details' }).click();
    await expect(notice.getByText('Details copied. Paste them into your message to support.')).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^Audian Provisioner 0\.0\.0-test\nuncaught exception at .+\nError: refused with \[redacted\]\n\s+at /);
    expect(copied).not.toContain(API_KEY);

    await notice.getByRole('button', { name: 'Restart' }).click();
    await expect.poll(() => restarts).toBe(1);
  } finally {
    await preview.close();
  }
});

test('where the app cannot restart itself, the notice says what to do, and closes with Escape', async ({ page, secrets }) => {
  const { preview, mainProcess } = await crashablePreview(secrets);
  try {
    await page.goto(preview.url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    mainProcess.emit('unhandledRejection', new Error('socket hang up'));
    const notice = page.getByRole('dialog', { name: 'Something went wrong in the app' });
    await notice.getByRole('button', { name: 'Restart' }).click();
    await expect(notice.getByText('This window cannot restart the app: stop it and start it again.')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(notice).toBeHidden();
  } finally {
    await preview.close();
  }
});
