import type { Locator, Page } from '@playwright/test';
import type { Sandbox } from '../../main/sandbox/server';
import { putOnAccount } from '../support/account-setup';
import { expect, test } from './fixtures';
import { connectAndOpenImport, expectNoSecrets, fileInput, startImportSandbox } from './import-setup';

/** A rollout sheet's clashes with the account and within itself, on their cells as soon as the file is loaded. */

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

const grid = (page: Page) => page.getByRole('grid');
const cell = (page: Page, line: number, column: number): Locator =>
  grid(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^Row ${line}$`) }) })
    .getByRole('gridcell')
    .nth(column);

test('a rollout sheet: whose extension and username they are, a missing name, a person who contradicts themselves, and a fix', async ({
  page,
  preview,
}) => {
  sandbox = await startImportSandbox();
  const uma = await putOnAccount(sandbox, 'users', {
    first_name: 'Uma',
    last_name: 'Underwood',
    username: 'uma@example.com',
    password: 'Portal2026!',
    email: 'uma@example.com',
    presence_id: '3101',
  });
  await putOnAccount(sandbox, 'callflows', {
    name: "Uma Underwood SmartPBX's Callflow",
    numbers: ['3101'],
    owner_id: uma,
    type: 'mainUserCallflow',
    flow: { module: 'user', data: { id: uma }, children: {} },
  });
  await putOnAccount(sandbox, 'users', {
    first_name: 'Alice',
    last_name: 'Smith',
    username: 'alice.smith',
    password: 'Portal2026!',
    email: 'alice.smith@other.com',
  });
  await connectAndOpenImport(page, preview.url, sandbox);
  const lines = [
    'first_name,last_name,email,username,extension,name,mac_address',
    'Dan,Doe,dan@example.com,,3101,Dan desk,00:15:65:16:00:01',
    'Xena,Xu,xena@example.com,alice.smith,3102,,',
    'Fay,,fay@example.com,,3103,,',
    ',,dan@example.com,,3109,Dan cordless,00:15:65:16:00:02',
  ];
  await fileInput(page).setInputFiles({ name: 'rollout.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await expect(page.getByText(/^Checked against Harborview/)).toBeVisible();

  // Columns in grid order: first_name, last_name, email, username, extension, name, mac_address.
  await expect(cell(page, 2, 4)).toHaveAccessibleDescription(/Extension 3101 is already Uma Underwood's \(uma@example\.com\) on the PBX/);
  await expect(cell(page, 3, 3)).toHaveAccessibleDescription(/Username alice\.smith belongs to Alice Smith \(alice\.smith@other\.com\)/);
  await expect(cell(page, 4, 1)).toHaveAccessibleDescription(/a new user needs a last name/);
  await expect(cell(page, 5, 4)).toHaveAccessibleDescription(/This row gives extension "3109", but row 2 gives "3101" for the same person/);
  await expect(cell(page, 2, 0)).not.toHaveAttribute('aria-invalid');

  // A free extension for Dan: his clash goes, and his second row is now told the new one.
  await cell(page, 2, 4).click();
  await page.keyboard.press('Enter');
  const editor = grid(page).getByRole('textbox');
  await editor.fill('3104');
  await editor.press('Enter');
  await expect(cell(page, 2, 4)).not.toHaveAttribute('aria-invalid');
  await expect(cell(page, 5, 4)).toHaveAccessibleDescription(/but row 2 gives "3104"/);
});
