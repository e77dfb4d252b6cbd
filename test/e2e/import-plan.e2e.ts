import type { Page } from '@playwright/test';
import type { Sandbox } from '../../main/sandbox/server';
import { addOnServer } from './devices-setup';
import { expect, test } from './fixtures';
import { connectAndOpenImport, expectNoSecrets, fileInput, startImportSandbox } from './import-setup';

/**
 * The Plan step as a technician meets it on a site where phones already work: nothing changes on
 * a live phone without being shown first, the plan follows every choice, rows are named the way
 * the phones are labelled, and the time left is what the server's rate limit allows.
 */

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

const HEADER = 'name,device_type,mac_address,sip_username,sip_password,owner,caller_id_internal_number';

/** The front desk (registered, alice's) and the back office, as a colleague set them up. */
async function siteWithFrontDesk(): Promise<Sandbox> {
  const sb = await startImportSandbox();
  const owner = (first: string) => sb.state.users().find((user) => user['first_name'] === first)?._id;
  await addOnServer(sb, {
    name: 'Front desk',
    device_type: 'sip_device',
    mac_address: '001565aa0001',
    sip: { username: 'front_101', password: 'FrontPass101x' },
    owner_id: owner('alice'),
    caller_id: { internal: { number: '101' } },
  });
  await addOnServer(sb, { name: 'Back office', device_type: 'sip_device', mac_address: '001565aa0002', sip: { username: 'back_102' } });
  expect(sb.phones.register('front_101')).toBeDefined();
  return sb;
}

async function dropFile(page: Page, name: string, lines: string[]): Promise<void> {
  await fileInput(page).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...lines].join('\n')) });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
}

const counts = (page: Page) => page.getByRole('list').filter({ hasText: 'new devices to add' });
const stored = (sb: Sandbox, mac: string) => sb.state.devices().find((device) => device['mac_address'] === mac);

test('an update shows the phone it changes and each field old → new, a registered phone asks on its own, and the next file starts from Skip', async ({
  page,
  preview,
}) => {
  sandbox = await siteWithFrontDesk();
  const sb = sandbox;
  await connectAndOpenImport(page, preview.url, sb);
  const newDesk = 'Reception,sip_device,00:15:65:aa:00:01,front_101b,FrontPass101x,carla@example.com,101';
  await dropFile(page, 'front.csv', [newDesk]);

  // The plan is there on arrival; choosing Update makes it again, without a click.
  await expect(counts(page).getByRole('listitem').filter({ hasText: 'Skip' })).toContainText('1');
  await page.getByRole('radio', { name: 'Update it from the file' }).check();
  await expect(counts(page).getByRole('listitem').filter({ hasText: 'Update' })).toContainText('1');
  const update = page
    .getByRole('region', { name: 'Changes to devices already on the account' })
    .getByRole('article', { name: 'Row 2: Front desk' });
  await expect(update).toContainText('ext 101 · MAC 00:15:65:aa:00:01 · SIP front_101');
  await expect(update).toContainText('Registered now');
  await expect(update.getByRole('definition').filter({ hasText: 'Reception' })).toHaveText('Front desk → becomes Reception');
  await expect(update.getByRole('definition').filter({ hasText: 'carla' })).toHaveText('alice Example → becomes carla Example');
  await expect(update.getByRole('definition').filter({ hasText: 'front_101b' })).toHaveText('front_101 → becomes front_101b');

  // Starting asks first, listing the registered phone, and only a ticked box lets it go.
  await page.getByRole('button', { name: 'Start import of 1 device' }).click();
  const confirm = page.getByRole('dialog', { name: 'Change registered phones?' });
  await expect(confirm.getByRole('list', { name: 'Registered phones this import changes' })).toContainText('Front desk');
  const go = confirm.getByRole('button', { name: 'Start import of 1 device' });
  await expect(go).toBeDisabled();
  await confirm.getByRole('button', { name: 'Back to the plan' }).click();
  expect(stored(sb, '001565aa0001')).toMatchObject({ name: 'Front desk', sip: { username: 'front_101' } });

  // Another file: back to Skip, whatever the last one was set to.
  await page.getByRole('navigation', { name: 'Import steps' }).getByRole('button', { name: /File/ }).click();
  await dropFile(page, 'front-again.csv', [newDesk]);
  await expect(page.getByRole('radio', { name: 'Skip it' })).toBeChecked();
  await expect(counts(page).getByRole('listitem').filter({ hasText: 'Skip' })).toContainText('1');
  await expect(page.getByRole('button', { name: 'Start import of 0 devices' })).toBeDisabled();

  await page.getByRole('radio', { name: 'Update it from the file' }).check();
  await page.getByRole('button', { name: 'Start import of 1 device' }).click();
  await confirm.getByRole('checkbox', { name: 'Change this registered phone' }).check();
  await go.click();
  await expect(page.getByRole('heading', { name: /^Results of front-again\.csv/ })).toBeVisible({ timeout: 30_000 });
  // Results name the phone as it is labelled, not by its id.
  await expect(page.getByRole('table', { name: 'Results by row' }).getByRole('row').filter({ hasText: 'Reception' })).toContainText(
    '101 · 00:15:65:aa:00:01 · front_101b',
  );
  expect(stored(sb, '001565aa0001')).toMatchObject({ name: 'Reception', sip: { username: 'front_101b' } });
});

