/** The command-line flags of `npm run sandbox`, parsed into `SandboxOptions`. */
import { parseArgs } from 'node:util';
import type { FaultRates, MsRange, RateLimit, SandboxOptions } from './options';
import { NO_FAULTS } from './options';

export const USAGE = `Usage: npm run sandbox -- [options]
  --host HOST                  bind address (default 127.0.0.1)
  --port N                     port, 0 = any free port (default 0)
  --latency-ms N               added latency before each /v2 request is handled
  --rate-limit BURST:PER_SEC   token bucket per client and account (default 100:10)
  --no-rate-limit              turn the token bucket off
  --faults 503=P,reset=P,lost=P  injected faults by probability
  --seed N                     seed for faults and simulated phones (default 1)
  --token-ttl SECONDS          auth token lifetime (default 3600)
  --max-in-flight N            handle at most N /v2 requests at once; more are answered 503
  --auto-register MIN-MAX      phones register by themselves after MIN..MAX ms, some flapping
  --demo                       a believable site: users, devices, phones coming online
  --data FILE.json             load the state from FILE and save it back
  --charges                    creates answer 402 unless accept_charges is true
  --no-device-status           no GET /devices/{id}/status (stock KAZOO answers 404)
  --help                       this text`;

function integer(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} expects a non-negative integer, got "${text}"`);
  return n;
}

export function parseSandboxArgs(argv: string[]): SandboxOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'latency-ms': { type: 'string' },
      'rate-limit': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      faults: { type: 'string' },
      seed: { type: 'string' },
      'token-ttl': { type: 'string' },
      'max-in-flight': { type: 'string' },
      'auto-register': { type: 'string' },
      demo: { type: 'boolean' },
      data: { type: 'string' },
      charges: { type: 'boolean' },
      'no-device-status': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values['rate-limit'] !== undefined && values['no-rate-limit']) {
    throw new Error('--rate-limit and --no-rate-limit exclude each other');
  }
  const o: SandboxOptions = {};
  if (values.host !== undefined) o.host = values.host;
  if (values.port !== undefined) o.port = integer(values.port, '--port');
  if (values['latency-ms'] !== undefined) o.latencyMs = integer(values['latency-ms'], '--latency-ms');
  if (values['rate-limit'] !== undefined) o.rateLimit = parseRateLimit(values['rate-limit']);
  if (values['no-rate-limit']) o.rateLimit = false;
  if (values.faults !== undefined) o.faults = parseFaults(values.faults);
  if (values.seed !== undefined) o.seed = integer(values.seed, '--seed');
  if (values['token-ttl'] !== undefined) o.tokenTtlSeconds = integer(values['token-ttl'], '--token-ttl');
  if (values['max-in-flight'] !== undefined) {
    const limit = integer(values['max-in-flight'], '--max-in-flight');
    if (limit === 0) throw new Error('--max-in-flight expects at least 1 (leave it out for no limit)');
    o.maxInFlight = limit;
  }
  if (values['auto-register'] !== undefined) o.autoRegister = parseMsRange(values['auto-register'], '--auto-register');
  if (values.demo) o.demo = true;
  if (values.data !== undefined) o.dataFile = values.data;
  if (values.charges) o.charges = true;
  if (values['no-device-status']) o.perDeviceStatus = false;
  return o;
}

/** `BURST:PER_SECOND`, e.g. `100:10`. */
function parseRateLimit(text: string): RateLimit {
  const m = /^(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) throw new Error(`--rate-limit expects BURST:PER_SECOND (e.g. 100:10), got "${text}"`);
  return { burst: Number(m[1]), perSecond: Number(m[2]) };
}

const FAULT_NAMES: Record<string, keyof FaultRates> = { '503': 'unavailable', reset: 'reset', lost: 'lost' };

/** `503=0.05,reset=0.02,lost=0.02`; the probabilities must add up to at most 1. */
function parseFaults(text: string): FaultRates {
  const rates: FaultRates = { ...NO_FAULTS };
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    const key = FAULT_NAMES[name];
    const p = Number(value);
    if (!key || value === '' || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new Error(`--faults expects 503=P,reset=P,lost=P with 0 <= P <= 1, got "${part}"`);
    }
    rates[key] = p;
  }
  if (rates.unavailable + rates.reset + rates.lost > 1) throw new Error('--faults probabilities add up to more than 1');
  return rates;
}

/** `MIN_MS-MAX_MS`, e.g. `500-5000`. */
function parseMsRange(text: string, flag: string): MsRange {
  const m = /^(\d+)-(\d+)$/.exec(text.trim());
  if (!m || Number(m[1]) > Number(m[2])) throw new Error(`${flag} expects MIN_MS-MAX_MS (e.g. 500-5000), got "${text}"`);
  return { minMs: Number(m[1]), maxMs: Number(m[2]) };
}
