import type { Page } from '@playwright/test';
import { request } from 'undici';
import type { Sandbox } from '../../main/sandbox/server';
import { expect } from './fixtures';
import { fileInput } from './import-setup';

/** Shared by the Live e2e tests: a batch made through the real import wizard, then Live aimed at it. */

export interface Phone {
  name: string;
  username: string;
  enabled?: boolean;
  /** The owner's user name (e-mail), when the phone belongs to someone. */
  owner?: string;
  /** The extension the sheet gives the phone (its internal caller ID number). */
  extension?: string;
}

/** The MAC the import gives the phone at this index of its batch. */
export const phoneMac = (index: number): string =>
  `00:15:65:ab:${String(Math.floor(index / 100)).padStart(2, '0')}:${String(index % 100).padStart(2, '0')}`;

/**
 * Imports the phones as one batch through the wizard (Import must be open) and waits for its
 * results; `beforeStart` runs once the plan is made, for a change someone else makes meanwhile.
 */
export async function importBatch(
  page: Page,
  batchName: string,
  phones: readonly Phone[],
  options: { beforeStart?: () => Promise<void> } = {},
): Promise<void> {
  const lines = [
    'name,device_type,mac_address,sip_username,sip_password,enabled,owner,caller_id_internal_number',
    ...phones.map(
      (phone, index) =>
        `${phone.name},sip_device,${phoneMac(index)},${phone.username},Pw${phone.username}x9,${phone.enabled === false ? 'false' : 'true'},${phone.owner ?? ''},${phone.extension ?? ''}`,
    ),
  ];
  await fileInput(page).setInputFiles({ name: `${batchName}.csv`, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await expect(page.getByText('No errors')).toBeVisible();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await page.getByRole('textbox', { name: 'Name of this import' }).fill(batchName);
  await options.beforeStart?.();
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

/** A colleague's session on the account, as the portal or another tool would open one. */
async function otherToolToken(sb: Sandbox): Promise<string> {
  const login = await request(`${sb.url}/v2/api_auth`, {
    method: 'PUT',
    body: JSON.stringify({ data: { api_key: sb.credentials.apiKey } }),
  });
  return ((await login.body.json()) as { auth_token: string }).auth_token;
}

/** Creates a document of the account over the API as another tool would (`users`, `devices`), and answers its id. */
export async function createElsewhere(sb: Sandbox, collection: 'users' | 'devices', data: Record<string, unknown>): Promise<string> {
  const answer = await request(`${sb.url}/v2/accounts/${sb.account.id}/${collection}`, {
    method: 'PUT',
    headers: { 'x-auth-token': await otherToolToken(sb) },
    body: JSON.stringify({ data }),
  });
  expect(answer.statusCode).toBe(201);
  return ((await answer.body.json()) as { data: { id: string } }).data.id;
}
