import { describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log';

function capture() {
  const lines: string[] = [];
  const log = createLogger(
    (line) => lines.push(line),
    () => new Date('2026-01-01T00:00:00.000Z'),
  );
  return { log, lines, text: () => lines.join('\n') };
}

describe('redacting logger', () => {
  it('writes one JSON object per line with the time, level and event', () => {
    const { log, lines } = capture();
    log.info('app.started', { version: '1.0.0' });
    expect(JSON.parse(lines[0]!)).toEqual({ at: '2026-01-01T00:00:00.000Z', level: 'info', event: 'app.started', version: '1.0.0' });
  });

  it.each(['password', 'sip_password', 'secret', 'apiKey', 'api_key', 'X-Auth-Token', 'auth_token', 'credentials', 'Authorization'])(
    'replaces the value under a key named %s, at any depth',
    (key) => {
      const { log, text } = capture();
      log.warn('request', { [key]: 'value-1234', nested: { list: [{ [key]: 'value-5678' }] } });
      expect(text()).not.toMatch(/value-1234|value-5678/);
      expect(text()).toContain('[redacted]');
    },
  );

  it('removes a protected value wherever it appears: messages, URLs, error messages and stacks', () => {
    const { log, text } = capture();
    const key = 'k'.repeat(32) + 'SECRET';
    log.protect(key);
    const error = new Error(`request to https://api.example.com/v2/api_auth?key=${key} failed`);
    log.error('api.failed', { url: `https://x.example/?k=${key}`, error, list: [`prefix ${key} suffix`] });
    expect(text()).not.toContain(key);
    expect(text()).toContain('prefix [redacted] suffix');
  });

  it('removes a JSON Web Token nobody registered, under an ordinary key or inside a message', () => {
    const { log, text } = capture();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJhY2NvdW50X2lkIjoiYSJ9.c2lnbmF0dXJlLXBhcnQ';
    log.warn('server.said', { body: `{"auth_token":"${jwt}"}`, detail: { note: jwt } });
    expect(text()).not.toContain('eyJ');
    expect(text()).toContain('[redacted]');
  });

  it('does not register values too short to be secrets, so ordinary words stay readable', () => {
    const { log, text } = capture();
    log.protect('abc');
    log.info('note', { message: 'abc def' });
    expect(text()).toContain('abc def');
  });

  it('cuts off deep structures instead of walking them', () => {
    const { log, lines } = capture();
    let deep: Record<string, unknown> = { password: 'deep-secret' };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    log.info('deep', { deep });
    expect(lines[0]).toContain('[deep]');
    expect(lines[0]).not.toContain('deep-secret');
  });
});
