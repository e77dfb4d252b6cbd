import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ConnectionInputDraft } from '../../common/profiles';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { expect, test } from './fixtures';
import { openAt, SCHEMES, shoot, ZOOMS } from './screens';

/**
 * Pictures of the Connect screen for people to judge (test-results/screenshots/, not committed):
 * empty, a full list (one active, a passed and a failed Test, a missing key, an on-premise CA), the
 * form with validation errors, the result after saving, and the remove confirmation; both themes,
 * at 100% and 200% zoom. Like screenshots.e2e.ts, it asserts what a picture cannot: nothing
 * scrolls sideways.
 */
const zooms = [ZOOMS[100], ZOOMS[200]];
const schemes = SCHEMES;

let sandbox: Sandbox;
let caFile: string;

test.beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false });
  caFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'audian-ca-')), 'northgate-ca.pem');
  writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
});

test.afterAll(async () => {
  await sandbox.close();
});

/** Saved straight through the bridge: the form itself is covered by connect.e2e.ts. */
async function save(page: Page, draft: ConnectionInputDraft): Promise<string> {
  const result = await page.evaluate((input) => window.audian.invoke('connections:save', input), draft);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.id;
}

for (const zoom of zooms) {
  for (const colorScheme of schemes) {
    test(`Connect at ${zoom.name}% zoom in ${colorScheme}`, async ({ browser, preview, secrets }) => {
      const prefix = `${zoom.name}-${colorScheme}-connect`;
      const page = await openAt(browser, preview.url, zoom, colorScheme);
      await expect(page.getByText('No connections yet')).toBeVisible();
      await shoot(page, `${prefix}-1-empty.png`);

      const account = { baseUrl: sandbox.url, accountId: sandbox.account.id };
      await save(page, { name: 'Harborview Dental', ...account, auth: { method: 'api_key' }, secret: sandbox.credentials.apiKey });
      await save(page, {
        name: 'Bayside Clinic, main office',
        ...account,
        auth: { method: 'api_key' },
        secret: 'an-old-key-that-was-revoked',
      });
      const northgate = await save(page, {
        name: 'Northgate Warehouse',
        baseUrl: 'https://pbx.northgate.example:8443',
        accountId: '4f0c2a9e8d7b41f6a3c5e1d2b0a9f8e7',
        auth: { method: 'user_password', username: 'tech.onsite', accountName: 'northgate' },
        caFile,
        secret: 'correct horse battery staple',
      });
      // As after a restart with no keychain: the key is gone, the connection stays.
      await secrets.delete(northgate);
      await page.reload();

      await page.getByRole('button', { name: /^Test Harborview Dental/ }).click();
      await page.getByRole('button', { name: /^Test Bayside Clinic/ }).click();
      await expect(page.getByText(/^Connected as .+, \d+ devices$/)).toBeVisible();
      await expect(page.getByText('API key not accepted')).toBeVisible();
      await page.getByRole('article', { name: 'Bayside Clinic, main office' }).getByText('Details', { exact: true }).click();
      await expect(page.getByText('Password missing — enter it again')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Connected: Harborview Dental' })).toBeVisible();
      // Tall enough to show the whole list: at 100% zoom the main area scrolls inside the frame, out of a full-page shot's reach.
      await page.setViewportSize({ width: zoom.viewport.width, height: zoom.viewport.height * 1.6 });
      await shoot(page, `${prefix}-2-list.png`);
      await page.setViewportSize(zoom.viewport);

      await page.getByRole('button', { name: 'Add connection' }).click();
      const form = page.getByRole('dialog', { name: 'Add connection' });
      await form.getByRole('textbox', { name: 'Server address' }).fill('api.audian.com:8443');
      await form.getByRole('textbox', { name: 'Account ID' }).fill('4f0c2a9e 8d7b');
      await form.getByRole('radio', { name: 'User name and password' }).check();
      await form.getByRole('button', { name: 'Save connection' }).click();
      await expect(form.getByText('Enter the password.')).toBeVisible();
      await shoot(page, `${prefix}-3-form-errors.png`, false);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: /^Edit Harborview Dental/ }).click();
      const edit = page.getByRole('dialog', { name: 'Edit Harborview Dental' });
      await edit.getByRole('button', { name: 'Save changes' }).click();
      const saved = page.getByRole('dialog', { name: 'Connection saved' });
      await expect(saved.getByText(/^Connected as .+, \d+ devices$/)).toBeVisible();
      await shoot(page, `${prefix}-4-saved.png`, false);
      await saved.getByRole('button', { name: 'Done' }).click();

      await page.getByRole('button', { name: /^Remove Bayside Clinic/ }).click();
      await expect(page.getByRole('dialog', { name: 'Remove connection' })).toBeVisible();
      await shoot(page, `${prefix}-5-remove.png`, false);
      await page.context().close();
    });
  }
}
