import type { Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { changeOnServer, connectAndOpenDevices, storedDevice } from './devices-setup';
import { expect, test } from './fixtures';
import { expectNoSecrets } from './import-setup';

/**
 * What happens to a device when someone else is at it too (an edit or a deletion meanwhile),
 * and the row actions whose outcome is on the server: resync, duplicate, bulk change of owner.
 */

let sandbox: Sandbox | null = null;

test.beforeEach(async () => {
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
});

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

/** Opens Devices on the sandbox and a test call from the named device's row menu. */
async function openTestCall(page: Page, previewUrl: string, deviceName: string) {
  await page.goto(previewUrl);
  await connectAndOpenDevices(page, sandbox!);
  const grid = page.getByRole('grid', { name: 'Devices' });
  await grid.getByRole('button', { name: `Actions for ${deviceName}` }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Test call…' }).click();
  const call = page.getByRole('dialog', { name: 'Test call' });
  return { grid, call, number: call.getByRole('textbox', { name: 'Number to call' }) };
}

test('an edit made meanwhile: the editor shows what changed; "use theirs" reloads, "keep mine" saves', async ({ page, preview }) => {
  test.setTimeout(90_000);
  const sb = sandbox!;
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sb);
  const id = String(storedDevice(sb, 'Front Desk 2')['_id']);
  const grid = page.getByRole('grid', { name: 'Devices' });
  await grid.getByRole('button', { name: 'Front Desk 2', exact: true }).click();
  const editor = page.getByRole('dialog', { name: 'Edit device' });
  const name = editor.getByRole('textbox', { name: 'Device name' });
  await expect(name).toHaveValue('Front Desk 2');

  await changeOnServer(sb, id, { name: 'Front Desk 2 (moved)', enabled: false });
  await name.fill('Reception 2');
  await page.keyboard.press('Control+s');
  const conflict = editor.getByRole('alert').filter({ hasText: 'Someone changed this device while you edited it' });
  await expect(conflict).toBeVisible();
  const changes = conflict.getByRole('table');
  await expect(changes.getByRole('row', { name: /Device name/ })).toContainText('Reception 2');
  await expect(changes.getByRole('row', { name: /Device name/ })).toContainText('Front Desk 2 (moved)');
  await expect(changes.getByRole('row', { name: /Enabled/ })).toContainText('Disabled');
  expect(storedDevice(sb, 'Front Desk 2 (moved)')['_id']).toBe(id);

  await conflict.getByRole('button', { name: 'Use theirs (reload)' }).click();
  await expect(name).toHaveValue('Front Desk 2 (moved)');
  await expect(editor.getByRole('checkbox', { name: /Enabled/ })).not.toBeChecked();
  // Their values are now the base: saving mine on top of them goes through without a conflict.
  await name.fill('Reception 2');
  await page.keyboard.press('Control+s');
  await expect(editor.getByRole('status')).toContainText('Saved');
  expect(storedDevice(sb, 'Reception 2')).toMatchObject({ _id: id, enabled: false });

  await changeOnServer(sb, id, { name: 'Front desk (portal)' });
  await name.fill('Reception Two');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(conflict).toBeVisible();
  await conflict.getByRole('button', { name: 'Keep mine (save anyway)' }).click();
  await expect(editor.getByRole('status')).toContainText('Saved');
  expect(storedDevice(sb, 'Reception Two')['_id']).toBe(id);
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await expect(grid.getByRole('button', { name: 'Reception Two', exact: true })).toBeVisible();
});

test('a device deleted meanwhile: the editor says so, and can create it again', async ({ page, preview }) => {
  test.setTimeout(90_000);
  const sb = sandbox!;
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sb);
  const billing = storedDevice(sb, 'Billing');
  const grid = page.getByRole('grid', { name: 'Devices' });
  await grid.getByRole('button', { name: 'Billing', exact: true }).click();
  const editor = page.getByRole('dialog', { name: 'Edit device' });
  await expect(editor.getByRole('textbox', { name: 'Device name' })).toHaveValue('Billing');

  await changeOnServer(sb, String(billing['_id']), 'delete');
  await editor.getByRole('textbox', { name: 'Device name' }).fill('Billing desk');
  await page.keyboard.press('Control+s');
  const gone = editor.getByRole('alert').filter({ hasText: 'Someone deleted this device while you edited it' });
  await expect(gone).toContainText('Nothing was saved');
  expect(sb.state.devices().some((device) => device['name'] === 'Billing desk')).toBe(false);

  await gone.getByRole('button', { name: 'Create it again' }).click();
  await expect.poll(() => sb.state.devices().some((device) => device['name'] === 'Billing desk')).toBe(true);
  await expect(gone).toBeHidden();
  await expect(editor.getByRole('textbox', { name: 'Device name' })).toHaveValue('Billing desk');
  const again = storedDevice(sb, 'Billing desk');
  expect(again['_id']).not.toBe(billing['_id']);
  expect(again).toMatchObject({ mac_address: billing['mac_address'], owner_id: billing['owner_id'], provision: billing['provision'] });
  await page.keyboard.press('Escape');
  await expect(grid.getByRole('button', { name: 'Billing desk', exact: true })).toBeVisible();
  await expect(grid.getByRole('button', { name: 'Billing', exact: true })).toHaveCount(0);
});

