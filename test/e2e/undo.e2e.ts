import type { Page } from '@playwright/test';
import { request } from 'undici';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { putOnAccount } from '../support/account-setup';
import { changeOnServer, connectAndOpenDevices } from './devices-setup';
import { expect, test } from './fixtures';
import { connectAndOpenImport, expectNoSecrets, planSheet } from './import-setup';
import { openSection } from './sections';

/**
 * Undo from the recent batches list, against the sandbox: a rollout is imported, a colleague
 * renames one of its phones over the API, and "Undo this batch" shows the plan (what is deleted,
 * in the order it runs) with that phone apart as a conflict, left alone. The undo runs as a batch
 * of its own; the account then holds only the renamed phone, which a second undo, with the
 * conflict ticked, deletes too. A devices action is a batch as well, undone field by field.
 */

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

const SHEET = [
  'First Name,Last Name,Email,Extension,Device Name,MAC Address,Model',
  'Alice,Smith,alice@rollout.example,4101,Alice desk,00:15:65:41:01:01,T46U',
  'Bob,Brown,bob@rollout.example,4102,Bob desk,00:15:65:41:01:02,T46U',
].join('\r\n');

type Collection = 'users' | 'vmboxes' | 'devices' | 'callflows';

/** How the account answers a read of one document now: 200 while it is there, 404 once it is deleted. */
async function statusOnServer(sb: Sandbox, collection: Collection, id: string): Promise<number> {
  const login = await request(`${sb.url}/v2/api_auth`, {
    method: 'PUT',
    body: JSON.stringify({ data: { api_key: sb.credentials.apiKey } }),
  });
  const token = ((await login.body.json()) as { auth_token: string }).auth_token;
  const answer = await request(`${sb.url}/v2/accounts/${sb.account.id}/${collection}/${id}`, { headers: { 'x-auth-token': token } });
  await answer.body.dump();
  return answer.statusCode;
}

const idsOf = (docs: Array<Record<string, unknown>>) => docs.map((doc) => String(doc['_id'] ?? doc['id']));

const recentBatch = (page: Page, name: string) =>
  page
    .getByRole('region', { name: 'Recent batches' })
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) });

