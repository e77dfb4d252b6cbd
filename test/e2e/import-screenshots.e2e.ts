import type { Page } from '@playwright/test';
import type { Sandbox } from '../../main/sandbox/server';
import { expect, test } from './fixtures';
import { connectAndOpenImport, expectNoSecrets, fileInput, samplePath, startImportSandbox } from './import-setup';
import { SCHEMES, shoot as shootScreen, shootWhole } from './screens';

/**
 * Pictures of every import step for people to judge (test-results/screenshots/, not committed):
 * the empty page, a rejected file, columns, the grid with errors and while editing, the plan and
 * its confirmation, the charges question, a paused run and its cancel confirmation, results with
 * failures and without, and the recent batches; in both themes, plus the grid at 200% zoom. It
 * asserts what a picture cannot: nothing scrolls sideways.
 */

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

const shoot = (page: Page, name: string, options: { fullPage?: boolean } = {}) =>
  shootScreen(page, `import-${name}.png`, options.fullPage ?? true);

for (const colorScheme of SCHEMES) {
  test(`every import step in ${colorScheme}`, async ({ browser, preview }) => {
    test.setTimeout(120_000);
    sandbox = await startImportSandbox();
    sandbox.configure({ charges: true, latencyMs: 400 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    const page = await context.newPage();
    await connectAndOpenImport(page, preview.url, sandbox);
    const s = colorScheme;

    await shoot(page, `${s}-01-file-empty`);

    await fileInput(page).setInputFiles({
      name: 'phones.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    });
    await expect(page.getByRole('alert')).toContainText('not a CSV');
    await shoot(page, `${s}-02-file-rejected`);

    await fileInput(page).setInputFiles(samplePath('messy-errors.csv'));
    await expect(page.getByRole('heading', { name: 'Match columns' })).toBeVisible();
    await shootWhole(page, `import-${s}-03-columns.png`);

    await page.getByRole('button', { name: 'Continue to check rows' }).click();
    const grid = page.getByRole('grid');
    const badMac = grid
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /^Row 3$/ }) })
      .getByRole('gridcell')
      .nth(2);
    await badMac.click();
    await shootWhole(page, `import-${s}-04-check-errors.png`);
    await page.keyboard.press('Enter');
    await page.keyboard.type('00:15:65:d0:00:0');
    await shoot(page, `${s}-05-check-editing`, { fullPage: false });
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Continue to plan' }).click();
    await shoot(page, `${s}-06-plan-before-review`);
    await expect(page.getByText('new devices to add')).toBeVisible();
    await shootWhole(page, `import-${s}-07-plan.png`);
    await page.getByRole('button', { name: /^Start import of/ }).click();
    await shoot(page, `${s}-08-start-confirm`, { fullPage: false });
    await page
      .getByRole('dialog', { name: 'Start with rows left out?' })
      .getByRole('button', { name: /^Start import of/ })
      .click();

    const charges = page.getByRole('dialog', { name: 'Accept charges for new devices?' });
    await expect(charges).toBeVisible({ timeout: 20_000 });
    await shoot(page, `${s}-09-charges`, { fullPage: false });
    await charges.getByRole('button', { name: 'Accept charges and continue' }).click();
    await expect(page.getByRole('heading', { name: /^Results of/ })).toBeVisible({ timeout: 30_000 });
    await shootWhole(page, `import-${s}-10-results-failures.png`);

    await page.getByRole('button', { name: 'Import another file' }).click();
    await expect(page.getByRole('region', { name: 'Recent batches' })).toBeVisible();
    await shootWhole(page, `import-${s}-11-file-recent.png`);

    await fileInput(page).setInputFiles(samplePath('rollout-basic.csv'));
    await page.getByRole('button', { name: 'Continue to check rows' }).click();
    await shootWhole(page, `import-${s}-12-check-clean.png`);
    await page.getByRole('button', { name: 'Continue to plan' }).click();
    // Slow enough that Pause comes while most rows wait: with no limit met, the client soon has them all in flight.
    sandbox.configure({ latencyMs: 1500 });
    await page.getByRole('button', { name: 'Start import of 25 devices' }).click();
    await charges.getByRole('button', { name: 'Accept charges and continue' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByText('Paused', { exact: true })).toBeVisible();
    await shootWhole(page, `import-${s}-13-run-paused.png`);
    await page.getByRole('button', { name: 'Cancel import…' }).click();
    await shoot(page, `${s}-14-cancel-confirm`, { fullPage: false });
    await page.getByRole('button', { name: 'Keep importing' }).click();
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByText('Importing', { exact: true })).toBeVisible();
    await shoot(page, `${s}-15-run`, { fullPage: false });
    await expect(page.getByRole('heading', { name: /^Results of/ })).toBeVisible({ timeout: 60_000 });
    await shootWhole(page, `import-${s}-16-results-done.png`);
    await context.close();
  });
}

test('the grid at 200% zoom', async ({ browser, preview }) => {
  const context = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(preview.url);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Import', exact: true }).click();
  await fileInput(page).setInputFiles(samplePath('messy-errors.csv'));
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await expect(page.getByRole('grid')).toBeVisible();
  await shoot(page, '200-check');
  await context.close();
});
