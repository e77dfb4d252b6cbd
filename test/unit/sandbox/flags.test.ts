import { describe, expect, it } from 'vitest';
import { parseSandboxArgs } from '../../../main/sandbox/flags';

describe('parseSandboxArgs', () => {
  it('maps every documented flag', () => {
    expect(
      parseSandboxArgs([
        '--host',
        '0.0.0.0',
        '--port',
        '8000',
        '--latency-ms',
        '25',
        '--rate-limit',
        '50:5',
        '--faults',
        '503=0.05,reset=0.02,lost=0.02',
        '--seed',
        '9',
        '--token-ttl',
        '120',
        '--auto-register',
        '500-5000',
        '--demo',
        '--data',
        'site.json',
        '--charges',
        '--no-device-status',
        '--device-status-shape',
        'status',
        '--no-phone-actions',
        '--control',
      ]),
    ).toEqual({
      host: '0.0.0.0',
      port: 8000,
      latencyMs: 25,
      rateLimit: { burst: 50, perSecond: 5 },
      faults: { unavailable: 0.05, reset: 0.02, lost: 0.02 },
      seed: 9,
      tokenTtlSeconds: 120,
      autoRegister: { minMs: 500, maxMs: 5000 },
      demo: true,
      dataFile: 'site.json',
      charges: true,
      perDeviceStatus: false,
      deviceStatusShape: 'status',
      phoneActions: false,
      controlRoutes: true,
    });
  });

  it('--no-envelope-tokens leaves the token counts out of envelopes, the bucket still on', () => {
    expect(parseSandboxArgs(['--no-envelope-tokens'])).toEqual({ envelopeTokens: false });
  });

  it('--no-rate-limit turns the bucket off and excludes --rate-limit', () => {
    expect(parseSandboxArgs(['--no-rate-limit'])).toEqual({ rateLimit: false });
    expect(() => parseSandboxArgs(['--no-rate-limit', '--rate-limit', '1:1'])).toThrow(/exclude/);
  });

  it('rejects unknown flags and bad values', () => {
    expect(() => parseSandboxArgs(['--bogus'])).toThrow();
    expect(() => parseSandboxArgs(['--port', '-1'])).toThrow(/--port/);
    expect(() => parseSandboxArgs(['--device-status-shape', 'online'])).toThrow(/registered or status/);
    expect(parseSandboxArgs(['--help'])).toBe('help');
  });
});

describe('flag values', () => {
  it('rate limit BURST:PER_SECOND', () => {
    expect(parseSandboxArgs(['--rate-limit', '100:10'])).toEqual({ rateLimit: { burst: 100, perSecond: 10 } });
    expect(parseSandboxArgs(['--rate-limit', '10:0.5'])).toEqual({ rateLimit: { burst: 10, perSecond: 0.5 } });
    expect(() => parseSandboxArgs(['--rate-limit', '100'])).toThrow(/--rate-limit/);
  });

  it('faults NAME=P, summing to at most 1', () => {
    expect(parseSandboxArgs(['--faults', 'lost=0.5'])).toEqual({ faults: { unavailable: 0, reset: 0, lost: 0.5 } });
    expect(() => parseSandboxArgs(['--faults', '503=0.7,reset=0.7'])).toThrow(/more than 1/);
    expect(() => parseSandboxArgs(['--faults', 'crash=0.1'])).toThrow(/--faults/);
    expect(() => parseSandboxArgs(['--faults', '503=x'])).toThrow(/--faults/);
  });

  it('ranges MIN-MAX', () => {
    expect(parseSandboxArgs(['--auto-register', '5-10'])).toEqual({ autoRegister: { minMs: 5, maxMs: 10 } });
    expect(() => parseSandboxArgs(['--auto-register', '10-5'])).toThrow(/--auto-register/);
  });
});
