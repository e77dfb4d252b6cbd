import type { Locator, Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { putOnAccount } from '../support/account-setup';
import { addOnServer, changeOnServer } from './devices-setup';
import { expect, test } from './fixtures';
import { connectAndOpenImport, expectNoSecrets, fileInput, planSheet } from './import-setup';

/**
 * A whole rollout from one sheet in the app, against the sandbox: people with their extension and
 * phones are planned per person (user, voicemail box, each phone, extension), started with the
 * choices of the start dialog, and the results say per row where each document stands; a person
 * whose phone fails is rolled back, or kept and finished by resuming, as chosen.
 */

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

const HEADER = 'First Name,Last Name,Email,Extension,Device Name,MAC Address,Model';
const ALICE_DESK = 'Alice,Smith,alice@rollout.example,4101,Alice desk,00:15:65:41:01:01,T46U';
const ALICE_CONFERENCE = 'Alice,Smith,alice@rollout.example,4101,Alice conference room,00:15:65:41:01:11,CP960';
const BOB = 'Bob,Brown,bob@rollout.example,4102,Bob desk,00:15:65:41:01:02,T46U';
const CARLA = 'Carla,Costa,carla@rollout.example,4103,Carla desk,00:15:65:41:01:03,';

const dropSheet = (page: Page, lines: string[]): Promise<void> => planSheet(page, 'rollout.csv', [HEADER, ...lines].join('\r\n'));

const table = (page: Page, name: string) => page.getByRole('table', { name });
/** The table's row of a person's phone, by its spreadsheet row number. */
const rowOf = (page: Page, name: string, line: number): Locator =>
  table(page, name)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: String(line), exact: true }) });
/** The results' headline (the page's own status, not the Live alerts'). */
const summary = (page: Page) => page.getByRole('main').getByRole('status');
/** The words of each cell of a row, in order. */
async function cellsOf(row: Locator): Promise<string[]> {
  await expect(row).toBeVisible();
  return row.getByRole('cell').allInnerTexts();
}

const ownedBy = (docs: Array<Record<string, unknown>>, userId: unknown) => docs.filter((doc) => doc['owner_id'] === userId);
const userOf = (sb: Sandbox, email: string) => sb.state.users().find((user) => user['email'] === email);

