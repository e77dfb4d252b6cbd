import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { CrashReport } from '../../../common/crash';
import { installCrashHandlers } from '../../../main/crash/crash-handler';
import { createLogger } from '../../../main/log';

const API_KEY = 'k'.repeat(28) + 'SECRET';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZWNoIn0.c2lnbmF0dXJlLWJ5dGVz';
const NOW = new Date('2026-12-07T09:30:00.000Z');

function crashing(publishFails = false) {
  const lines: string[] = [];
  const reports: CrashReport[] = [];
  const log = createLogger(
    (line) => lines.push(line),
    () => NOW,
  );
  log.protect(API_KEY);
  const process = new EventEmitter();
  installCrashHandlers(process, {
    log,
    version: '1.4.0',
    now: () => NOW,
    publish: (event, payload) => {
      if (publishFails) throw new Error('no window');
      if (event === 'app:crashed') reports.push(payload as CrashReport);
    },
  });
  return { process, lines, reports, logged: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('crash handling in main', () => {
  it('logs an uncaught exception with its stack and tells the window, the key and token redacted everywhere', () => {
    const { process, lines, reports, logged } = crashing();
    const error = new Error(`request with ${API_KEY} and ${JWT} failed`);
    process.emit('uncaughtException', error);

    expect(logged()).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'main.crashed',
        kind: 'uncaught exception',
        error: expect.objectContaining({ name: 'Error' }),
      }),
    ]);
    const stack = (logged()[0]!['error'] as { stack: string }).stack;
    expect(stack).toMatch(/^Error: request with \[redacted\] and \[redacted\] failed\n\s+at /);
    expect(reports).toEqual([
      {
        at: NOW.toISOString(),
        message: 'request with [redacted] and [redacted] failed',
        details: expect.stringContaining(
          'Audian Provisioner 1.4.0\nuncaught exception at 2026-12-07T09:30:00.000Z\nError: request with [redacted]',
        ),
      },
    ]);
    expect(reports[0]!.details).toMatch(/\n\s+at .*crash-handler\.test\.ts/);
    for (const text of [...lines, JSON.stringify(reports)]) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(JWT);
    }
  });

  it('logs an unhandled rejection, even of a value that is not an Error', () => {
    const { process, reports, logged } = crashing();
    process.emit('unhandledRejection', `token ${API_KEY} expired`);
    expect(logged()[0]).toMatchObject({
      event: 'main.crashed',
      kind: 'unhandled rejection',
      error: { message: 'Non-error value: token [redacted] expired' },
    });
    expect(reports[0]!.message).toBe('Non-error value: token [redacted] expired');
  });

  it('never throws out of the handler when the window cannot be told; the log line is written first', () => {
    const { process, logged } = crashing(true);
    expect(() => process.emit('uncaughtException', new Error('boom'))).not.toThrow();
    expect(logged()).toHaveLength(1);
  });
});
