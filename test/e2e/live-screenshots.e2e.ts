import type { Sandbox } from '../../main/sandbox/server';
import { expect, test } from './fixtures';
import { openSection } from './sections';
import { connectAndOpenImport, expectNoSecrets, startImportSandbox } from './import-setup';
import { alerts, importBatch, liveRow, watchBatch, type Phone } from './live-setup';
import { openAt, SCHEMES, shoot, ZOOMS } from './screens';

/**
 * Pictures of the Live section for people to judge (test-results/screenshots/, not committed):
 * no connection, a batch in every state, the printable report (on screen and as printed) and the
 * server gone.
 */

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

const PHONES: readonly Phone[] = [
  { name: 'Reception desk', username: 'hv_101' },
  { name: 'Dr. Patel – surgery 1', username: 'hv_102' },
  { name: 'Dr. Okafor – surgery 2', username: 'hv_103' },
  { name: 'Hygiene room', username: 'hv_104' },
  { name: 'Sterilisation', username: 'hv_105' },
  { name: 'Back office', username: 'hv_106' },
  { name: 'Staff kitchen', username: 'hv_107' },
  { name: 'Spare handset', username: 'hv_108', enabled: false },
];

const AGENTS = ['Yealink SIP-T46U 108.86.0.45', 'Poly VVX 450 6.4.3.5018', 'Yealink SIP-T54W 96.86.0.100', 'Grandstream GRP2614 1.0.5.38'];

for (const colorScheme of SCHEMES) {
  test(`the live section in ${colorScheme}`, async ({ browser, preview }) => {
    test.setTimeout(180_000);
    const s = colorScheme;
    const page = await openAt(browser, preview.url, ZOOMS[100], colorScheme);
    await openSection(page, 'Live');
    await expect(page.getByRole('heading', { name: 'No account connected' })).toBeVisible();
    await shoot(page, `live-${s}-01-no-connection.png`);

    sandbox = await startImportSandbox();
    const sb = sandbox;
    await connectAndOpenImport(page, preview.url, sb, 'Harborview Dental');
    await importBatch(page, 'Harborview rollout', PHONES);
    await openSection(page, 'Live');
    await watchBatch(page, 'Harborview rollout');

    // Four up and renewing, one that lapsed, one that keeps dropping, one not plugged in, one disabled.
    for (const [index, phone] of PHONES.slice(0, 4).entries()) {
      sb.phones.register(phone.username, { source_ip: `10.20.1.${21 + index}`, user_agent: AGENTS[index] });
    }
    sb.phones.register('hv_105', { source_ip: '10.20.1.25', user_agent: AGENTS[0], expires: 2 });
    const flapper = liveRow(page, 'Back office');
    sb.phones.register('hv_106', { source_ip: '10.20.1.26', user_agent: AGENTS[1] });
    await expect(flapper).toContainText('Registered');
    sb.phones.unregister('hv_106');
    await expect(flapper).toContainText('Not registered');
    sb.phones.register('hv_106', { source_ip: '10.20.1.26', user_agent: AGENTS[1] });
    await expect(flapper).toContainText('Flapping');
    await expect(liveRow(page, 'Sterilisation')).toContainText('Stale', { timeout: 20_000 });
    await expect(liveRow(page, 'Spare handset')).toContainText('Disabled');
    await expect(alerts(page)).toContainText('Back office went offline');
    await shoot(page, `live-${s}-02-batch.png`);

    await page.getByRole('radio', { name: /^Problems/ }).check();
    await shoot(page, `live-${s}-03-problems.png`);
    await page.getByRole('radio', { name: /^All/ }).check();

    await page.getByRole('button', { name: 'Printable page' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Harborview rollout' })).toBeVisible();
    await shoot(page, `live-${s}-04-printable.png`);
    if (colorScheme === 'light') {
      await page.emulateMedia({ media: 'print' });
      await shoot(page, `live-${s}-05-printed.png`);
      await page.emulateMedia({ media: 'screen' });
    }
    await page.getByRole('button', { name: 'Back to Live' }).click();

    await sb.close();
    sandbox = null;
    await expect(page.getByText(/^Server unreachable, retrying in \d+ s$/)).toBeVisible({ timeout: 60_000 });
    await shoot(page, `live-${s}-06-unreachable.png`);
    await page.context().close();
  });
}
