import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { addSampleOwners } from '../support/sample-owners';
import { connectAndOpenImport, fileInput, samplePath } from './import-setup';
import { SCHEMES } from './screens';
import { openSection } from './sections';

/**
 * axe-core over every section and dialog of the real renderer, empty and full, in both themes:
 * no serious or critical violation of WCAG 2.2 A/AA. Then the keyboard: everything a mouse can
 * press on a section is reached by Tab, or lives in a composite widget (grid, menu, tabs) whose
 * own arrow keys reach it.
 */

let sandbox: Sandbox | null = null;
test.afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(serious, where).toEqual([]);
}

const SECTIONS = ['Connect', 'Devices', 'Import', 'Live'] as const;

/** A demo account: devices of every type, some registered, owners the samples name. */
async function startDemoSandbox(): Promise<Sandbox> {
  const demo = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
  await addSampleOwners(demo);
  for (const device of demo.state.devices().slice(0, 6)) {
    const username = (device['sip'] as { username?: string } | undefined)?.username;
    if (username && device['enabled'] !== false) demo.phones.register(username);
  }
  return demo;
}

for (const colorScheme of SCHEMES) {
  test(`no serious violation on any section, empty and full, in ${colorScheme}`, async ({ browser, preview }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(preview.url);
    for (const section of SECTIONS) {
      await openSection(page, section);
      await expectNoSeriousViolations(page, `${section}, no connection (${colorScheme})`);
    }
    await page.getByRole('button', { name: 'Diagnostics' }).click();
    await expectNoSeriousViolations(page, `Diagnostics (${colorScheme})`);
    await page.keyboard.press('Escape');

    sandbox = await startDemoSandbox();
    await connectAndOpenImport(page, preview.url, sandbox);
    await fileInput(page).setInputFiles(samplePath('messy-errors.csv'));
    await expect(page.getByRole('heading', { name: 'Match columns' })).toBeFocused();
    await expectNoSeriousViolations(page, `Import, columns (${colorScheme})`);
    await page.getByRole('button', { name: 'Continue to check rows' }).click();
    await expect(page.getByRole('grid')).toBeVisible();
    await expectNoSeriousViolations(page, `Import, check and fix (${colorScheme})`);

    for (const section of SECTIONS) {
      await openSection(page, section);
      await expect(
        page
          .getByRole('main')
          .getByRole('grid')
          .or(page.getByRole('main').getByRole('heading', { level: 2 }))
          .first(),
      ).toBeVisible();
      await expectNoSeriousViolations(page, `${section}, connected (${colorScheme})`);
    }
    await openSection(page, 'Devices');
    await page.getByRole('grid', { name: 'Devices' }).getByRole('row').nth(1).getByRole('button').first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoSeriousViolations(page, `Device editor (${colorScheme})`);
    await context.close();
  });
}

/** Elements a mouse can press, outside the composite widgets that move focus with arrow keys. */
async function tabbableTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const composite = '[role="grid"], [role="menu"], [role="tablist"], [role="radiogroup"], [role="listbox"], [role="tree"]';
    const pressable = 'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="link"], [tabindex]';
    return (
      [...document.querySelectorAll<HTMLElement>(pressable)]
        .filter((element) => element.closest(composite) === null)
        .filter((element) => !element.matches(':disabled') && element.getAttribute('tabindex') !== '-1')
        // A native radio group is one Tab stop, its checked radio; arrow keys choose among the others.
        .filter((element) => !(element instanceof HTMLInputElement && element.type === 'radio' && !element.checked))
        .filter((element) => element.checkVisibility() && element.closest('[inert]') === null)
        .map((element, index) => {
          element.dataset['a11yTarget'] = String(index);
          return String(index);
        })
    );
  });
}

test('every action of every section is reached by Tab', async ({ page, preview }) => {
  test.setTimeout(120_000);
  sandbox = await startDemoSandbox();
  await connectAndOpenImport(page, preview.url, sandbox);
  for (const section of SECTIONS) {
    await openSection(page, section);
    const targets = new Set(await tabbableTargets(page));
    expect(targets.size, `${section} has something to press`).toBeGreaterThan(0);
    const reached = new Set<string>();
    await page.locator('body').focus();
    for (let press = 0; press < targets.size + 40 && reached.size < targets.size; press++) {
      await page.keyboard.press('Tab');
      const target = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['a11yTarget'] ?? null);
      if (target !== null) reached.add(target);
    }
    const missed = await page.evaluate(
      (ids) => ids.map((id) => document.querySelector(`[data-a11y-target="${id}"]`)?.outerHTML.slice(0, 120) ?? id),
      [...targets].filter((id) => !reached.has(id)),
    );
    expect(missed, `${section}: pressable but never reached by Tab`).toEqual([]);
  }
});