test('a rollout sheet: the plan per person and per document, started with no welcome e-mail, results per document, every person complete', async ({
  page,
  preview,
}) => {
  sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
  const sb = sandbox;
  await connectAndOpenImport(page, preview.url, sb);
  await dropSheet(page, [ALICE_DESK, ALICE_CONFERENCE, BOB, CARLA]);

  await expect(page.getByRole('heading', { name: /^Plan for/ })).toContainText('Plan for 4 rows · 3 people');
  // A new file leaves people already there as they are, as it does phones.
  await expect(page.getByRole('group', { name: 'When a person already exists' }).getByRole('radio', { name: 'Skip them' })).toBeChecked();
  const planned = page.locator('dl[aria-label="Planned by kind"]');
  await expect(planned.getByRole('term')).toHaveText(['Users', 'Voicemail boxes', 'Phones', 'Extensions']);
  await expect(planned.locator('dd')).toHaveText(['3 new', '3 new', '4 new', '3 new']);

  // Each row: the person, then what happens to their user, voicemail box, this row's phone and their extension.
  expect(await cellsOf(rowOf(page, 'Planned rows', 2))).toEqual(['2', 'Alice Smith', 'Create', 'Create', 'Create', 'Create', 'All new']);
  expect(await cellsOf(rowOf(page, 'Planned rows', 3))).toEqual(['3', 'Alice Smith', 'Create', 'Create', 'Create', 'Create', 'All new']);
  await expect(rowOf(page, 'Planned rows', 5).getByRole('cell').nth(1)).toHaveText('Carla Costa');

  await page.getByRole('button', { name: 'Start import of 3 people and 4 phones' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start the import?' });
  await expect(dialog.getByRole('radio', { name: 'Roll back that person' })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: 'Roll back that person' })).toBeFocused();
  const welcome = dialog.getByRole('checkbox', { name: 'Send new users the welcome e-mail (it contains their password)' });
  await expect(welcome).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Start import of 3 people and 4 phones' }).click();

  await expect(page.getByRole('heading', { name: /^Results of rollout\.csv/ })).toBeVisible({ timeout: 30_000 });
  await expect(summary(page)).toContainText('3 of 3 people complete');
  const done = page.locator('dl[aria-label="Results by kind"]');
  await expect(done.locator('dd')).toHaveText(['3 created', '3 created', '4 created', '3 created']);
  expect(await cellsOf(rowOf(page, 'Results by row', 3))).toEqual([
    '3',
    'Alice Smith',
    'Complete',
    'Created',
    'Created',
    'Created',
    'Created',
  ]);
  // The report's passwords are the people's too: asking for them says so.
  await page.getByRole('checkbox', { name: 'Include passwords and PINs' }).check();
  await expect(page.getByText('the people’s portal passwords and voicemail PINs')).toBeVisible();

  // The account has each person once and whole: user, voicemail box, phones and the extension ringing them.
  const alice = userOf(sb, 'alice@rollout.example');
  expect(alice).toMatchObject({ presence_id: '4101', send_email_on_creation: false });
  expect(ownedBy(sb.state.devices(), alice?.['_id'])).toHaveLength(2);
  expect(ownedBy(sb.state.vmboxes(), alice?.['_id']).map((box) => box['mailbox'])).toEqual(['4101']);
  expect(ownedBy(sb.state.callflows(), alice?.['_id']).map((callflow) => callflow['numbers'])).toEqual([['4101']]);
  const rolledOut = sb.state.users().filter((user) => String(user['email']).endsWith('@rollout.example'));
  expect([rolledOut, sb.state.vmboxes(), sb.state.devices(), sb.state.callflows()].map((docs) => docs.length)).toEqual([3, 3, 4, 3]);
});

test('a person already on the account is left as they are, or updated field by field, old → new, as chosen', async ({ page, preview }) => {
  sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
  const sb = sandbox;
  await putOnAccount(sb, 'users', {
    first_name: 'Alice',
    last_name: 'Smyth',
    username: 'alice@rollout.example',
    email: 'alice@rollout.example',
    password: 'Alice-4101-pass',
    presence_id: '4101',
  });
  await connectAndOpenImport(page, preview.url, sb);
  await dropSheet(page, [ALICE_DESK]);

  await expect(rowOf(page, 'Planned rows', 2).getByRole('cell').nth(2)).toHaveText('Leave');
  await expect(page.getByRole('region', { name: 'Changes to people already on the account' })).toHaveCount(0);

  await page.getByRole('radio', { name: 'Update them from the file' }).check();
  await expect(rowOf(page, 'Planned rows', 2).getByRole('cell').nth(2)).toHaveText('Update');
  const change = page
    .getByRole('region', { name: 'Changes to people already on the account' })
    .getByRole('article', { name: 'Row 2: User Alice Smith' });
  await expect(change.getByRole('definition').filter({ hasText: 'Smyth' })).toHaveText('Smyth → becomes Smith');
  await page.getByRole('button', { name: 'Start import of 1 person and 1 phone' }).click();
  await page
    .getByRole('dialog', { name: 'Start the import?' })
    .getByRole('button', { name: /^Start import of/ })
    .click();

  await expect(summary(page)).toContainText('1 of 1 person complete', { timeout: 30_000 });
  expect(await cellsOf(rowOf(page, 'Results by row', 2))).toEqual([
    '2',
    'Alice Smith',
    'Complete',
    'Updated',
    'Created',
    'Created',
    'Created',
  ]);
  expect(userOf(sb, 'alice@rollout.example')).toMatchObject({ last_name: 'Smith' });
});

