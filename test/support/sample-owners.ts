import path from 'node:path';
import { request } from 'undici';
import type { Sandbox } from '../../main/sandbox/server';

/** Spreadsheets as technicians produce them (fictional; see the README beside them). */
export const SAMPLES_DIR = path.join(import.meta.dirname, '../fixtures/samples');

/** The users the sample files name as owners (all @example.com). */
export const SAMPLE_OWNERS = [
  'alice',
  'bob',
  'carla',
  'dmitri',
  'eve',
  'farid',
  'grace',
  'hiro',
  'ines',
  'jamal',
  'kofi',
  'lena',
  'mateo',
  'nadia',
  'oren',
  'priya',
  'quinn',
  'rosa',
  'sven',
  'tara',
];

/** A rollout starts with the site's users on the PBX: create the samples' owners over the real API. */
export async function addSampleOwners(sb: Sandbox): Promise<void> {
  const login = await request(`${sb.url}/v2/api_auth`, {
    method: 'PUT',
    body: JSON.stringify({ data: { api_key: sb.credentials.apiKey } }),
  });
  const token = ((await login.body.json()) as { auth_token: string }).auth_token;
  for (const first of SAMPLE_OWNERS) {
    const answer = await request(`${sb.url}/v2/accounts/${sb.account.id}/users`, {
      method: 'PUT',
      headers: { 'x-auth-token': token },
      body: JSON.stringify({
        data: {
          first_name: first,
          last_name: 'Example',
          username: `${first}@example.com`,
          email: `${first}@example.com`,
          password: 'sample-Pass-1',
        },
      }),
    });
    if (answer.statusCode !== 201) throw new Error(`Creating ${first} failed: HTTP ${answer.statusCode} ${await answer.body.text()}`);
    await answer.body.dump();
  }
}
