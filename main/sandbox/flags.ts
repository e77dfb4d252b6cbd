/** The command-line flags of `npm run sandbox`, parsed into `SandboxOptions`. */
import { parseArgs } from 'node:util';
import type { DeviceStatusShape, FaultRates, MsRange, RateLimit, SandboxOptions } from './options';
import { NO_FAULTS } from './options';

export const USAGE = `Usage: npm run sandbox -- [options]
  --host HOST                  bind address (default 127.0.0.1)
  --port N                     port, 0 = any free port (default 0)
  --latency-ms N               added latency before each /v2 request is handled
  --rate-limit BURST:PER_SEC   token bucket per client and account (default 100:10)
  --no-rate-limit              turn the token bucket off
  --no-envelope-tokens         leave tokens {consumed, remaining} out of envelopes (KAZOO before 5.4)
  --faults 503=P,reset=P,lost=P  injected faults by probability
  --seed N                     seed for faults and simulated phones (default 1)
  --token-ttl SECONDS          auth token lifetime (default 3600)
  --max-in-flight N            handle at most N /v2 requests at once; more are answered 503
  --auto-register MIN-MAX      phones register by themselves after MIN..MAX ms, some flapping
  --demo                       a believable site: people with extensions and voicemail, phones coming online
  --data FILE.json             load the state from FILE and save it back
  --charges                    device, user and voicemail box creates answer 402 unless accept_charges is true
  --no-device-status           no GET /devices/{id}/status (stock KAZOO answers 404)
  --device-status-shape SHAPE  registered (KAZOO: registered: true) or status (Audian: status: registered |
                               unregistered | disabled) in /devices/status and /devices/{id}/status
  --no-phone-actions           device sync and quickcall answer 404 not_found (a server without them)
  --control                    the control API under /_sandbox/ (phones by hand, faults, every device with its
                               SIP password): off unless asked for
  --help                       this text`;

function integer(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} expects a non-negative integer, got "${text}"`);
  return value;
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
      'no-envelope-tokens': { type: 'boolean' },
      faults: { type: 'string' },
      seed: { type: 'string' },
      'token-ttl': { type: 'string' },
      'max-in-flight': { type: 'string' },
      'auto-register': { type: 'string' },
      demo: { type: 'boolean' },
      data: { type: 'string' },
      charges: { type: 'boolean' },
      'no-device-status': { type: 'boolean' },
      'device-status-shape': { type: 'string' },
      'no-phone-actions': { type: 'boolean' },
      control: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values['rate-limit'] !== undefined && values['no-rate-limit']) {
    throw new Error('--rate-limit and --no-rate-limit exclude each other');
  }
  const parsed: SandboxOptions = {};
  if (values.host !== undefined) parsed.host = values.host;
  if (values.port !== undefined) parsed.port = integer(values.port, '--port');
  if (values['latency-ms'] !== undefined) parsed.latencyMs = integer(values['latency-ms'], '--latency-ms');
  if (values['rate-limit'] !== undefined) parsed.rateLimit = parseRateLimit(values['rate-limit']);
  if (values['no-rate-limit']) parsed.rateLimit = false;
  if (values['no-envelope-tokens']) parsed.envelopeTokens = false;
  if (values.faults !== undefined) parsed.faults = parseFaults(values.faults);
  if (values.seed !== undefined) parsed.seed = integer(values.seed, '--seed');
  if (values['token-ttl'] !== undefined) parsed.tokenTtlSeconds = integer(values['token-ttl'], '--token-ttl');
  if (values['max-in-flight'] !== undefined) {
    const limit = integer(values['max-in-flight'], '--max-in-flight');
    if (limit === 0) throw new Error('--max-in-flight expects at least 1 (leave it out for no limit)');
    parsed.maxInFlight = limit;
  }
  if (values['auto-register'] !== undefined) parsed.autoRegister = parseMsRange(values['auto-register'], '--auto-register');
  if (values.demo) parsed.demo = true;
  if (values.data !== undefined) parsed.dataFile = values.data;
  if (values.charges) parsed.charges = true;
  if (values['no-device-status']) parsed.perDeviceStatus = false;
  if (values['device-status-shape'] !== undefined) parsed.deviceStatusShape = parseStatusShape(values['device-status-shape']);
  if (values['no-phone-actions']) parsed.phoneActions = false;
  if (values.control) parsed.controlRoutes = true;
  return parsed;
}

function parseStatusShape(text: string): DeviceStatusShape {
  if (text === 'registered' || text === 'status') return text;
  throw new Error(`--device-status-shape expects registered or status, got "${text}"`);
}

/** `BURST:PER_SECOND`, e.g. `100:10`. */
function parseRateLimit(text: string): RateLimit {
  const match = /^(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match) throw new Error(`--rate-limit expects BURST:PER_SECOND (e.g. 100:10), got "${text}"`);
  return { burst: Number(match[1]), perSecond: Number(match[2]) };
}

const FAULT_NAMES: Record<string, keyof FaultRates> = { '503': 'unavailable', reset: 'reset', lost: 'lost' };

/** `503=0.05,reset=0.02,lost=0.02`; the probabilities must add up to at most 1. */
function parseFaults(text: string): FaultRates {
  const rates: FaultRates = { ...NO_FAULTS };
  for (const part of text.split(',').filter((entry) => entry.trim() !== '')) {
    const [name = '', value = ''] = part.split('=').map((side) => side.trim());
    const key = FAULT_NAMES[name];
    const probability = Number(value);
    if (!key || value === '' || !Number.isFinite(probability) || probability < 0 || probability > 1) {
      throw new Error(`--faults expects 503=P,reset=P,lost=P with 0 <= P <= 1, got "${part}"`);
    }
    rates[key] = probability;
  }
  if (rates.unavailable + rates.reset + rates.lost > 1) throw new Error('--faults probabilities add up to more than 1');
  return rates;
}

/** `MIN_MS-MAX_MS`, e.g. `500-5000`. */
function parseMsRange(text: string, flag: string): MsRange {
  const match = /^(\d+)-(\d+)$/.exec(text.trim());
  if (!match || Number(match[1]) > Number(match[2])) throw new Error(`${flag} expects MIN_MS-MAX_MS (e.g. 500-5000), got "${text}"`);
  return { minMs: Number(match[1]), maxMs: Number(match[2]) };
}
