import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { fileInput } from './import-setup';

/** Shared by the Live e2e tests: a batch made through the real import wizard, then Live aimed at it. */

export interface Phone {
  name: string;
  username: string;
  enabled?: boolean;
}

/** Imports the phones as one batch through the wizard (Import must be open) and waits for its results. */
export async function importBatch(page: Page, batchName: string, phones: readonly Phone[]): Promise<void> {
  const lines = [
    'name,device_type,mac_address,sip_username,sip_password,enabled',
    ...phones.map((phone, index) => {
      const mac = `00:15:65:ab:${String(Math.floor(index / 100)).padStart(2, '0')}:${String(index % 100).padStart(2, '0')}`;
      return `${phone.name},sip_device,${mac},${phone.username},Pw${phone.username}x9,${phone.enabled === false ? 'false' : 'true'}`;
    }),
  ];
  await fileInput(page).setInputFiles({ name: `${batchName}.csv`, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await expect(page.getByText('No errors')).toBeVisible();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await page.getByRole('textbox', { name: 'Name of this import' }).fill(batchName);
  await page.getByRole('button', { name: `Start import of ${phones.length} devices` }).click();
  await expect(page.getByRole('heading', { name: `Results of ${batchName}` })).toBeVisible({ timeout: 30_000 });
}

/** Picks the batch under Watch and checks every 2 seconds, so the test waits little for each poll. */
export async function watchBatch(page: Page, batchName: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: 'Watch' });
  const value = await picker.locator('option', { hasText: batchName }).getAttribute('value');
  await picker.selectOption(value ?? '');
  await page.getByRole('combobox', { name: 'Check every' }).selectOption({ label: '2 seconds' });
  await expect(page.getByText('checking every 2 s')).toBeVisible();
}

export const liveGrid = (page: Page) => page.getByRole('grid', { name: /^Devices of / });

export const liveRow = (page: Page, name: string) =>
  liveGrid(page)
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell', { name, exact: true }) });

export const alerts = (page: Page) => page.getByRole('status', { name: 'Registration alerts' });
