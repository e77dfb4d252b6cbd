import type { Page } from '@playwright/test';
import { request } from 'undici';
import type { Sandbox } from '../../main/sandbox/server';
import { expect } from './fixtures';

/** Adds the sandbox as a connection through the Connect form and opens Devices once its table shows rows. */
export async function connectAndOpenDevices(page: Page, sb: Sandbox, name = 'Harborview Dental'): Promise<void> {
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByRole('textbox', { name: 'Server address', exact: true }).fill(sb.url);
  await dialog.getByRole('textbox', { name: 'Account ID', exact: true }).fill(sb.account.id);
  const key = dialog.getByLabel('API key', { exact: true }).and(dialog.locator('input[type="password"]'));
  await key.fill(sb.credentials.apiKey);
  await key.press('Enter');
  await page.getByRole('dialog', { name: 'Connection saved' }).getByRole('button', { name: 'Done' }).click();
  await openSection(page, 'Devices');
  await expect(page.getByRole('grid', { name: 'Devices' }).getByRole('row').nth(1)).toBeVisible();
}

export async function openSection(page: Page, section: 'Devices' | 'Live'): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(section);
}

/**
 * A change made by someone else over the API, as a colleague in the portal would: a PATCH of
 * the device, or its deletion.
 */
export async function changeOnServer(sb: Sandbox, id: string, change: Record<string, unknown> | 'delete'): Promise<void> {
  const login = await request(`${sb.url}/v2/api_auth`, {
    method: 'PUT',
    body: JSON.stringify({ data: { api_key: sb.credentials.apiKey } }),
  });
  const token = ((await login.body.json()) as { auth_token: string }).auth_token;
  const answer = await request(`${sb.url}/v2/accounts/${sb.account.id}/devices/${id}`, {
    method: change === 'delete' ? 'DELETE' : 'PATCH',
    headers: { 'x-auth-token': token },
    ...(change === 'delete' ? {} : { body: JSON.stringify({ data: change }) }),
  });
  expect(answer.statusCode).toBe(200);
  await answer.body.dump();
}

/** The stored device called `name` (its sandbox document). */
export function storedDevice(sb: Sandbox, name: string): Record<string, unknown> {
  const doc = sb.state.devices().find((device) => device['name'] === name);
  if (!doc) throw new Error(`the sandbox has no device called ${name}`);
  return doc;
}
