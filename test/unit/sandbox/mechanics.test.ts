import { describe, expect, it } from 'vitest';
import type { Doc } from '../../../main/sandbox/docs';
import { mergePatch } from '../../../main/sandbox/docs';
import { FaultInjector } from '../../../main/sandbox/faults';
import { buildFilter } from '../../../main/sandbox/filters';
import { paginate } from '../../../main/sandbox/pagination';
import { mulberry32 } from '../../../main/sandbox/prng';
import { TokenBuckets } from '../../../main/sandbox/rate-limit';

const doc = (id: string, fields: Record<string, unknown> = {}): Doc => ({ _id: id, _rev: '1-x', ...fields });

describe('start keys', () => {
  it('encode like base64url(term_to_binary(<<Id>>)) and lead back to that id; raw ids pass through', () => {
    const docs = ['ab', 'abc', 'abd'].map((id) => doc(id));
    const first = paginate(docs, () => true, { paginate: true, pageSize: 1, startKey: undefined });
    expect(first.paging?.next_start_key).toBe('g20AAAADYWJj');
    const fromKey = (startKey: string) => paginate(docs, () => true, { paginate: true, pageSize: 1, startKey }).docs.map((d) => d._id);
    expect(fromKey('g20AAAADYWJj')).toEqual(['abc']);
    expect(fromKey('abd')).toEqual(['abd']);
  });

  it('paginate keeps page_size matching rows and points at the next match', () => {
    const docs = ['a', 'b', 'c', 'd', 'e'].map((id) => doc(id, { odd: 'ace'.includes(id) }));
    const odd = buildFilter(new URLSearchParams('filter_odd=true'));
    const page = paginate(docs, odd, { paginate: true, pageSize: 2, startKey: undefined });
    expect(page.docs.map((d) => d._id)).toEqual(['a', 'c']);
    const next = paginate(docs, odd, { paginate: true, pageSize: 2, startKey: page.paging?.next_start_key as string });
    expect(next.docs.map((d) => d._id)).toEqual(['e']);
  });
});

describe('filters', () => {
  it('compare to_string values; missing compares as ""', () => {
    const f = buildFilter(new URLSearchParams('filter_name='));
    expect(f(doc('1'))).toBe(true);
    expect(f(doc('2', { name: 'x' }))).toBe(false);
    expect(buildFilter(new URLSearchParams('filter_n=3'))(doc('3', { n: 3 }))).toBe(true);
  });

  it('a filter on an object value throws inside and excludes the document', () => {
    expect(buildFilter(new URLSearchParams('filter_sip=x'))(doc('1', { sip: {} }))).toBe(false);
    expect(buildFilter(new URLSearchParams('filter_not_sip=x'))(doc('1', { sip: {} }))).toBe(false);
  });
});

describe('token bucket', () => {
  it('refills continuously: tokens = min(burst, tokens + elapsed * rate)', () => {
    let now = 0;
    const buckets = new TokenBuckets({ now: () => now });
    const limit = { burst: 3, perSecond: 2 };
    expect([1, 2, 3, 4].map(() => buckets.take('k', limit).allowed)).toEqual([true, true, true, false]);
    now += 499;
    expect(buckets.take('k', limit).allowed).toBe(false);
    now += 1;
    expect(buckets.take('k', limit)).toEqual({ allowed: true, remaining: 0 });
    now += 100_000;
    expect(buckets.take('k', limit).remaining).toBe(2);
    expect(buckets.take('other', limit).remaining).toBe(2);
  });
});

describe('faults and PRNG', () => {
  it('the same seed gives the same sequence', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('queued faults come first, then draws follow the probabilities', () => {
    const injector = new FaultInjector(mulberry32(1), () => ({ unavailable: 0.5, reset: 0, lost: 0.5 }));
    const get = { method: 'GET', path: '/v2/accounts/a/devices' };
    injector.queue('reset', 2);
    expect([injector.draw(get), injector.draw(get)]).toEqual(['reset', 'reset']);
    const draws = Array.from({ length: 1000 }, () => injector.draw(get));
    expect(draws.filter((d) => d === undefined)).toHaveLength(0);
    expect(draws.filter((d) => d === 'lost').length).toBeGreaterThan(400);
    const none = new FaultInjector(mulberry32(1), () => ({ unavailable: 0, reset: 0, lost: 0 }));
    expect(none.draw(get)).toBeUndefined();
  });

  it('a queued fault with a target waits for the request it picks; others pass', () => {
    const injector = new FaultInjector(mulberry32(1), () => ({ unavailable: 0, reset: 0, lost: 0 }));
    injector.queue('lost', 1, ({ method }) => method === 'PUT');
    injector.queue('unavailable');
    const get = { method: 'GET', path: '/v2/accounts/a/devices' };
    const put = { method: 'PUT', path: '/v2/accounts/a/devices' };
    expect([injector.draw(get), injector.draw(get), injector.draw(put), injector.draw(put)]).toEqual([
      'unavailable',
      undefined,
      'lost',
      undefined,
    ]);
  });
});

describe('documents', () => {
  it('mergePatch: request wins, objects merge, null deletes', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: 4 }, { a: 2, b: { c: null, f: 5 }, e: null })).toEqual({ a: 2, b: { d: 3, f: 5 } });
  });
});
