import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { changeOnServer } from './devices-setup';
import { expect, test } from './fixtures';
import { connectAndOpenImport, expectNoSecrets, planSheet } from './import-setup';
import { SCHEMES, shoot, shootWhole } from './screens';

/**
 * Pictures of an undo for people to judge (test-results/screenshots/, not committed): the plan of
 * a rollout's undo with a phone changed since (a conflict) left alone, then ticked, the undo running, its
 * results, the plan of undoing that undo (re-creating) and the recent batches; in both themes, in a 1024-pixel window and on a 1920-pixel screen. It asserts what a
 * picture cannot: nothing scrolls sideways.
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
].join('\r\n');

for (const colorScheme of SCHEMES) {
  for (const width of [1024, 1920]) {
    test(`an undo's plan with a conflict, and its results, at ${width} px in ${colorScheme}`, async ({ browser, preview }) => {
      sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
      const sb = sandbox;
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
      const page = await context.newPage();
      await connectAndOpenImport(page, preview.url, sb);
      const name = `undo-${colorScheme}-${width}`;

      await planSheet(page, 'rollout.csv', SHEET);
      await page.getByRole('textbox', { name: 'Name of this import' }).fill('Front office');
      await page.getByRole('textbox', { name: 'Name of this import' }).fill('Front office');
      await page.getByRole('button', { name: /^Start import of/ }).click();
      await page
        .getByRole('dialog', { name: 'Start the import?' })
        .getByRole('button', { name: /^Start import of/ })
        .click();
      await expect(page.getByRole('main').getByRole('status')).toContainText('3 of 3 people complete', { timeout: 30_000 });
      const bobDesk = sb.state.devices().find((device) => device['name'] === 'Bob desk');
      await changeOnServer(sb, String(bobDesk?.['id'] ?? bobDesk?.['_id']), { name: 'Bob desk (by the window)' });

      await page.getByRole('button', { name: 'Undo this batch…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Undo “Front office”?' });
      await expect(dialog.getByRole('region', { name: 'Changed since the batch (1)' })).toBeVisible();
      await shoot(page, `${name}-1-plan-conflict.png`, false);
      await dialog.getByRole('checkbox', { name: /^Undo anyway/ }).check();
      await dialog.getByRole('region', { name: 'In the order the undo runs' }).scrollIntoViewIfNeeded();
      await shoot(page, `${name}-2-plan-conflict-ticked.png`, false);
      await dialog.getByRole('checkbox', { name: /^Undo anyway/ }).uncheck();

      // Slow enough to be caught running.
      sb.configure({ latencyMs: 400 });
      await dialog.getByRole('button', { name: /^Start undo of/ }).click();
      await expect(page.getByRole('progressbar', { name: 'Undo progress' })).toBeVisible();
      await shoot(page, `${name}-3-run.png`, false);
      sb.configure({ latencyMs: 0 });
      await expect(page.getByRole('heading', { name: 'Results of Undo of Front office' })).toBeVisible({ timeout: 30_000 });
      await shootWhole(page, `${name}-4-results.png`);
      // The undo is itself undoable: its plan re-creates what it deleted.
      await page.getByRole('button', { name: 'Undo this undo…' }).click();
      await expect(page.getByRole('dialog', { name: 'Undo “Undo of Front office”?' }).getByText(/^Re-create 12 documents/)).toBeVisible();
      await shoot(page, `${name}-5-plan-of-the-undo.png`, false);
      await page.getByRole('button', { name: 'Keep the batch as it is' }).click();
      await page.getByRole('button', { name: 'Back to recent batches' }).click();
      await expect(page.getByRole('region', { name: 'Recent batches' }).getByText('Undone', { exact: true })).toBeVisible();
      await shootWhole(page, `${name}-6-recent-batches.png`);
      await context.close();
    });
  }
}
