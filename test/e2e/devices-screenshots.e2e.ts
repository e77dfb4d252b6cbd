import type { Page } from '@playwright/test';
import { request } from 'undici';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { expect, test } from './fixtures';
import { expectNoSecrets } from './import-setup';
import { openAt, SCHEMES, shoot, ZOOMS } from './screens';

/**
 * Pictures of the Devices section for people to judge (test-results/screenshots/, not committed):
 * the table in both themes and at 200% zoom, the editor, a save conflict and a bulk result.
 */

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

async function connectAndOpenDevices(page: Page, sb: Sandbox): Promise<void> {
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Harborview Dental');
  await dialog.getByRole('textbox', { name: 'Server address', exact: true }).fill(sb.url);
  await dialog.getByRole('textbox', { name: 'Account ID', exact: true }).fill(sb.account.id);
  const key = dialog.getByLabel('API key', { exact: true }).and(dialog.locator('input[type="password"]'));
  await key.fill(sb.credentials.apiKey);
  await key.press('Enter');
  await page.getByRole('dialog', { name: 'Connection saved' }).getByRole('button', { name: 'Done' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Devices', exact: true }).click();
  await expect(page.getByRole('grid', { name: 'Devices' }).getByRole('row').nth(1)).toBeVisible();
}

/** Someone else renames a device over the API, as a colleague in the portal would. */
async function renameOnServer(sb: Sandbox, id: string, name: string): Promise<void> {
  const login = await request(`${sb.url}/v2/api_auth`, {
    method: 'PUT',
    body: JSON.stringify({ data: { api_key: sb.credentials.apiKey } }),
  });
  const token = ((await login.body.json()) as { auth_token: string }).auth_token;
  const answer = await request(`${sb.url}/v2/accounts/${sb.account.id}/devices/${id}`, {
    method: 'PATCH',
    headers: { 'x-auth-token': token },
    body: JSON.stringify({ data: { name } }),
  });
  expect(answer.statusCode).toBe(200);
  await answer.body.dump();
}

for (const colorScheme of SCHEMES) {
  test(`the devices section in ${colorScheme}`, async ({ browser, preview }) => {
    test.setTimeout(120_000);
    sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
    const page = await openAt(browser, preview.url, ZOOMS[100], colorScheme);
    await connectAndOpenDevices(page, sandbox);
    const s = colorScheme;
    const grid = page.getByRole('grid', { name: 'Devices' });
    await shoot(page, `devices-${s}-01-table.png`);

    await grid.focus();
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
    }
    await shoot(page, `devices-${s}-02-ticked.png`);
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete devices' });
    await expect(confirm.getByRole('button', { name: 'Delete 3 devices' })).toBeVisible();
    await shoot(page, `devices-${s}-03-bulk-confirm.png`);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Disable' }).click();
    const disable = page.getByRole('dialog', { name: 'Disable devices' });
    await sandbox.injectFault('unavailable', 1);
    await disable.getByRole('button', { name: 'Disable 3 devices' }).click();
    await expect(disable.getByRole('button', { name: 'Done' })).toBeVisible();
    await shoot(page, `devices-${s}-04-bulk-result.png`);
    await disable.getByRole('button', { name: 'Done' }).click();

    const target = sandbox.state.devices().find((device) => device['mac_address'])!;
    await page.getByRole('searchbox', { name: /Search/ }).fill(String(target['name']));
    await grid.getByRole('button', { name: String(target['name']), exact: true }).click();
    const editor = page.getByRole('dialog', { name: 'Edit device' });
    await expect(editor.getByRole('textbox', { name: 'Device name' })).toHaveValue(String(target['name']));
    await shoot(page, `devices-${s}-05-editor.png`);

    await renameOnServer(sandbox, String(target['_id']), 'Renamed in the portal');
    await editor.getByRole('textbox', { name: 'Device name' }).fill('Renamed on site');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByText('Someone changed this device while you edited it')).toBeVisible();
    await shoot(page, `devices-${s}-06-conflict.png`);
    await editor.getByRole('button', { name: 'Keep mine (save anyway)' }).click();
    await expect(editor.getByRole('status')).toContainText('Saved');
    expect(sandbox.state.devices().find((device) => String(device['_id']) === String(target['_id']))?.['name']).toBe('Renamed on site');

    await editor.getByRole('button', { name: 'Test call…' }).click();
    const call = page.getByRole('dialog', { name: 'Test call' });
    await call.getByRole('textbox', { name: 'Number to call' }).fill('+15551234567');
    await shoot(page, `devices-${s}-07-test-call.png`);
    await call.getByRole('button', { name: 'Call', exact: true }).click();
    await expect(call.getByRole('status')).not.toBeEmpty();
    await shoot(page, `devices-${s}-08-test-call-outcome.png`);
  });
}

test('the devices table at 200% zoom', async ({ browser, preview }) => {
  test.setTimeout(60_000);
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
  const page = await openAt(browser, preview.url, ZOOMS[200], 'light');
  await connectAndOpenDevices(page, sandbox);
  await shoot(page, 'devices-light-09-table-200.png');
});
