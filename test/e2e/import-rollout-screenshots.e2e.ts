import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { putOnAccount } from '../support/account-setup';
import { addOnServer } from './devices-setup';
import { expect, test } from './fixtures';
import { connectAndOpenImport, expectNoSecrets, planSheet } from './import-setup';
import { SCHEMES, shoot, shootWhole } from './screens';

/**
 * Pictures of a rollout for people to judge (test-results/screenshots/, not committed): the plan
 * of a sheet of people (one already on the account, one whose extension is someone else's), the
 * start dialog's choices, the run paused, and results with a person rolled back; in
 * both themes, in a 1024-pixel window and on a 1920-pixel screen. It asserts what a picture
 * cannot: nothing scrolls sideways.
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
  'Alice,Smith,alice@rollout.example,4101,Alice conference room,00:15:65:41:01:11,CP960',
  'Bob,Brown,bob@rollout.example,4102,Bob desk,00:15:65:41:01:02,T46U',
  'Carla,Costa,carla@rollout.example,4103,Carla desk,00:15:65:41:01:03,T46U',
  'Dmitri,Ivanov,dmitri@rollout.example,4104,Dmitri desk,00:15:65:41:01:04,T54W',
  'Eve,Okafor,eve@rollout.example,4105,Eve desk,00:15:65:41:01:05,T54W',
].join('\r\n');

for (const colorScheme of SCHEMES) {
  for (const width of [1024, 1920]) {
    test(`a rollout's plan, start and results at ${width} px in ${colorScheme}`, async ({ browser, preview }) => {
      sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
      const sb = sandbox;
      await putOnAccount(sb, 'users', {
        first_name: 'Dmitri',
        last_name: 'Ivanov',
        username: 'dmitri@rollout.example',
        email: 'dmitri@rollout.example',
        password: 'Dmitri-4104-pass',
      });
      const frank = await putOnAccount(sb, 'users', {
        first_name: 'Frank',
        last_name: 'Mills',
        username: 'frank@rollout.example',
        password: 'Frank-4105-pass',
      });
      await putOnAccount(sb, 'callflows', { numbers: ['4105'], owner_id: frank, flow: { module: 'user', data: { id: frank } } });
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
      const page = await context.newPage();
      await connectAndOpenImport(page, preview.url, sb);
      const name = `${colorScheme}-${width}`;

      await planSheet(page, 'rollout.csv', SHEET);
      await expect(page.getByRole('heading', { name: /^Plan for/ })).toContainText('5 people');
      await shootWhole(page, `rollout-${name}-1-plan.png`);

      // A colleague plugs in a phone with Bob's MAC meanwhile: his phone fails and he is rolled back.
      await addOnServer(sb, { name: 'Spare desk', device_type: 'sip_device', mac_address: '001565410102', sip: { username: 'spare_1' } });
      await page.getByRole('button', { name: /^Start import of/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Start with rows left out?' });
      await expect(dialog).toBeVisible();
      await shoot(page, `rollout-${name}-2-start.png`, false);
      // Slow enough to be caught running, paused once a person is done.
      sb.configure({ latencyMs: 300 });
      await dialog.getByRole('button', { name: /^Start import of/ }).click();
      await expect(page.getByRole('region', { name: 'Latest rows' }).getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Pause' }).click();
      await expect(page.getByText('Paused', { exact: true })).toBeVisible();
      await shootWhole(page, `rollout-${name}-3-run-paused.png`);
      sb.configure({ latencyMs: 0 });
      await page.getByRole('button', { name: 'Resume' }).click();

      await expect(page.getByRole('heading', { name: /^Results of/ })).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole('main').getByRole('status')).toContainText('rolled back');
      await shootWhole(page, `rollout-${name}-4-results.png`);
      await context.close();
    });
  }
}