test('a sheet of people without phones needs no device name column, and makes each person with no phone', async ({ page, preview }) => {
  sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
  const sb = sandbox;
  await connectAndOpenImport(page, preview.url, sb);
  await fileInput(page).setInputFiles({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(['First Name,Last Name,Email,Extension', 'Carla,Costa,carla@rollout.example,4103'].join('\r\n')),
  });
  await expect(page.getByText('Phones are named after their person (no name column needed)')).toBeVisible();
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await page.getByRole('button', { name: 'Continue to plan' }).click();

  expect(await cellsOf(rowOf(page, 'Planned rows', 2))).toEqual(['2', 'Carla Costa', 'Create', 'Create', '–', 'Create', 'All new']);
  await page.getByRole('button', { name: 'Start import of 1 person' }).click();
  await page.getByRole('dialog', { name: 'Start the import?' }).getByRole('button', { name: 'Start import of 1 person' }).click();
  await expect(summary(page)).toContainText('1 of 1 person complete', { timeout: 30_000 });
  const carla = userOf(sb, 'carla@rollout.example');
  expect(ownedBy(sb.state.callflows(), carla?.['_id']).map((callflow) => callflow['numbers'])).toEqual([['4103']]);
  expect(sb.state.devices()).toEqual([]);
});

test("a sheet's portal passwords and voicemail PINs are never shown: not in the column samples, the grid or the plan", async ({
  page,
  preview,
}) => {
  sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
  await connectAndOpenImport(page, preview.url, sandbox);
  const password = 'Qv7mRt2Lx9';
  const pin = '58173';
  await fileInput(page).setInputFiles({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      ['First Name,Last Name,Email,Extension,Password,Voicemail PIN', `Carla,Costa,carla@rollout.example,4103,${password},${pin}`].join(
        '\r\n',
      ),
    ),
  });
  const expectHidden = async () => {
    const shown = `${await page.locator('body').innerText()}\n${await page.content()}`;
    expect(shown.includes(password), 'the portal password is on the page').toBe(false);
    expect(shown.includes(pin), 'the voicemail PIN is on the page').toBe(false);
  };

  await expect(page.getByRole('combobox', { name: 'Imports Password as' })).toHaveValue('user_password');
  await expect(page.getByRole('combobox', { name: 'Imports Voicemail PIN as' })).toHaveValue('vm_pin');
  await expectHidden();
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await expect(page.getByRole('gridcell', { name: /hidden, 10 characters/ })).toBeVisible();
  await expectHidden();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await expect(page.getByRole('heading', { name: /^Plan for/ })).toBeVisible();
  await expectHidden();
});

