import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gregorianSeconds } from '../../../common/gregorian';
import type { Sandbox } from '../../../main/sandbox/server';
import { call, devicesPath, hexId, manualClock, started } from './helpers';

let sb: Sandbox;
let token: string;
const clock = manualClock();
const t0 = gregorianSeconds(clock.now());

type Item = Record<string, unknown>;
const list = async (query: string): Promise<{ items: Item[]; body: Record<string, unknown> }> => {
  const res = await call(sb, 'GET', `${devicesPath(sb)}${query}`, { token });
  expect(res.status).toBe(200);
  return { items: res.body.data as Item[], body: res.body };
};
const ids = (items: Item[]): string[] => items.map((i) => i['id'] as string);

beforeAll(async () => {
  ({ sb, token } = await started({ clock, tokenTtlSeconds: 86_400 }));
  // 120 plain devices with ids 1..120, created one minute apart.
  for (let n = 1; n <= 120; n++) {
    const res = await call(sb, 'PUT', devicesPath(sb), { token, data: { id: hexId(n), name: `Bulk ${n}`, device_type: 'sip_device' } });
    expect(res.status).toBe(201);
    await clock.advance(60_000);
  }
  const extra: Item[] = [
    {
      id: hexId(1001),
      name: 'Soft',
      device_type: 'softphone',
      enabled: false,
      owner_id: hexId(9),
      sip: { username: 'Soft_1', password: 'secret1' },
    },
    { id: hexId(1002), name: 'Cell', device_type: 'cellphone', presence_id: '', provision: { endpoint_brand: 'yealink' } },
    { id: hexId(1003), name: 'Fax', device_type: 'fax', flags: [], provision: { endpoint_brand: 'grandstream' } },
  ];
  for (const data of extra) expect((await call(sb, 'PUT', devicesPath(sb), { token, data })).status).toBe(201);
});
afterAll(() => sb.close());

describe('pagination', () => {
  it('pages of 50 by default, descending by id within a page, with an opaque next_start_key', async () => {
    const { items, body } = await list('');
    expect(items).toHaveLength(50);
    expect(body['page_size']).toBe(50);
    expect(body).not.toHaveProperty('start_key');
    expect(ids(items)).toEqual(Array.from({ length: 50 }, (_, i) => hexId(50 - i)));
    expect(body['next_start_key']).toBe(`g20AAAAg${Buffer.from(hexId(51)).toString('base64url')}`);
  });

  it('walks every page through next_start_key until it is absent', async () => {
    const seen: string[] = [];
    let key: string | undefined;
    let pages = 0;
    do {
      const { items, body } = await list(`?page_size=40${key ? `&start_key=${encodeURIComponent(key)}` : ''}`);
      pages++;
      if (key) expect(body['start_key']).toBe(key);
      seen.push(...ids(items));
      key = body['next_start_key'] as string | undefined;
    } while (key);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(123);
  });

  it('accepts a raw id as start_key', async () => {
    const { items } = await list(`?page_size=2&start_key=${hexId(7)}`);
    expect(ids(items)).toEqual([hexId(8), hexId(7)]);
  });

  it('paginate=false returns everything, without paging keys', async () => {
    const { items, body } = await list('?paginate=false');
    expect(items).toHaveLength(123);
    expect(body).not.toHaveProperty('page_size');
    expect(body).not.toHaveProperty('next_start_key');
    expect(ids(items)[0]).toBe(hexId(1003));
  });

  it('with filters a page holds page_size matching rows', async () => {
    const { items, body } = await list('?page_size=2&filter_device_type=sip_device');
    expect(ids(items)).toEqual([hexId(2), hexId(1)]);
    expect(body['next_start_key']).toBeDefined();
  });
});

describe('filters (on the full stored document)', () => {
  it('filter_KEY, with dotted keys and booleans', async () => {
    expect(ids((await list('?paginate=false&filter_device_type=softphone')).items)).toEqual([hexId(1001)]);
    expect(ids((await list('?paginate=false&filter_enabled=false')).items)).toEqual([hexId(1001)]);
    expect(ids((await list('?paginate=false&filter_sip.username=Soft_1')).items)).toEqual([hexId(1001)]);
    expect(ids((await list('?paginate=false&filter_provision.endpoint_brand=yealink')).items)).toEqual([hexId(1002)]);
    expect(ids((await list(`?paginate=false&filter_owner_id=${hexId(9)}`)).items)).toEqual([hexId(1001)]);
  });

  it('filter_KEY with a JSON array means membership', async () => {
    const q = encodeURIComponent('["softphone","fax"]');
    expect(ids((await list(`?paginate=false&filter_device_type=${q}`)).items)).toEqual([hexId(1003), hexId(1001)]);
  });

  it('filter_not_KEY', async () => {
    const { items } = await list('?paginate=false&filter_not_device_type=sip_device');
    expect(ids(items)).toEqual([hexId(1003), hexId(1002), hexId(1001)]);
  });

  it('has_key, key_missing, has_value, value_missing', async () => {
    expect(ids((await list('?paginate=false&has_key=owner_id')).items)).toEqual([hexId(1001)]);
    expect((await list('?paginate=false&key_missing=provision')).items).toHaveLength(121);
    expect(ids((await list('?paginate=false&has_key=presence_id')).items)).toEqual([hexId(1002)]);
    expect((await list('?paginate=false&has_value=presence_id')).items).toHaveLength(0);
    // value_missing: absent or empty; flags: [] counts as empty.
    const missing = ids((await list('?paginate=false&value_missing=presence_id&filter_device_type=cellphone')).items);
    expect(missing).toEqual([hexId(1002)]);
    expect(ids((await list('?paginate=false&value_missing=flags&has_key=flags')).items)).toEqual([hexId(1003)]);
  });

  it('created_from / created_to compare Gregorian seconds, inclusive', async () => {
    const from = t0 + 60 * 10; // device 11
    const to = t0 + 60 * 14; // device 15
    const { items } = await list(`?paginate=false&created_from=${from}&created_to=${to}`);
    expect(ids(items)).toEqual([hexId(15), hexId(14), hexId(13), hexId(12), hexId(11)]);
    expect((await list('?paginate=false&created_from=notanumber')).items).toHaveLength(0);
  });

  it('several filters are AND-ed', async () => {
    const { items } = await list('?paginate=false&has_key=provision&filter_not_device_type=fax');
    expect(ids(items)).toEqual([hexId(1002)]);
  });
});