test('a row whose MAC is one phone and SIP username another is an error naming both, whatever the choices', async ({ page, preview }) => {
  sandbox = await siteWithFrontDesk();
  const sb = sandbox;
  const before = JSON.stringify(sb.state.devices());
  await connectAndOpenImport(page, preview.url, sb);
  await dropFile(page, 'swapped.csv', ['Swapped,sip_device,00:15:65:aa:00:01,back_102,Whatever123x,,101']);

  const planned = page.getByRole('table', { name: 'Planned rows' }).getByRole('row').filter({ hasText: 'Swapped' });
  for (const match of ['MAC address, then SIP username', 'SIP username only']) {
    await page.getByRole('radio', { name: match }).check();
    for (const existing of ['Skip it', 'Update it from the file']) {
      await page.getByRole('radio', { name: existing }).check();
      await expect(counts(page).getByRole('listitem').filter({ hasText: 'Error' })).toContainText('1');
      await expect(planned).toContainText(
        'This MAC belongs to "Front desk" (MAC 00:15:65:aa:00:01) but the SIP username "back_102" to "Back office" (MAC 00:15:65:aa:00:02) on the PBX',
      );
      await expect(page.getByRole('button', { name: 'Start import of 0 devices' })).toBeDisabled();
    }
  }
  expect(JSON.stringify(sb.state.devices())).toBe(before);
});

test('time left follows the pace the server allows, not the speed of the first burst', async ({ page, preview }) => {
  sandbox = await startImportSandbox();
  const sb = sandbox;
  await connectAndOpenImport(page, preview.url, sb);
  const hex = (value: number) => value.toString(16).padStart(2, '0');
  const desks = Array.from(
    { length: 250 },
    (_, n) => `Desk ${n},sip_device,00:15:65:bb:${hex(n >> 8)}:${hex(n & 255)},desk_${n},DeskPass${n}x,,`,
  );
  await dropFile(page, 'desks.csv', desks);
  const start = page.getByRole('button', { name: 'Start import of 250 devices' });
  await expect(start).toBeEnabled();
  // Audian's limit: 100 requests at once, then 10 a second; the first hundred rows go in a burst.
  sb.configure({ rateLimit: { burst: 100, perSecond: 10 } });
  await start.click();

  const bar = page.getByRole('progressbar', { name: 'Import progress' });
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThanOrEqual(110);
  // Well over a hundred rows are left at 10 a second: ten seconds and more, not "a few seconds".
  expect(Number(await bar.getAttribute('value'))).toBeLessThan(180);
  await expect(page.getByText('Time left').locator('xpath=following-sibling::dd')).toHaveText(/^about \d+ s$/, { timeout: 2_000 });
  // The sandbox reports its tokens in each answer, as KAZOO 5.4 does: the app shows the bucket it learnt from them.
  await expect(
    page.getByText(/^Server allows about [\d.]+ requests\/s, 100 at once \(learned from its token counts\) · \d+ in flight$/),
  ).toBeVisible({ timeout: 2_000 });
  await expect(page.getByRole('heading', { name: /^Results of desks\.csv/ })).toBeVisible({ timeout: 60_000 });
  expect(sb.state.devices()).toHaveLength(250);
});
