import { createServer } from 'node:net';
import type { Locator, Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { expect, test } from './fixtures';

/**
 * The Connect screen against the real services and a real sandbox server: adding, testing, editing,
 * removing and the demo, as a technician would do it, and proof that no secret reaches the page.
 */

let sandbox: Sandbox;
let closedPortUrl: string;

test.beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false });
  // A port that was free a moment ago and is closed now: the honest "nothing answers there".
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  closedPortUrl = `http://127.0.0.1:${address.port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

test.afterAll(async () => {
  await sandbox.close();
});

// The renderer never receives a secret: not the key it typed, and no token main obtained with it.
test.afterEach(async ({ traffic }) => {
  expect(traffic.length).toBeGreaterThan(0);
  for (const entry of traffic) {
    expect(entry.body, `${entry.direction} ${entry.name}`).not.toContain(sandbox.credentials.apiKey);
    expect(entry.body, `${entry.direction} ${entry.name}`).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  }
});

const connectionCard = (page: Page, name: string) => page.getByRole('article', { name });
// By role, since "Name" and "API key" are also words in the sign-in method's radio labels.
const field = (scope: Locator, name: string) => scope.getByRole('textbox', { name, exact: true });
const secretField = (scope: Locator, label: string) =>
  scope.getByLabel(label, { exact: true }).and(scope.locator('input[type="password"]'));

async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect');
}

interface Details {
  name: string;
  baseUrl: string;
  accountId: string;
  apiKey: string;
}

async function fillAndSave(page: Page, details: Details) {
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await expect(dialog).toBeVisible();
  await field(dialog, 'Name').fill(details.name);
  await field(dialog, 'Server address').fill(details.baseUrl);
  await field(dialog, 'Account ID').fill(details.accountId);
  await secretField(dialog, 'API key').fill(details.apiKey);
  await secretField(dialog, 'API key').press('Enter');
  return page.getByRole('dialog', { name: 'Connection saved' });
}

const sandboxDetails = (name: string): Details => ({
  name,
  baseUrl: sandbox.url,
  accountId: sandbox.account.id,
  apiKey: sandbox.credentials.apiKey,
});

test('adding a connection tests it at once and puts it in use', async ({ page, preview }) => {
  // The CSP allows no inline styles or scripts; a violation would show up as a console error.
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await open(page, preview.url);
  await expect(page.getByText('Keys are kept for this session only')).toBeVisible();
  await expect(page.getByText('Secrets are kept for this session only (test run without a keychain).')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Not connected' })).toBeVisible();

  await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(field(page.getByRole('dialog', { name: 'Add connection' }), 'Name')).toBeFocused();
  const saved = await fillAndSave(page, sandboxDetails('Harborview'));

  const devices = sandbox.state.devices().length;
  await expect(saved.getByText(`Connected as ${sandbox.account.name}, ${devices} devices`)).toBeVisible();
  await expect(saved.getByText('Harborview is saved and is the connection in use.')).toBeVisible();
  await saved.getByRole('button', { name: 'Done' }).click();
  await expect(saved).toBeHidden();

  const card = connectionCard(page, 'Harborview');
  await expect(card.getByText('Active', { exact: true })).toBeVisible();
  await expect(card.getByText(sandbox.url)).toBeVisible();
  await expect(card.getByText(sandbox.account.id)).toBeVisible();
  await expect(card.getByText('API key', { exact: true })).toBeVisible();
  // The button that opened the form is gone with the empty state; focus lands on the new card instead.
  await expect(card.getByRole('heading', { name: 'Harborview' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Connected: Harborview' })).toBeVisible();

  await card.getByRole('button', { name: /^Test/ }).click();
  await expect(card.getByText(`Connected as ${sandbox.account.name}, ${devices} devices`)).toBeVisible();
  expect(errors).toEqual([]);
});

test('the form checks every field before sending, and main’s errors land on the field too', async ({ page, preview }) => {
  await open(page, preview.url);
  const opener = page.getByRole('button', { name: 'Add connection' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await field(dialog, 'Server address').fill('api.audian.com');
  await field(dialog, 'Account ID').fill('12345');
  await dialog.getByRole('button', { name: 'Save connection' }).click();

  await expect(dialog.getByText('Give the connection a name, e.g. the customer or site.')).toBeVisible();
  await expect(dialog.getByText(/The server address must be a full address starting with https:\/\//)).toBeVisible();
  await expect(dialog.getByText("Account ID must be 32 hexadecimal characters, as shown in Audian's account settings.")).toBeVisible();
  await expect(dialog.getByText('Enter the API key.')).toBeVisible();
  await expect(field(dialog, 'Name')).toBeFocused();
  await expect(field(dialog, 'Name')).toHaveAttribute('aria-invalid', 'true');

  // Fixing a field clears its message as soon as it is right.
  await field(dialog, 'Name').fill('Harborview');
  await expect(dialog.getByText('Give the connection a name, e.g. the customer or site.')).toBeHidden();

  await dialog.getByRole('radio', { name: 'User name and password' }).check();
  await expect(secretField(dialog, 'Password')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog.getByText('Enter the user name you sign in to Audian with.')).toBeVisible();
  await expect(dialog.getByText('Enter the password.')).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // A second connection with the same name: main refuses it, and says so under Name.
  await opener.click();
  await (await fillAndSave(page, sandboxDetails('Harborview'))).getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Add connection' }).click();
  await field(dialog, 'Name').fill('harborview');
  await field(dialog, 'Server address').fill(sandbox.url);
  await field(dialog, 'Account ID').fill(sandbox.account.id);
  await secretField(dialog, 'API key').fill(sandbox.credentials.apiKey);
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog.getByText('A connection named "Harborview" already exists; choose another name.')).toBeVisible();
  await expect(field(dialog, 'Name')).toBeFocused();
});

test('a wrong key and an unreachable server each say what is wrong, with details one click away', async ({ page, preview }) => {
  await open(page, preview.url);
  await page.getByRole('button', { name: 'Add connection' }).click();
  const wrongKey = await fillAndSave(page, { ...sandboxDetails('Wrong key'), apiKey: 'not-the-key-0123456789' });
  await expect(wrongKey.getByText('API key not accepted')).toBeVisible();
  await expect(wrongKey.getByText('The server rejected the API key. Copy it again from the Audian account settings.')).toBeVisible();
  const detail = wrongKey.locator('details code');
  await expect(detail).toBeHidden();
  await wrongKey.getByText('Details', { exact: true }).click();
  await expect(detail).toBeVisible();
  await expect(detail).toContainText('api_auth');

  // Fixing the key from the result: the details come back filled in, the key field empty.
  await wrongKey.getByRole('button', { name: 'Change details' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Wrong key' });
  await expect(field(edit, 'Name')).toHaveValue('Wrong key');
  await expect(secretField(edit, 'API key')).toHaveValue('');
  await secretField(edit, 'API key').fill(sandbox.credentials.apiKey);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  const fixed = page.getByRole('dialog', { name: 'Connection saved' });
  await expect(fixed.getByText(`Connected as ${sandbox.account.name}`)).toBeVisible();
  await fixed.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('button', { name: 'Add connection' }).click();
  const unreachable = await fillAndSave(page, { ...sandboxDetails('Nobody home'), baseUrl: closedPortUrl });
  // Main retries a refused connection with backoff (up to about 16 s in all) before calling it unreachable.
  await expect(unreachable.getByText('Server unreachable')).toBeVisible({ timeout: 30_000 });
  await expect(unreachable.getByText('The server cannot be reached. Check the network connection and the base URL.')).toBeVisible();
  await unreachable.getByRole('button', { name: 'Done' }).click();
  // The card keeps the result after the dialog is gone.
  await expect(connectionCard(page, 'Nobody home').getByText('Server unreachable')).toBeVisible();
});

test('editing without typing a key keeps the saved one', async ({ page, preview }) => {
  await open(page, preview.url);
  await page.getByRole('button', { name: 'Add connection' }).click();
  await (await fillAndSave(page, sandboxDetails('Harborview'))).getByRole('button', { name: 'Done' }).click();

  const card = connectionCard(page, 'Harborview');
  await card.getByRole('button', { name: /^Edit/ }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Harborview' });
  await expect(edit.getByText('Leave empty to keep the saved key.')).toBeVisible();
  await expect(field(edit, 'Name')).toBeFocused();
  await field(edit, 'Name').fill('Harborview Dental');
  await field(edit, 'Name').press('Enter');

  const saved = page.getByRole('dialog', { name: 'Connection saved' });
  await expect(saved.getByText(`Connected as ${sandbox.account.name}`)).toBeVisible();
  await saved.getByRole('button', { name: 'Done' }).click();
  await expect(connectionCard(page, 'Harborview Dental')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Connected: Harborview Dental' })).toBeVisible();
  // Focus goes back to the Edit button that opened the form.
  await expect(connectionCard(page, 'Harborview Dental').getByRole('button', { name: /^Edit/ })).toBeFocused();
});

test('moving a connection to another server asks for the key again', async ({ page, preview }) => {
  await open(page, preview.url);
  await page.getByRole('button', { name: 'Add connection' }).click();
  await (await fillAndSave(page, sandboxDetails('Harborview'))).getByRole('button', { name: 'Done' }).click();

  await connectionCard(page, 'Harborview').getByRole('button', { name: /^Edit/ }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Harborview' });
  await field(edit, 'Server address').fill(closedPortUrl);
  await expect(
    edit.getByText('A saved key is only ever sent to the server it was entered for: enter it again for this one.'),
  ).toBeVisible();
  await field(edit, 'Server address').press('Enter');
  // Main refuses to send the saved key to the new address, and says so on the key's field.
  await expect(secretField(edit, 'API key')).toHaveAccessibleDescription(
    /The server changed: enter the API key again for the new server\./,
  );
  await expect(edit).toBeVisible();
  await field(edit, 'Server address').fill(`${sandbox.url}/v2/`);
  await expect(edit.getByText('Leave empty to keep the saved key.')).toBeVisible();
});

test('removing asks first, naming the connection', async ({ page, preview }) => {
  await open(page, preview.url);
  await page.getByRole('button', { name: 'Add connection' }).click();
  await (await fillAndSave(page, sandboxDetails('Harborview'))).getByRole('button', { name: 'Done' }).click();

  const card = connectionCard(page, 'Harborview');
  await card.getByRole('button', { name: /^Remove/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove connection' });
  await expect(confirm.getByText('Remove Harborview?')).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(card).toBeVisible();

  await card.getByRole('button', { name: /^Remove/ }).click();
  await confirm.getByRole('button', { name: 'Remove connection', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(card).toBeHidden();
  await expect(page.getByText('No connections yet')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Not connected' })).toBeVisible();
});

test('Try the demo starts the built-in sandbox and connects to it', async ({ page, preview }) => {
  await open(page, preview.url);
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page.getByRole('button', { name: 'Connected: Demo site (built-in sandbox)' })).toBeVisible();
  const card = connectionCard(page, 'Demo site (built-in sandbox)');
  await expect(card.getByText('Active', { exact: true })).toBeVisible();
  await expect(card.getByText(/^Connected as .+, \d+ devices$/)).toBeVisible();
  // Its details belong to the app, so there is nothing to edit.
  await expect(card.getByRole('button', { name: /^Edit/ })).toHaveCount(0);
});

test('Use switches the connection in use, and a key this session lost is asked for again on its card', async ({
  page,
  preview,
  secrets,
}) => {
  await open(page, preview.url);
  await page.getByRole('button', { name: 'Add connection' }).click();
  await (await fillAndSave(page, sandboxDetails('Harborview'))).getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Add connection' }).click();
  await (await fillAndSave(page, sandboxDetails('Harborview annex'))).getByRole('button', { name: 'Done' }).click();
  // A second connection is saved beside the one in use; Use switches to it.
  await expect(page.getByRole('button', { name: 'Connected: Harborview' })).toBeVisible();
  const annex = connectionCard(page, 'Harborview annex');
  await annex.getByRole('button', { name: 'Use Harborview annex' }).click();
  await expect(annex.getByText('Active', { exact: true })).toBeVisible();
  // The Use button is gone with the switch; focus stays on the card.
  await expect(annex.getByRole('heading', { name: 'Harborview annex' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Connected: Harborview annex' })).toBeVisible();

  // Removing the connection in use leaves none in use, and the page says how to choose one.
  await annex.getByRole('button', { name: /^Remove/ }).click();
  await page.getByRole('dialog', { name: 'Remove connection' }).getByRole('button', { name: 'Remove connection', exact: true }).click();
  await expect(page.getByText('No connection in use')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Not connected' })).toBeVisible();
  const card = connectionCard(page, 'Harborview');
  await card.getByRole('button', { name: 'Use Harborview' }).click();
  await expect(page.getByRole('button', { name: 'Connected: Harborview' })).toBeVisible();
  await expect(page.getByText('No connection in use')).toBeHidden();

  // Without a keychain, keys last one session: after a restart the card asks for the key again.
  const id = (await card.getByRole('heading').getAttribute('id'))?.replace(/^connection-(.+)-title$/, '$1') ?? '';
  expect(await secrets.delete(id)).toBe(true);
  await page.reload();
  await expect(card.getByText('API key missing — enter it again')).toBeVisible();
  await expect(card.getByText('This computer keeps it only for the session it was entered in.')).toBeVisible();

  await card.getByRole('button', { name: 'Enter API key Harborview' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Harborview' });
  await expect(edit.getByText('The saved key is not available in this session; enter it again.')).toBeVisible();
  await expect(secretField(edit, 'API key')).toBeFocused();
  await secretField(edit, 'API key').fill(sandbox.credentials.apiKey);
  await secretField(edit, 'API key').press('Enter');
  const saved = page.getByRole('dialog', { name: 'Connection saved' });
  await expect(saved.getByText(`Connected as ${sandbox.account.name}`)).toBeVisible();
  await saved.getByRole('button', { name: 'Done' }).click();
  await expect(card.getByText('API key missing — enter it again')).toBeHidden();
});
