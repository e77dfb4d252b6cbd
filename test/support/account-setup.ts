import { request } from 'undici';
import type { Sandbox } from '../../main/sandbox/server';

/** A document someone else put on the account over the API (a colleague in the portal, another tool): a user, a device, a callflow, a voicemail box. */
export async function putOnAccount(
  sb: Sandbox,
  collection: 'users' | 'devices' | 'callflows' | 'vmboxes',
  data: Record<string, unknown>,
): Promise<string> {
  const login = await request(`${sb.url}/v2/api_auth`, {
    method: 'PUT',
    body: JSON.stringify({ data: { api_key: sb.credentials.apiKey } }),
  });
  const token = ((await login.body.json()) as { auth_token: string }).auth_token;
  const answer = await request(`${sb.url}/v2/accounts/${sb.account.id}/${collection}`, {
    method: 'PUT',
    headers: { 'x-auth-token': token },
    body: JSON.stringify({ data }),
  });
  const body = (await answer.body.json()) as { data: { id: string } };
  if (answer.statusCode !== 201) throw new Error(`Creating a ${collection} document failed: HTTP ${answer.statusCode}`);
  return body.data.id;
}
