import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { addCallflowOnServer, addOnServer, connectAndOpenDevices, storedDevice } from './devices-setup';
import { putOnAccount } from '../support/account-setup';
import { expect, test } from './fixtures';
import { expectNoSecrets, startImportSandbox } from './import-setup';
import { createElsewhere, importBatch } from './live-setup';
import { addConnection, openSection } from './sections';

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

test('find, edit, validate and bulk-disable devices', async ({ page, preview }) => {
  test.setTimeout(90_000);
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sandbox, 'Demo');
  const grid = page.getByRole('grid', { name: 'Devices' });

  const target = sandbox.state.devices().find((device) => typeof device['mac_address'] === 'string' && device['mac_address'] !== '')!;
  const mac = String(target['mac_address']);
  const dashed = (mac.match(/../g) ?? []).join('-').toUpperCase();
  await page.keyboard.press('Control+f');
  await expect(page.getByRole('searchbox', { name: /Search/ })).toBeFocused();
  await page.keyboard.type(dashed);
  await expect(page.getByText(/^1 of \d+ devices$/)).toBeVisible();
  await expect(grid.getByRole('button', { name: String(target['name']), exact: true })).toBeVisible();

  await grid.getByRole('button', { name: String(target['name']), exact: true }).click();
  const editor = page.getByRole('dialog', { name: 'Edit device' });
  const name = editor.getByRole('textbox', { name: 'Device name' });
  await expect(name).toHaveValue(String(target['name']));
  // The editor asks the server for this one phone's registration (Audian's per-device status).
  await expect(editor.getByText(/^Registration: (registered|not registered) \(checked /)).toBeVisible();
  await name.fill('Front desk (edited)');
  await page.keyboard.press('Control+s');
  await expect(editor.getByRole('status')).toContainText('Saved');
  expect(sandbox.state.devices().find((device) => String(device['_id']) === String(target['_id']))?.['name']).toBe('Front desk (edited)');

  const macField = editor.getByRole('textbox', { name: 'MAC address' });
  await macField.fill('not-a-mac');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(macField).toHaveAttribute('aria-invalid', 'true');
  expect(sandbox.state.devices().find((device) => String(device['_id']) === String(target['_id']))?.['mac_address']).toBe(mac);
  await editor.getByRole('button', { name: 'Show', exact: true }).click();
  const stored = sandbox.state.devices().find((device) => String(device['_id']) === String(target['_id']))?.['sip'] as {
    password?: string;
  };
  await expect(editor.getByLabel('SIP password')).toHaveValue(stored.password ?? '');
  await editor.getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('button', { name: 'New device' }).click();
  const creator = page.getByRole('dialog', { name: 'New device' });
  await creator.getByRole('textbox', { name: 'Device name' }).fill('Lobby softphone');
  await creator.getByRole('combobox', { name: 'Type' }).selectOption('softphone');
  await creator.getByRole('button', { name: 'Generate' }).click();
  await expect(creator.getByLabel('SIP password')).toHaveValue(/^[A-Za-z0-9]{20}$/);
  await creator.getByRole('button', { name: 'Create device' }).click();
  await expect(page.getByRole('dialog', { name: 'Edit device' }).getByRole('textbox', { name: 'Device name' })).toHaveValue(
    'Lobby softphone',
  );
  expect(sandbox.state.devices().find((device) => device['name'] === 'Lobby softphone')?.['device_type']).toBe('softphone');
  await page.getByRole('dialog', { name: 'Edit device' }).getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('searchbox', { name: /Search/ }).fill('');
  await expect(page.getByText(/^\d+ devices$/)).toBeVisible();
  await grid.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i += 1) {
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
  }
  const tickedNames = await grid.locator('[aria-selected="true"] .devices-grid__open').allTextContents();
  expect(tickedNames).toHaveLength(3);
  const bulk = page.getByRole('toolbar', { name: 'Bulk actions' });
  await expect(bulk).toContainText('3 ticked');
  await bulk.getByRole('button', { name: 'Disable' }).click();
  const confirm = page.getByRole('dialog', { name: 'Disable devices' });
  await confirm.getByRole('button', { name: 'Disable 3 devices' }).click();
  await expect(confirm.getByText('3 devices disabled')).toBeVisible();
  const after = sandbox.state.devices().filter((device) => tickedNames.includes(String(device['name'])));
  expect(after.length).toBeGreaterThanOrEqual(3);
  expect(after.every((device) => device['enabled'] === false)).toBe(true);
  await confirm.getByRole('button', { name: 'Done' }).click();

  // The row menu: reboot one phone, with a confirmation and its outcome in words.
  await grid.getByRole('button', { name: `Actions for ${tickedNames[0]}` }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Reboot…' }).click();
  const reboot = page.getByRole('dialog', { name: 'Reboot phone' });
  await reboot.getByRole('button', { name: 'Reboot', exact: true }).click();
  await expect(reboot.getByRole('status')).not.toBeEmpty();
  await reboot.getByRole('button', { name: 'Close', exact: true }).click();

  // Export the current view; passwords stay out unless asked for.
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const exporter = page.getByRole('dialog', { name: 'Export CSV' });
  await expect(exporter.getByRole('checkbox', { name: 'Include SIP passwords' })).not.toBeChecked();
  const download = page.waitForEvent('download');
  await exporter.getByRole('button', { name: /^Export \d+ devices$/ }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  await expect(exporter.getByRole('status')).toContainText('Saved');
});

test('finds a phone by the extension a callflow rings it on, and sorts by extension, without opening any device', async ({
  page,
  preview,
}) => {
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
  // A number for the shared break room phone, made in the portal: no device document carries it.
  await addCallflowOnServer(sandbox, {
    numbers: ['4321'],
    flow: { module: 'device', data: { id: storedDevice(sandbox, 'Break Room')['_id'] } },
  });
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sandbox, 'Demo');
  const grid = page.getByRole('grid', { name: 'Devices' });
  const requestsBefore = sandbox.state.stats().requests;

  await page.getByRole('searchbox', { name: /Search/ }).fill('4321');
  await expect(page.getByText(/^1 of \d+ devices$/)).toBeVisible();
  const row = grid.getByRole('row').filter({ has: page.getByRole('button', { name: 'Break Room', exact: true }) });
  await expect(row.getByTitle(/rings this device/)).toHaveText('4321');

  // Tom's desk phone rings on Tom's extension, from his callflow.
  await page.getByRole('searchbox', { name: /Search/ }).fill('103');
  await expect(grid.getByRole('button', { name: 'Front Desk 1', exact: true })).toBeVisible();

  await page.getByRole('searchbox', { name: /Search/ }).fill('');
  await grid.getByRole('button', { name: 'Extension' }).click();
  await expect(grid.getByRole('columnheader', { name: 'Extension' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(grid.getByRole('row').nth(1)).toContainText('Dana Whitfield - cell');
  await expect(grid.getByRole('row').nth(1)).toContainText('100');
  // Searching and sorting happen in the window: no request per device.
  expect(sandbox.state.stats().requests).toBe(requestsBefore);
});

test('the device editor names the owner with their extension, and leads to every device of theirs', async ({ page, preview }) => {
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
  const tom = sandbox.state.users().find((user) => user['first_name'] === 'Tom');
  await addOnServer(sandbox, {
    name: 'Tom Becker - softphone',
    device_type: 'softphone',
    owner_id: tom?.['_id'],
    sip: { username: 'tom_soft' },
  });
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sandbox, 'Demo');
  const grid = page.getByRole('grid', { name: 'Devices' });

  await grid.getByRole('button', { name: 'Front Desk 1', exact: true }).click();
  const editor = page.getByRole('dialog', { name: 'Edit device' });
  // Tom's extension is his SmartPBX callflow's number, as the list resolves it.
  await expect(editor.getByText('Tom Becker · extension 103 (rings their phones)')).toBeVisible();
  await editor.getByRole('button', { name: 'Show Tom Becker’s devices (2)' }).click();

  await expect(editor).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Owner' })).toHaveValue(String(tom?.['_id']));
  await expect(page.getByText(/^2 of \d+ devices$/)).toBeVisible();
  await expect(grid.getByRole('button', { name: 'Front Desk 1', exact: true })).toBeVisible();
  await expect(grid.getByRole('button', { name: 'Tom Becker - softphone', exact: true })).toBeVisible();
});

test('an owner whose number is only their presence ID is not said to be rung by it', async ({ page, preview }) => {
  sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
  const nina = await putOnAccount(sandbox, 'users', {
    first_name: 'Nina',
    last_name: 'Park',
    username: 'nina',
    password: 'Nina-150-pass',
    presence_id: '150',
  });
  await addOnServer(sandbox, { name: 'Nina desk', device_type: 'sip_device', owner_id: nina, sip: { username: 'nina_desk' } });
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sandbox, 'Harborview');

  await page.getByRole('grid', { name: 'Devices' }).getByRole('button', { name: 'Nina desk', exact: true }).click();
  const editor = page.getByRole('dialog', { name: 'Edit device' });
  await expect(editor.getByText('Nina Park · presence ID 150 (no callflow rings it)')).toBeVisible();
});

test('the filter bar fits a 1024-pixel window, and the page spreads over a 1920-pixel screen', async ({ page, preview }) => {
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sandbox, 'Demo');
  const grid = page.getByRole('grid', { name: 'Devices' });
  const filters = [
    page.getByRole('searchbox', { name: /Search/ }),
    ...['Type', 'Enabled', 'Owner', 'Registration'].map((name) => page.getByRole('combobox', { name })),
  ];
  const boxes = async () => Promise.all(filters.map(async (filter) => (await filter.boundingBox())!));

  // Every filter whole, inside the panel (whose width the table shows).
  const table = (await grid.boundingBox())!;
  for (const box of await boxes()) {
    expect(box.width).toBeGreaterThan(100);
    expect(box.x).toBeGreaterThanOrEqual(table.x - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(table.x + table.width + 1);
  }

  // A full-HD screen: the table takes its width, and the filters share one row.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(async () => (await grid.boundingBox())!.width).toBeGreaterThan(1500);
  const row = await boxes();
  expect(new Set(row.map((box) => Math.round(box.y))).size).toBe(1);
});

test('without a connection the page says so and leads to Connect', async ({ page, preview }) => {
  await page.goto(preview.url);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Devices', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Devices');
  await expect(page.getByText('Connect to an account to see its devices.')).toBeVisible();
  await page.getByRole('button', { name: 'Go to Connect' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect');
});

test('the list follows an import and a device another tool made, and says how old it is when it cannot refresh', async ({
  page,
  preview,
}) => {
  test.setTimeout(120_000);
  sandbox = await startImportSandbox();
  const sb = sandbox;
  await page.goto(preview.url);
  await addConnection(page, sb, 'Harborview');
  await openSection(page, 'Devices');
  const count = page.getByRole('status').filter({ hasText: /devices?$/ });
  await expect(count).toHaveText('0 devices');

  await openSection(page, 'Import');
  await importBatch(page, 'Floor 3', [
    { name: 'Lobby', username: 'floor3_101', extension: '301' },
    { name: 'Kitchen', username: 'floor3_102', extension: '302' },
    { name: 'Storage', username: 'floor3_103' },
  ]);
  await openSection(page, 'Devices');
  await expect(count).toHaveText('3 devices');
  // The sheet's extensions are in the list at once, and a search finds a phone by its extension.
  const grid = page.getByRole('grid', { name: 'Devices' });
  await expect(grid.getByRole('row', { name: /Kitchen/ })).toContainText('302');
  await page.getByRole('searchbox').fill('301');
  await expect(count).toHaveText('1 of 3 devices');
  await expect(grid.getByRole('row', { name: /Lobby/ })).toContainText('301');
  await page.getByRole('searchbox').fill('');

  // Live keeps watching in the background; a phone another tool made registers and the list learns of it.
  await openSection(page, 'Live');
  await expect(page.getByText(/^Watching 3 devices, checking every 5 s\.$/)).toBeVisible();
  await openSection(page, 'Devices');
  await createElsewhere(sb, 'devices', { name: 'Made by the CLI', sip: { username: 'floor3_cli', password: 'CliPass12345' } });
  sb.phones.register('floor3_cli', { source_ip: '192.0.2.31', user_agent: 'Yealink SIP-T46U 108.86.0.45' });
  await expect(count).toHaveText('4 devices');
  await expect(page.getByRole('grid', { name: 'Devices' }).getByRole('button', { name: 'Made by the CLI', exact: true })).toBeVisible();

  // The server stops answering: the list stays, saying how old it is and why it could not refresh.
  sb.configure({ faults: { unavailable: 1, reset: 0, lost: 0 } });
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  const stale = page.getByText(/^Last updated (.+ ago|just now) — could not refresh: .+/);
  await expect(stale).toBeVisible({ timeout: 30_000 });
  await expect(count).toHaveText('4 devices');
  sb.configure({ faults: { unavailable: 0, reset: 0, lost: 0 } });
  await page.getByRole('button', { name: 'Retry', exact: true }).click();
  await expect(stale).toBeHidden();
  await expect(page.getByText('Updated just now')).toBeVisible();
});
