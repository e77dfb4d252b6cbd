import type { Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { changeOnServer, connectAndOpenDevices } from './devices-setup';
import { expect, test } from './fixtures';
import { openSection } from './sections';
import { expectNoSecrets } from './import-setup';
import { openAt, SCHEMES, shoot, ZOOMS } from './screens';

/**
 * Pictures of the Devices section for people to judge (test-results/screenshots/, not committed):
 * the table with registration states in both themes and at 200% zoom, the row menu, the editor,
 * a save conflict, a deletion meanwhile and a bulk result.
 */

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

/** Some phones up, then Live once, so its poller runs and the table shows registration states. */
async function withRegistrations(page: Page, sb: Sandbox): Promise<void> {
  for (const device of sb.state.devices().slice(0, 4)) {
    const username = (device['sip'] as { username?: string } | undefined)?.username;
    if (username) sb.phones.register(username, {});
  }
  await openSection(page, 'Live');
  await expect(page.getByText(/\d+ of \d+ registered/).first()).toBeVisible();
  await openSection(page, 'Devices');
  await expect(page.getByRole('grid', { name: 'Devices' }).getByText('Registered', { exact: true }).first()).toBeVisible();
}

for (const colorScheme of SCHEMES) {
  test(`the devices section in ${colorScheme}`, async ({ browser, preview }) => {
    test.setTimeout(120_000);
    sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
    const page = await openAt(browser, preview.url, ZOOMS[100], colorScheme);
    await connectAndOpenDevices(page, sandbox);
    await withRegistrations(page, sandbox);
    const s = colorScheme;
    const grid = page.getByRole('grid', { name: 'Devices' });
    await shoot(page, `devices-${s}-01-table.png`);

    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menu').getByRole('menuitem', { name: 'Resync' })).toBeFocused();
    await shoot(page, `devices-${s}-01b-row-menu.png`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Home');

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

    await changeOnServer(sandbox, String(target['_id']), { name: 'Renamed in the portal' });
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
    await call.getByRole('button', { name: 'Close', exact: true }).click();

    await changeOnServer(sandbox, String(target['_id']), 'delete');
    await editor.getByRole('textbox', { name: 'Device name' }).fill('Renamed again');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByText('Someone deleted this device while you edited it')).toBeVisible();
    await shoot(page, `devices-${s}-09-deleted-meanwhile.png`);
  });
}

test('the devices table at 200% zoom', async ({ browser, preview }) => {
  test.setTimeout(60_000);
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
  const page = await openAt(browser, preview.url, ZOOMS[200], 'light');
  await connectAndOpenDevices(page, sandbox);
  await withRegistrations(page, sandbox);
  await shoot(page, 'devices-light-10-table-200.png');
});
