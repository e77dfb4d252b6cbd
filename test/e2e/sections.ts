import type { Page } from '@playwright/test';
import type { Sandbox } from '../../main/sandbox/server';
import { expect } from './fixtures';

/** Steps every e2e test takes: open a section from the rail, add a sandbox as a connection the way a technician does. */

export type SectionName = 'Connect' | 'Devices' | 'Import' | 'Live' | 'History';

export async function openSection(page: Page, section: SectionName): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(section);
}

/** Adds the sandbox through the Connect form (Connect must be open); it becomes the connection in use. */
export async function addConnection(page: Page, sandbox: Sandbox, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByRole('textbox', { name: 'Server address', exact: true }).fill(sandbox.url);
  await dialog.getByRole('textbox', { name: 'Account ID', exact: true }).fill(sandbox.account.id);
  const key = dialog.getByLabel('API key', { exact: true }).and(dialog.locator('input[type="password"]'));
  await key.fill(sandbox.credentials.apiKey);
  await key.press('Enter');
  const saved = page.getByRole('dialog', { name: 'Connection saved' });
  await expect(saved.getByText(`${name} is saved and is the connection in use.`)).toBeVisible();
  await saved.getByRole('button', { name: 'Done' }).click();
}
