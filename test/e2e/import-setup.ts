import path from 'node:path';
import type { Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { addSampleOwners, SAMPLES_DIR } from '../support/sample-owners';
import { expect, type TrafficEntry } from './fixtures';
import { addConnection, openSection } from './sections';

/** Shared by the import e2e tests: a sandbox with the samples' owners, and a connection to it made through the Connect form. */

export const samplePath = (name: string) => path.join(SAMPLES_DIR, name);

/** A sandbox holding the users the sample files name as owners, as a rollout starts. */
export async function startImportSandbox(): Promise<Sandbox> {
  const sandbox = await startSandbox({ rateLimit: false, autoRegister: false, latencyMs: 0 });
  await addSampleOwners(sandbox);
  return sandbox;
}

/** Adds the sandbox as a connection the way a technician does, then opens Import. */
export async function connectAndOpenImport(page: Page, previewUrl: string, sandbox: Sandbox, name = 'Harborview'): Promise<void> {
  await page.goto(previewUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect');
  await addConnection(page, sandbox, name);
  await openSection(page, 'Import');
}

/** The renderer never receives the API key, nor any token main obtained with it. */
export function expectNoSecrets(traffic: readonly TrafficEntry[], sandbox: Sandbox | null): void {
  expect(traffic.length).toBeGreaterThan(0);
  for (const entry of traffic) {
    if (sandbox) expect(entry.body, `${entry.direction} ${entry.name}`).not.toContain(sandbox.credentials.apiKey);
    expect(entry.body, `${entry.direction} ${entry.name}`).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  }
}

export const fileInput = (page: Page) => page.locator('input[type="file"]');

/** Drops a sheet and walks to its plan, which is made on arrival. */
export async function planSheet(page: Page, fileName: string, text: string): Promise<void> {
  await fileInput(page).setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await expect(page.getByRole('heading', { name: /^Plan for/ })).toBeVisible();
}