test('the row menu disables, enables and deletes one device, asking first and naming it', async ({ page, preview }) => {
  const sb = sandbox!;
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sb);
  const grid = page.getByRole('grid', { name: 'Devices' });
  const billing = String(storedDevice(sb, 'Billing')['_id']);

  await grid.getByRole('button', { name: 'Actions for Billing' }).click();
  const menu = page.getByRole('menu', { name: 'Actions for Billing' });
  await expect(menu.getByRole('menuitem', { name: 'Enable…' })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Disable…' }).click();
  const disable = page.getByRole('dialog', { name: 'Disable device' });
  await expect(disable).toContainText('Disable “Billing”?');
  await disable.getByRole('button', { name: 'Cancel' }).click();
  expect(storedDevice(sb, 'Billing')['enabled']).toBe(true);

  await grid.getByRole('button', { name: 'Actions for Billing' }).click();
  await menu.getByRole('menuitem', { name: 'Disable…' }).click();
  await disable.getByRole('button', { name: 'Disable device', exact: true }).click();
  await expect(disable.getByRole('status')).toContainText('1 device disabled');
  expect(storedDevice(sb, 'Billing')['enabled']).toBe(false);
  await disable.getByRole('button', { name: 'Done' }).click();

  // The list follows, and the menu now offers the way back.
  const row = grid.getByRole('row').filter({ has: page.getByRole('button', { name: 'Billing', exact: true }) });
  await expect(row.getByRole('gridcell').filter({ hasText: /^No$/ })).toBeVisible();
  await grid.getByRole('button', { name: 'Actions for Billing' }).click();
  await menu.getByRole('menuitem', { name: 'Enable…' }).click();
  await page.getByRole('dialog', { name: 'Enable device' }).getByRole('button', { name: 'Enable device', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Enable device' }).getByRole('status')).toContainText('1 device enabled');
  expect(storedDevice(sb, 'Billing')['enabled']).toBe(true);
  await page.getByRole('dialog', { name: 'Enable device' }).getByRole('button', { name: 'Done' }).click();

  await grid.getByRole('button', { name: 'Actions for Billing' }).click();
  await menu.getByRole('menuitem', { name: 'Delete…' }).click();
  const remove = page.getByRole('dialog', { name: 'Delete device' });
  await expect(remove).toContainText(
    'Delete “Billing”? It is removed from the account and its phone stops working. This cannot be undone.',
  );
  await remove.getByRole('button', { name: 'Delete device', exact: true }).click();
  await expect(remove.getByRole('status')).toContainText('1 device deleted');
  expect(sb.state.devices().some((device) => device['_id'] === billing)).toBe(false);
  await remove.getByRole('button', { name: 'Done' }).click();
  await expect(grid.getByRole('button', { name: 'Billing', exact: true })).toHaveCount(0);
});

test('resync from the row menu by keyboard, duplicate, and change the owner of ticked devices', async ({ page, preview }) => {
  test.setTimeout(90_000);
  const sb = sandbox!;
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sb);
  const grid = page.getByRole('grid', { name: 'Devices' });

  // Resync, all by keyboard: find the row, open its menu, walk it, and back.
  await page.keyboard.press('Control+f');
  await page.keyboard.type('Dr. Oyelaran');
  await expect(page.getByText(/^1 of \d+ devices$/)).toBeVisible();
  await grid.focus();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Actions for Dr. Oyelaran Office' });
  await expect(menu.getByRole('menuitem', { name: 'Edit…' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: 'Delete…' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Edit…' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(grid).toBeFocused();
  await page.keyboard.press('Shift+F10');
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Resync' })).toBeFocused();
  await page.keyboard.press('Enter');
  const resync = page.getByRole('dialog', { name: 'Resync phone' });
  await resync.getByRole('button', { name: 'Resync', exact: true }).click();
  await expect(resync.getByRole('status')).toContainText('asked the phone to read its settings again');
  const source = storedDevice(sb, 'Dr. Oyelaran Office');
  expect(sb.state.actions().map(({ kind, deviceId, reboot }) => ({ kind, deviceId, reboot }))).toEqual([
    { kind: 'sync', deviceId: source['_id'], reboot: false },
  ]);
  await resync.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(grid).toBeFocused();

  // Duplicate: a new device with the same settings, new SIP sign-in and no MAC.
  await grid.getByRole('button', { name: 'Actions for Dr. Oyelaran Office' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Duplicate…' }).click();
  const duplicate = page.getByRole('dialog', { name: 'Duplicate device' });
  await expect(duplicate.getByRole('textbox', { name: 'Name of the new device' })).toHaveValue('Dr. Oyelaran Office (copy)');
  await duplicate.getByRole('button', { name: 'Duplicate', exact: true }).click();
  const editor = page.getByRole('dialog', { name: 'Edit device' });
  await expect(editor.getByRole('textbox', { name: 'Device name' })).toHaveValue('Dr. Oyelaran Office (copy)');
  const copy = storedDevice(sb, 'Dr. Oyelaran Office (copy)');
  const sip = (device: Record<string, unknown>) => device['sip'] as { username: string; password: string };
  expect(copy['_id']).not.toBe(source['_id']);
  expect(copy).toMatchObject({ device_type: 'sip_device', owner_id: source['owner_id'], provision: source['provision'] });
  expect(copy['mac_address'] ?? '').toBe('');
  expect(sip(copy).username).not.toBe(sip(source).username);
  expect(sip(copy).password).not.toBe(sip(source).password);
  await editor.getByRole('button', { name: 'Close', exact: true }).click();

  // Bulk: tick both front desks and give them to Priya Raman.
  await page.getByRole('searchbox', { name: /Search/ }).fill('front desk');
  await expect(page.getByText(/^2 of \d+ devices$/)).toBeVisible();
  await grid.getByRole('checkbox', { name: 'Tick every device shown' }).check();
  const bulk = page.getByRole('toolbar', { name: 'Bulk actions' });
  await expect(bulk).toContainText('2 ticked');
  await bulk.getByRole('button', { name: 'Change owner' }).click();
  const owner = page.getByRole('dialog', { name: 'Change owner' });
  await owner.getByRole('combobox', { name: 'New owner' }).selectOption({ label: 'Priya Raman (priya.raman@harborviewdental.example)' });
  await owner.getByRole('button', { name: 'Change owner of 2 devices' }).click();
  await expect(owner.getByRole('status')).toContainText('2 devices given the new owner');
  const priya = sb.state.users().find((user) => user['first_name'] === 'Priya')!;
  expect(['Front Desk 1', 'Front Desk 2'].map((name) => storedDevice(sb, name)['owner_id'])).toEqual([priya['_id'], priya['_id']]);
  await owner.getByRole('button', { name: 'Done' }).click();
  await expect(grid.getByRole('row', { name: /Front Desk 1/ })).toContainText('Priya Raman');
  await expect(grid.getByRole('row', { name: /Front Desk 2/ })).toContainText('Priya Raman');
});

test('bulk actions on ticked devices: a device gone meanwhile fails on its own, named; delete says it cannot be undone', async ({
  page,
  preview,
}) => {
  const sb = sandbox!;
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sb);
  const grid = page.getByRole('grid', { name: 'Devices' });
  const search = page.getByRole('searchbox', { name: /Search/ });
  const bulk = page.getByRole('toolbar', { name: 'Bulk actions' });

  // Ticks hidden by a later search stay ticked, and the bulk action takes them all.
  await search.fill('room');
  await expect(page.getByText(/^2 of \d+ devices$/)).toBeVisible();
  await grid.getByRole('checkbox', { name: 'Tick every device shown' }).check();
  await search.fill('billing');
  await grid.getByRole('checkbox', { name: 'Tick Billing' }).check();
  await expect(bulk).toContainText('3 ticked');
  await search.fill('');

  await changeOnServer(sb, String(storedDevice(sb, 'Hygiene Room 1')['_id']), 'delete');
  await bulk.getByRole('button', { name: 'Enable' }).click();
  const enable = page.getByRole('dialog', { name: 'Enable devices' });
  await expect(enable.getByRole('listitem')).toHaveText(['Billing', 'Break Room', 'Hygiene Room 1']);
  await enable.getByRole('button', { name: 'Enable 3 devices' }).click();
  const outcome = enable.getByRole('status');
  await expect(outcome).toContainText('2 devices enabled');
  await expect(outcome).toContainText('1 device failed; the reasons are below.');
  await expect(enable.getByRole('table', { name: 'Devices that failed' }).getByRole('row', { name: /Hygiene Room 1/ })).toContainText(
    'This device no longer exists on the server.',
  );
  expect(storedDevice(sb, 'Break Room')['enabled']).toBe(true);
  await enable.getByRole('button', { name: 'Done' }).click();
  // The list is read again: the device that is gone leaves it, and its tick with it.
  await expect(grid.getByRole('button', { name: 'Hygiene Room 1', exact: true })).toHaveCount(0);
  await expect(bulk).toContainText('2 ticked');

  // Delete warns first; Cancel changes nothing.
  await bulk.getByRole('button', { name: 'Delete' }).click();
  const remove = page.getByRole('dialog', { name: 'Delete devices' });
  await expect(
    remove.getByText('Delete 2 devices? They are removed from the account and their phones stop working. This cannot be undone.'),
  ).toBeVisible();
  await remove.getByRole('button', { name: 'Cancel' }).click();
  await expect(remove).toBeHidden();
  expect(storedDevice(sb, 'Billing')['_id']).toBeTruthy();
  await bulk.getByRole('button', { name: 'Delete' }).click();
  await remove.getByRole('button', { name: 'Delete 2 devices' }).click();
  await expect(remove.getByRole('status')).toContainText('2 devices deleted');
  await expect(remove.getByRole('status')).toContainText('Every device went through.');
  expect(sb.state.devices().filter((device) => ['Billing', 'Break Room'].includes(String(device['name'])))).toEqual([]);
  await remove.getByRole('button', { name: 'Done' }).click();
  await expect(bulk).toBeHidden();
  await expect(grid.getByRole('button', { name: 'Billing', exact: true })).toHaveCount(0);

  await search.fill('no such phone');
  await expect(page.getByText('No device matches')).toBeVisible();
  await expect(page.getByText('Try fewer words, or clear the filters.')).toBeVisible();

  // The list is by name; its header turns the order round.
  await search.fill('');
  const byName = grid.getByRole('columnheader', { name: 'Name', exact: true });
  await expect(byName).toHaveAttribute('aria-sort', 'ascending');
  await byName.getByRole('button').click();
  await expect(byName).toHaveAttribute('aria-sort', 'descending');
  await expect(grid.getByRole('row').nth(1)).toContainText('Priya Raman - softphone');
});

test('a test call: what is not a number is refused with an example, the phone rings, and the number is offered for the next phone', async ({
  page,
  preview,
}) => {
  const sb = sandbox!;
  const { grid, call, number } = await openTestCall(page, preview.url, 'Front Desk 1');
  await expect(call.getByText('Front Desk 1 rings first; when it is answered, the number below is called.')).toBeVisible();
  await expect(number).toBeFocused();
  await number.fill('front desk');
  await number.press('Enter');
  await expect(call.getByText('Enter a phone number to call, e.g. +15551234567.')).toBeVisible();
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  expect(sb.state.actions()).toEqual([]);

  await number.fill('+16175550100');
  await call.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(call.getByRole('status')).toContainText('The phone should ring now; when it is answered, it calls +16175550100.');
  expect(sb.state.actions().map(({ kind, deviceId, number }) => ({ kind, deviceId, number }))).toEqual([
    { kind: 'quickcall', deviceId: storedDevice(sb, 'Front Desk 1')['_id'], number: '+16175550100' },
  ]);
  await call.getByRole('button', { name: 'Close', exact: true }).click();

  // The technician walks the row of phones dialling the same number: it is already filled in.
  await grid.getByRole('button', { name: 'Actions for Front Desk 2' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Test call…' }).click();
  await expect(number).toHaveValue('+16175550100');
});

test('a phone action the server does not offer says so; "no longer exists" only once the device itself is gone; Call with no number shows the field’s own message', async ({
  page,
  preview,
}) => {
  const sb = sandbox!;
  const { grid, call, number } = await openTestCall(page, preview.url, 'Front Desk 1');
  await call.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(call.getByText('Enter the number to call, e.g. +15551234567.')).toBeVisible();
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  await expect(call.getByText(/had invalid input/)).toHaveCount(0);
  await expect(call.getByRole('alert')).toHaveCount(0);

  // The server answers 404 not_found on the quickcall route of a device that exists.
  sb.configure({ phoneActions: false });
  await number.fill('+16175550100');
  await call.getByRole('button', { name: 'Call', exact: true }).click();
  const failure = call.getByRole('alert');
  await expect(failure).toContainText('This server does not offer test calls (quickcall)');
  await expect(failure).not.toContainText('no longer exists');

  // Deleted meanwhile: now the device's own GET says so too.
  await changeOnServer(sb, String(storedDevice(sb, 'Front Desk 1')['_id']), 'delete');
  await call.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(failure).toContainText('This device no longer exists on the server.');
  await call.getByRole('button', { name: 'Cancel', exact: true }).click();

  await grid.getByRole('button', { name: 'Actions for Front Desk 2' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Resync' }).click();
  const resync = page.getByRole('dialog', { name: 'Resync phone' });
  await resync.getByRole('button', { name: 'Resync', exact: true }).click();
  await expect(resync.getByRole('alert')).toContainText('This server does not offer resending settings to a phone');
  expect(sb.state.actions()).toEqual([]);
});
