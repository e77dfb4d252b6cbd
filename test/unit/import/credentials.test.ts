import { describe, expect, it, vi } from 'vitest';
import {
  GENERATED_PASSWORD_LENGTH,
  generateSipPassword,
  generateSipUsername,
  generateVoicemailPin,
  isTrivialPin,
  randomString,
  takenUsernames,
} from '../../../common/import/credentials';
import { LIMITS } from '../../../common/import/row-rules';

describe('generated credentials', () => {
  it("passwords: 20 characters without look-alikes, within KAZOO's limits, different every time", () => {
    const passwords = Array.from({ length: 200 }, () => generateSipPassword());
    for (const password of passwords) {
      expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
      expect(password.length).toBeGreaterThanOrEqual(LIMITS.sipPassword.min);
      expect(password.length).toBeLessThanOrEqual(LIMITS.sipPassword.max);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
    expect(GENERATED_PASSWORD_LENGTH).toBe(20);
  });

  it('usernames: user_ and 10 lowercase letters and digits, never one already taken in any case', () => {
    const taken = takenUsernames(['Lobby_1', 'USER_ABC']);
    expect(taken.has('lobby_1')).toBe(true);
    expect(taken.has('user_abc')).toBe(true);
    for (let i = 0; i < 200; i++) {
      const username = generateSipUsername(taken);
      expect(username).toMatch(/^user_[a-z0-9]{10}$/);
      expect(taken.has(username)).toBe(false);
      taken.add(username);
    }
  });

  it('retries when the random name is taken', () => {
    // The first draw is all zeros ("user_aaaaaaaaaa"), which is taken; later draws are random.
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementationOnce((array) => {
      (array as Uint8Array).fill(0);
      return array;
    });
    try {
      expect(generateSipUsername(new Set(['user_aaaaaaaaaa']))).toMatch(/^user_(?!a{10})[a-z0-9]{10}$/);
      expect(spy.mock.calls.length).toBeGreaterThan(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('draws every character equally often (no modulo bias)', () => {
    // 256 % 6 = 4: a plain modulo would make a, b, c, d about 2% more frequent than e, f.
    const counts = new Map<string, number>();
    for (const c of randomString('abcdef', 120_000)) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const count of counts.values()) expect(Math.abs(count - 20_000)).toBeLessThan(600);
  });
});

describe('generated voicemail PINs', () => {
  it('six digits, different enough to guess from a million', () => {
    const pins = Array.from({ length: 500 }, () => generateVoicemailPin('123789'));
    for (const pin of pins) expect(pin).toMatch(/^\d{6}$/);
    expect(new Set(pins).size).toBeGreaterThan(490);
  });

  it('never the mailbox itself, never trivial: such a draw is thrown away and the next one is returned', () => {
    // Each draw reads its bytes from one getRandomValues call: the mailbox's digits, then a trivial PIN, then a good one.
    const draws = ['123789', '111111', '583920'];
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    for (const digits of draws) {
      spy.mockImplementationOnce((array) => {
        (array as Uint8Array).set([...digits].map(Number));
        return array;
      });
    }
    try {
      expect(generateVoicemailPin('123789')).toBe('583920');
      expect(spy).toHaveBeenCalledTimes(draws.length);
    } finally {
      spy.mockRestore();
    }
  });

  it('trivial: one digit repeated, or a run up or down', () => {
    for (const pin of ['1111', '000000', '1234', '123456', '4321', '987654', '0123']) expect(isTrivialPin(pin)).toBe(true);
    for (const pin of ['1235', '2580', '135790', '1212', '100000']) expect(isTrivialPin(pin)).toBe(false);
  });
});
