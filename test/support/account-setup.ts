import { request } from 'undici';
import type { Sandbox } from '../../main/sandbox/server';

export type Collection = 'users' | 'devices' | 'callflows' | 'vmboxes';

/** Someone else on the account over the API (a colleague in the portal, another tool): their own login, not the app's client. */
async function asSomeoneElse<T>(
  sb: Sandbox,
  method: 'GET' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  data?: Record<string, unknown>,
): Promise<T> {
  const login = await request(`${sb.url}/v2/api_auth`, {
    method: 'PUT',
    body: JSON.stringify({ data: { api_key: sb.credentials.apiKey } }),
  });
  const token = ((await login.body.json()) as { auth_token: string }).auth_token;
  const answer = await request(`${sb.url}/v2/accounts/${sb.account.id}${path}`, {
    method,
    headers: { 'x-auth-token': token },
    ...(data ? { body: JSON.stringify({ data }) } : {}),
  });
  const body = (await answer.body.json()) as { data: T };
  if (answer.statusCode >= 300) throw new Error(`${method} ${path} failed: HTTP ${answer.statusCode}`);
  return body.data;
}

/** A document someone else put on the account over the API: a user, a device, a callflow, a voicemail box. */
export async function putOnAccount(sb: Sandbox, collection: Collection, data: Record<string, unknown>): Promise<string> {
  return (await asSomeoneElse<{ id: string }>(sb, 'PUT', `/${collection}`, data)).id;
}

/** A change someone else made over the API to a document of the account. */
export async function changeOnAccount(sb: Sandbox, collection: Collection, id: string, changes: Record<string, unknown>): Promise<void> {
  await asSomeoneElse(sb, 'PATCH', `/${collection}/${id}`, changes);
}

/** A document someone else deleted over the API. */
export async function deleteOnAccount(sb: Sandbox, collection: Collection, id: string): Promise<void> {
  await asSomeoneElse(sb, 'DELETE', `/${collection}/${id}`);
}

/** Every field of every user, voicemail box, device and callflow of the account, each read through the API, by collection then id. */
export async function accountSnapshot(sb: Sandbox): Promise<Record<Collection, Record<string, unknown>>> {
  const collections: Collection[] = ['users', 'vmboxes', 'devices', 'callflows'];
  const entries = await Promise.all(
    collections.map(async (collection) => {
      const listed = await asSomeoneElse<Array<{ id: string }>>(sb, 'GET', `/${collection}`);
      const documents = await Promise.all(
        listed.map(async ({ id }) => [id, await asSomeoneElse(sb, 'GET', `/${collection}/${id}`)] as const),
      );
      return [collection, Object.fromEntries(documents.sort(([a], [b]) => a.localeCompare(b)))] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Collection, Record<string, unknown>>;
}
