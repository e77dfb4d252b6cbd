import { describe, expect, it } from 'vitest';
import { createLatestOnly } from '../../../renderer/src/store/latestOnly';

describe('createLatestOnly', () => {
  it('lets only the newest request apply its answer, whatever order the answers come in', () => {
    const latest = createLatestOnly();
    const first = latest.begin();
    const second = latest.begin();
    expect(second()).toBe(true);
    expect(first()).toBe(false);
  });

  it('stays current while nothing newer begins', () => {
    const latest = createLatestOnly();
    const only = latest.begin();
    expect(only()).toBe(true);
    expect(only()).toBe(true);
  });

  it('drops every request begun so far, and lets the next one through', () => {
    const latest = createLatestOnly();
    const before = latest.begin();
    latest.dropAll();
    expect(before()).toBe(false);
    expect(latest.begin()()).toBe(true);
  });

  it('keeps kinds apart: a newer request of one kind leaves another kind current', () => {
    const loads = createLatestOnly();
    const checks = createLatestOnly();
    const check = checks.begin();
    loads.begin();
    expect(check()).toBe(true);
  });
});