test('undo from the recent batches list: the plan with a conflict left alone, the results, then the conflict undone when ticked', async ({
  page,
  preview,
}) => {
  sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
  const sb = sandbox;
  await connectAndOpenImport(page, preview.url, sb);
  await planSheet(page, 'rollout.csv', SHEET);
  await page.getByRole('textbox', { name: 'Name of this import' }).fill('Front office');
  await page.getByRole('button', { name: 'Start import of 2 people and 2 phones' }).click();
  await page
    .getByRole('dialog', { name: 'Start the import?' })
    .getByRole('button', { name: 'Start import of 2 people and 2 phones' })
    .click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('2 of 2 people complete', { timeout: 30_000 });

  const imported = {
    users: idsOf(sb.state.users().filter((user) => String(user['email']).endsWith('@rollout.example'))),
    vmboxes: idsOf(sb.state.vmboxes()),
    devices: idsOf(sb.state.devices()),
    callflows: idsOf(sb.state.callflows()),
  };
  expect(Object.values(imported).map((ids) => ids.length)).toEqual([2, 2, 2, 2]);
  // A colleague renames Bob's phone in the portal after the import.
  const bobDesk = sb.state.devices().find((device) => device['name'] === 'Bob desk');
  const bobDeskId = String(bobDesk?.['id'] ?? bobDesk?.['_id']);
  await changeOnServer(sb, bobDeskId, { name: 'Bob desk (by the window)' });

  // The devices view, open before the undo, learns what it deleted.
  await openSection(page, 'Devices');
  const devices = page.getByRole('grid', { name: 'Devices' });
  await expect(devices.getByRole('row').filter({ hasText: 'Alice desk' })).toHaveCount(1);
  await openSection(page, 'Import');
  await page.getByRole('button', { name: 'Import another file' }).click();
  const original = recentBatch(page, 'Front office');
  await original.getByRole('button', { name: 'Undo this batch… Front office' }).click();
  const dialog = page.getByRole('dialog', { name: 'Undo “Front office”?' });
  // Seven documents go; Bob's phone, changed since, is listed apart and left alone.
  await expect(dialog.getByText('Delete 7 documents.')).toBeFocused();
  const conflicts = dialog.getByRole('region', { name: 'Changed since the batch (1)' });
  await expect(conflicts.getByRole('listitem')).toHaveCount(1);
  await expect(conflicts.getByRole('listitem')).toContainText('Bob desk');
  await expect(conflicts.getByRole('listitem')).toContainText('Changed since: Name');
  const undoAnyway = conflicts.getByRole('checkbox', { name: 'Undo anyway: Phone Bob desk' });
  await expect(undoAnyway).not.toBeChecked();
  // In the order the undo runs: per person, the extension first and the user last.
  const order = dialog.getByRole('region', { name: 'In the order the undo runs' }).getByRole('row');
  await expect(order).toHaveCount(9);
  expect(await order.nth(1).getByRole('cell').allInnerTexts()).toEqual(['1', 'Delete', 'Extension', expect.stringContaining('4101'), '']);
  await expect(order.nth(4).getByRole('cell').nth(2)).toHaveText('User');
  await expect(order.filter({ hasText: 'Bob desk' }).getByRole('cell').nth(1)).toHaveText('Left alone (changed since)');

  await dialog.getByRole('button', { name: 'Start undo of 7 documents' }).click();
  await expect(page.getByRole('heading', { name: 'Results of Undo of Front office' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('main').getByRole('status')).toContainText('Undo finished: 7 deleted');
  const results = page.getByRole('table', { name: 'Results by document' });
  await expect(results.getByRole('row').filter({ hasText: 'Deleted' })).toHaveCount(7);
  await expect(results.getByRole('row').filter({ hasText: 'Bob desk' }).getByRole('cell').nth(1)).toHaveText('Left alone');
  await expect(results.getByRole('row').filter({ hasText: 'Bob desk' })).toContainText('changed on the server since the batch');

  // Through the API: what the import made is gone, but for the phone someone else changed.
  for (const collection of ['users', 'vmboxes', 'devices', 'callflows'] as const) {
    for (const id of imported[collection]) {
      expect(await statusOnServer(sb, collection, id), `${collection} ${id}`).toBe(id === bobDeskId ? 200 : 404);
    }
  }

  await openSection(page, 'Devices');
  await expect(devices.getByRole('row').filter({ hasText: 'Bob desk (by the window)' })).toHaveCount(1);
  await expect(devices.getByRole('row').filter({ hasText: 'Alice desk' })).toHaveCount(0);
  await openSection(page, 'Import');

  await page.getByRole('button', { name: 'Back to recent batches' }).click();
  await expect(original.getByText('Undone', { exact: true })).toBeVisible();
  const undoBatch = recentBatch(page, 'Undo of Front office');
  await expect(undoBatch).toContainText('2 of 2 people and phones done');
  await expect(undoBatch.getByRole('button', { name: 'Undo this batch… Undo of Front office' })).toBeVisible();

  // Again, now with the conflict ticked: only Bob's phone is left to undo.
  await original.getByRole('button', { name: 'Undo this batch… Front office' }).click();
  await expect(dialog.getByText('Nothing is undone unless you tick a document changed since.')).toBeVisible();
  await expect(dialog.getByText('Undone before')).toBeVisible();
  await expect(dialog.getByRole('button', { name: /^Start undo/ })).toHaveCount(0);
  await dialog.getByRole('checkbox', { name: 'Undo anyway: Phone Bob desk' }).check();
  await expect(dialog.getByText('Delete 1 document.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Start undo of 1 document' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('Undo finished: 1 deleted', { timeout: 30_000 });
  expect(await statusOnServer(sb, 'devices', bobDeskId)).toBe(404);
});

test('a devices action reads in recent batches as what it did, and its undo restores each field it changed, now → back', async ({
  page,
  preview,
}) => {
  sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
  const sb = sandbox;
  const billing = await putOnAccount(sb, 'devices', {
    name: 'Billing',
    device_type: 'sip_device',
    enabled: true,
    sip: { username: 'billing_1' },
  });
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sb);
  const grid = page.getByRole('grid', { name: 'Devices' });
  await grid.getByRole('button', { name: 'Actions for Billing' }).click();
  await page.getByRole('menu', { name: 'Actions for Billing' }).getByRole('menuitem', { name: 'Disable…' }).click();
  const disable = page.getByRole('dialog', { name: 'Disable device' });
  await disable.getByRole('button', { name: 'Disable device', exact: true }).click();
  await expect(disable.getByRole('status')).toContainText('1 device disabled');
  await disable.getByRole('button', { name: 'Done' }).click();

  await openSection(page, 'Import');
  const action = recentBatch(page, 'Disable 1 device');
  await expect(action).toContainText('Devices action · started');
  await action.getByRole('button', { name: 'Undo this batch… Disable 1 device' }).click();
  const dialog = page.getByRole('dialog', { name: 'Undo “Disable 1 device”?' });
  await expect(dialog.getByText('Restore 1 document.')).toBeFocused();
  const row = dialog.getByRole('region', { name: 'In the order the undo runs' }).getByRole('row').filter({ hasText: 'Billing' });
  await expect(row.getByRole('cell').nth(1)).toHaveText('Restore');
  await expect(row.getByRole('definition')).toHaveText('false → back to true');
  await expect(row.getByRole('term')).toHaveText('Enabled');
  await dialog.getByRole('button', { name: 'Start undo of 1 document' }).click();

  await expect(page.getByRole('main').getByRole('status')).toContainText('Undo finished: 1 restored', { timeout: 30_000 });
  await expect(page.getByRole('table', { name: 'Results by document' }).getByRole('row').filter({ hasText: 'Billing' })).toContainText(
    'Restored',
  );
  expect(sb.state.devices().find((device) => device['_id'] === billing || device['id'] === billing)?.['enabled']).toBe(true);
});
