import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { PLAIN_HTTP_REFUSED } from '../../common/profiles';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { proxySecretId } from '../../main/secrets/secret-store';
import { selfSignedCertificate, startTlsFront } from '../support/tls-front';
import { expect, test } from './fixtures';

/**
 * What the Connect screen says about networks: plain HTTP only when ticked, and then a warning on
 * the form, the connection's card and the frame; a proxy's user name with the connection, its
 * password kept in main.
 */

const PROXY_PASSWORD = 'Pr0xy-pass word';

// An on-premise server on plain HTTP: the sandbox on a loopback address that is not the local sandbox's 127.0.0.1.
let onPremise: Sandbox;
test.beforeAll(async () => {
  onPremise = await startSandbox({ host: '127.0.0.2', rateLimit: false, demo: true, autoRegister: false });
});
test.afterAll(async () => {
  await onPremise.close();
});

test.afterEach(async ({ traffic }) => {
  for (const entry of traffic) {
    expect(entry.body, `${entry.direction} ${entry.name}`).not.toContain(onPremise.credentials.apiKey);
    expect(entry.body, `${entry.direction} ${entry.name}`).not.toContain(PROXY_PASSWORD);
  }
});

const field = (scope: Locator, name: string) => scope.getByRole('textbox', { name, exact: true });
const password = (scope: Locator, label: string) => scope.getByLabel(label, { exact: true }).and(scope.locator('input[type="password"]'));

async function addConnection(
  page: Page,
  url: string,
  name: string,
  server: Pick<Sandbox, 'url' | 'account' | 'credentials'>,
): Promise<Locator> {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect');
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await field(dialog, 'Name').fill(name);
  await field(dialog, 'Server address').fill(server.url);
  await field(dialog, 'Account ID').fill(server.account.id);
  await password(dialog, 'API key').fill(server.credentials.apiKey);
  return dialog;
}

test('plain HTTP is refused until ticked, then works with a warning on the form, the card and the frame', async ({ page, preview }) => {
  const dialog = await addConnection(page, preview.url, 'On-prem', onPremise);
  await expect(dialog.getByText('Plain HTTP is not encrypted')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog.getByText(PLAIN_HTTP_REFUSED)).toBeVisible();
  await expect(field(dialog, 'Server address')).toHaveAttribute('aria-invalid', 'true');
  expect(onPremise.state.stats().requests).toBe(0);

  const optIn = dialog.getByRole('checkbox', { name: 'Allow plain HTTP for this on-premise server' });
  await optIn.focus();
  await page.keyboard.press('Space');
  await expect(optIn).toBeChecked();
  await expect(dialog.getByText(PLAIN_HTTP_REFUSED)).toBeHidden();
  await dialog.getByRole('button', { name: 'Save connection' }).click();

  const saved = page.getByRole('dialog', { name: 'Connection saved' });
  await expect(saved.getByText(`Connected as ${onPremise.account.name}`)).toBeVisible();
  await saved.getByRole('button', { name: 'Done' }).click();
  const card = page.getByRole('article', { name: 'On-prem' });
  await expect(card.getByText('Plain HTTP: not encrypted')).toBeVisible();
  await expect(page.getByRole('banner').getByText('Plain HTTP: this connection is not encrypted')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Connected: On-prem' })).toBeVisible();
});

test('a proxy user name is saved with the connection and its password is never sent back', async ({
  page,
  preview,
  secrets,
  userDataDir,
}) => {
  const local = await startSandbox({ rateLimit: false, demo: true, autoRegister: false });
  try {
    const dialog = await addConnection(page, preview.url, 'Behind proxy', local);
    await dialog.getByText('Advanced: proxy sign-in, CA certificate').click();
    await field(dialog, 'Proxy user name (optional)').fill('tech');
    await dialog.getByRole('button', { name: 'Save connection' }).click();
    await expect(dialog.getByText('Enter the password for this proxy user name.')).toBeVisible();
    await password(dialog, 'Proxy password').fill(PROXY_PASSWORD);
    await dialog.getByRole('button', { name: 'Save connection' }).click();

    const saved = page.getByRole('dialog', { name: 'Connection saved' });
    await expect(saved.getByText(`Connected as ${local.account.name}`)).toBeVisible();
    await saved.getByRole('button', { name: 'Done' }).click();
    const card = page.getByRole('article', { name: 'Behind proxy' });
    await expect(card.getByText('Proxy user')).toBeVisible();
    await expect(card.getByText('tech', { exact: true })).toBeVisible();
    await expect(card.getByText('Plain HTTP: not encrypted')).toBeHidden();
    // Kept in main's keychain, never in the connections file.
    const file = readFileSync(path.join(userDataDir, 'connections.json'), 'utf8');
    expect(file).not.toContain(PROXY_PASSWORD);
    const { connections } = JSON.parse(file) as { connections: Array<{ id: string; proxyUsername?: string }> };
    expect(connections).toMatchObject([{ proxyUsername: 'tech' }]);
    expect(await secrets.get(proxySecretId(connections[0]?.id ?? ''))).toBe(PROXY_PASSWORD);
  } finally {
    await local.close();
  }
});

test('an untrusted certificate is shown with its fingerprint and can be trusted for this connection', async ({ page, preview }) => {
  const certificate = await selfSignedCertificate('pbx.customer.test');
  const front = await startTlsFront(onPremise, certificate);
  try {
    const fingerprint = new X509Certificate(certificate.cert).fingerprint256;
    const dialog = await addConnection(page, preview.url, 'On-prem TLS', { ...onPremise, url: front.url });
    await dialog.getByRole('button', { name: 'Save connection' }).click();
    const saved = page.getByRole('dialog', { name: 'Connection saved' });
    await expect(saved.getByText('Certificate not trusted')).toBeVisible();
    await expect(saved.getByText('CN=pbx.customer.test').first()).toBeVisible();
    await expect(saved.getByText(fingerprint, { exact: true })).toBeVisible();
    await saved.getByRole('button', { name: 'Trust this certificate for this connection' }).click();
    await expect(saved.getByText(`Connected as ${onPremise.account.name}`)).toBeVisible();
    await saved.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('article', { name: 'On-prem TLS' }).getByText(fingerprint)).toBeVisible();
  } finally {
    await front.close();
  }
});