test("Audian's importer sheet (people with phones, no device-name column) goes through: each phone is named after its person and model", async ({
  page,
  preview,
}) => {
  sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
  const sb = sandbox;
  await connectAndOpenImport(page, preview.url, sb);
  // The columns of Audian's current CSV onboarding importer (its help pages), user_notes included.
  const lines = [
    'first_name,last_name,email,extension,phone_number,mac_address,brand,family,model,include_voicemail,user_notes',
    'Hannah,Ortiz,hannah@rollout.example,2101,,00:15:65:21:01:01,yealink,t4x,t46u,yes,front desk',
  ];
  await fileInput(page).setInputFiles({ name: 'clinic.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });
  await expect(page.getByText('Phones are named after their person (no name column needed)')).toBeVisible();
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await page.getByRole('button', { name: 'Start import of 1 person and 1 phone' }).click();
  await page
    .getByRole('dialog', { name: 'Start the import?' })
    .getByRole('button', { name: 'Start import of 1 person and 1 phone' })
    .click();
  await expect(summary(page)).toContainText('1 of 1 person complete', { timeout: 30_000 });
  const hannah = userOf(sb, 'hannah@rollout.example');
  expect(ownedBy(sb.state.devices(), hannah?.['_id']).map((device) => device['name'])).toEqual(['Hannah Ortiz T46U']);
});

for (const choice of ['rollback', 'keep'] as const) {
  test(`a person whose phone fails when it is created is ${choice === 'rollback' ? 'rolled back' : 'kept, then finished by resuming'}, as chosen`, async ({
    page,
    preview,
  }) => {
    sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
    const sb = sandbox;
    await connectAndOpenImport(page, preview.url, sb);
    await dropSheet(page, [ALICE_DESK, BOB]);
    await expect(rowOf(page, 'Planned rows', 3).getByRole('cell').nth(4)).toHaveText('Create');

    // Between the plan and the start, a colleague plugs in a phone with Bob's MAC: creating Bob's collides.
    await addOnServer(sb, { name: 'Spare desk', device_type: 'sip_device', mac_address: '001565410102', sip: { username: 'spare_1' } });
    const spare = sb.state.devices().find((device) => device['name'] === 'Spare desk');

    await page.getByRole('button', { name: 'Start import of 2 people and 2 phones' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start the import?' });
    if (choice === 'keep') await dialog.getByRole('radio', { name: 'Keep what was made and finish later by resuming' }).check();
    await dialog.getByRole('button', { name: 'Start import of 2 people and 2 phones' }).click();
    await expect(page.getByRole('heading', { name: /^Results of rollout\.csv/ })).toBeVisible({ timeout: 30_000 });

    // Failures first: Bob's row leads, with why his phone failed.
    const bobRow = table(page, 'Results by row').getByRole('row').nth(1);
    const bobCells = await cellsOf(bobRow);
    expect(bobCells.slice(0, 2)).toEqual(['3', 'Bob Brown']);
    // Why, per document in full: the phone's own failure, and the extension not sent because of it.
    const why = page.getByRole('region', { name: 'Why 1 row failed' }).getByRole('listitem').filter({ hasText: 'Row 3 · Bob Brown' });
    await expect(why.getByRole('listitem')).toHaveText([
      /^Phone Bob desk: failed: .*MAC address already in use/,
      /^Extension 4102: Not sent: Bob desk failed: /,
    ]);
    const bob = () => userOf(sb, 'bob@rollout.example');
    const alice = userOf(sb, 'alice@rollout.example');
    expect(ownedBy(sb.state.callflows(), alice?.['_id'])).toHaveLength(1);

    if (choice === 'rollback') {
      await expect(summary(page)).toContainText('1 of 2 people complete, 1 rolled back');
      expect(bobCells.slice(2, 7)).toEqual(['Rolled back', 'Removed', 'Removed', 'Failed', 'Not sent']);
      await expect(page.getByRole('button', { name: 'Resume to finish' })).toHaveCount(0);
      // Nothing of Bob is left on the account: no user, no voicemail box, no extension.
      expect(bob()).toBeUndefined();
      expect(sb.state.vmboxes().map((box) => box['mailbox'])).toEqual(['4101']);
      expect(sb.state.callflows().flatMap((callflow) => callflow['numbers'] as string[])).not.toContain('4102');
      return;
    }

    await expect(summary(page)).toContainText('1 of 2 people complete, 1 incomplete');
    expect(bobCells.slice(2, 7)).toEqual(['Incomplete', 'Created', 'Created', 'Failed', 'Not sent']);
    expect(ownedBy(sb.state.vmboxes(), bob()?.['_id'])).toHaveLength(1);
    await expect(page.getByText('1 person is incomplete')).toBeVisible();

    // The colleague's spare goes; resuming makes only what is missing.
    await changeOnServer(sb, String(spare?.['_id']), 'delete');
    await page.getByRole('button', { name: 'Resume to finish' }).click();
    await expect(summary(page)).toContainText('2 of 2 people complete', { timeout: 30_000 });
    expect(sb.state.users().filter((user) => user['email'] === 'bob@rollout.example')).toHaveLength(1);
    expect(ownedBy(sb.state.vmboxes(), bob()?.['_id'])).toHaveLength(1);
    expect(ownedBy(sb.state.devices(), bob()?.['_id'])).toHaveLength(1);
    expect(ownedBy(sb.state.callflows(), bob()?.['_id']).map((callflow) => callflow['numbers'])).toEqual([['4102']]);
  });
}
