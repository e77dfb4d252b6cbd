import type { Page } from '@playwright/test';
import { request } from 'undici';
import type { Sandbox } from '../../main/sandbox/server';
import { expect } from './fixtures';
import { addConnection, openSection } from './sections';

/** Adds the sandbox as a connection through the Connect form and opens Devices once its table shows rows. */
export async function connectAndOpenDevices(page: Page, sb: Sandbox, name = 'Harborview Dental'): Promise<void> {
  await addConnection(page, sb, name);
  await openSection(page, 'Devices');
  await expect(page.getByRole('grid', { name: 'Devices' }).getByRole('row').nth(1)).toBeVisible();
}

/** A colleague's session on the account, as the portal would open one. */
async function colleagueToken(sb: Sandbox): Promise<string> {
  const login = await request(`${sb.url}/v2/api_auth`, {
    method: 'PUT',
    body: JSON.stringify({ data: { api_key: sb.credentials.apiKey } }),
  });
  return ((await login.body.json()) as { auth_token: string }).auth_token;
}

/**
 * A change made by someone else over the API, as a colleague in the portal would: a PATCH of
 * the device, or its deletion.
 */
export async function changeOnServer(sb: Sandbox, id: string, change: Record<string, unknown> | 'delete'): Promise<void> {
  const answer = await request(`${sb.url}/v2/accounts/${sb.account.id}/devices/${id}`, {
    method: change === 'delete' ? 'DELETE' : 'PATCH',
    headers: { 'x-auth-token': await colleagueToken(sb) },
    ...(change === 'delete' ? {} : { body: JSON.stringify({ data: change }) }),
  });
  expect(answer.statusCode).toBe(200);
  await answer.body.dump();
}

/** A device someone else adds over the API meanwhile. */
export async function addOnServer(sb: Sandbox, device: Record<string, unknown>): Promise<void> {
  const answer = await request(`${sb.url}/v2/accounts/${sb.account.id}/devices`, {
    method: 'PUT',
    headers: { 'x-auth-token': await colleagueToken(sb) },
    body: JSON.stringify({ data: device }),
  });
  expect(answer.statusCode).toBe(201);
  await answer.body.dump();
}

/** A callflow someone else makes over the API meanwhile (a number ringing a phone, say). */
export async function addCallflowOnServer(sb: Sandbox, callflow: Record<string, unknown>): Promise<void> {
  const answer = await request(`${sb.url}/v2/accounts/${sb.account.id}/callflows`, {
    method: 'PUT',
    headers: { 'x-auth-token': await colleagueToken(sb) },
    body: JSON.stringify({ data: callflow }),
  });
  expect(answer.statusCode).toBe(201);
  await answer.body.dump();
}

/** The stored device called `name` (its sandbox document). */
export function storedDevice(sb: Sandbox, name: string): Record<string, unknown> {
  const doc = sb.state.devices().find((device) => device['name'] === name);
  if (!doc) throw new Error(`the sandbox has no device called ${name}`);
  return doc;
}
