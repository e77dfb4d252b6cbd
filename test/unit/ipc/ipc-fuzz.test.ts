import { describe, expect, it } from 'vitest';
import { requestChannels, type RequestChannel } from '../../../common/ipc/channels';
import { requestSchemas, type RequestInput } from '../../../common/ipc/contract';
import { ok, type Result } from '../../../common/ipc/result';
import { createRouter, type Handlers, type SenderInfo } from '../../../main/ipc/router';
import { createLogger } from '../../../main/log';
import { mulberry32, type Prng } from '../../../main/sandbox/prng';

/**
 * Every channel of the contract, called through the router the way a compromised renderer could
 * call it. The thing under test is the router with the contract's schemas: handlers are stubs that
 * only record that they were reached, which must never happen for hostile input.
 */

const HEX = 'a'.repeat(32);
const TRUSTED: SenderInfo = { frameUrl: 'app://audian/index.html', isMainFrame: true, webContentsId: 1 };
const MAX_ERROR_BYTES = 16 * 1024;
const SEED = 20_260_801;
const RANDOM_CASES_PER_CHANNEL = 150;

/** The smallest valid input per channel: every key is required, so removing any one must be refused. */
const VALID: { [C in RequestChannel]: RequestInput<C> } = {
  'app:info': {},
  'app:ping': { message: 'hello' },
  'app:restart': {},
  'connections:list': {},
  'connections:save': { name: 'Site', baseUrl: 'https://api.example.com', accountId: HEX, auth: { method: 'api_key' }, secret: 'key' },
  'connections:remove': { id: HEX },
  'connections:check': { id: HEX },
  'connections:activate': { id: HEX },
  'connections:startDemo': {},
  'connections:pinCertificate': { id: HEX, sha256: Array.from({ length: 32 }, () => 'AB').join(':') },
  'import:load': { fileName: 'devices.csv', contentBase64: 'bmFtZQ==' },
  'import:configure': { draftId: HEX },
  'import:editCells': { draftId: HEX, edits: [{ row: 0, sourceColumn: 0, value: 'x' }] },
  'import:plan': { draftId: HEX, match: 'mac', onExisting: 'skip', onExistingPerson: 'skip' },
  'import:start': {
    draftId: HEX,
    planId: HEX,
    name: 'Rollout',
    confirmedRegisteredDeviceIds: [HEX],
    onFailure: 'rollback',
    sendWelcomeEmail: false,
  },
  'import:control': { batchId: HEX, action: 'pause' },
  'import:batches': {},
  'import:results': { batchId: HEX },
  'import:report': { batchId: HEX, includePasswords: false },
  'devices:list': { refresh: false },
  'devices:get': { id: 'dev1' },
  'devices:revealPassword': { id: 'dev1' },
  'devices:save': { fields: {} },
  'devices:duplicate': { id: 'dev1', name: 'Copy' },
  'devices:bulk': { ids: ['dev1'], action: 'enable' },
  'devices:sync': { id: 'dev1', reboot: false },
  'devices:quickcall': { id: 'dev1', number: '1001' },
  'devices:quickcallNumber': {},
  'devices:registration': { id: 'a'.repeat(32) },
  'devices:export': { includePasswords: false },
  'registrations:watch': {},
  'registrations:unwatch': {},
  'registrations:visibility': { hidden: false },
  'registrations:report': { batchId: HEX },
  'batches:undoPlan': { batchId: HEX },
  'batches:undo': { batchId: HEX, planId: HEX, includeConflicts: [] },
  'audit:list': {},
  'audit:export': {},
  'support:exportBundle': {},
  'updates:status': {},
  'updates:restart': {},
};

const MB = 1024 * 1024;
const ONE_MB = 'A'.repeat(MB);
const TEN_MB = 'A'.repeat(10 * MB);

/** Built iteratively: a recursive builder would itself overflow first. */
function deeplyNested(depth: number, asArray: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

const DEEP_OBJECT = deeplyNested(10_000, false);
const DEEP_ARRAY = deeplyNested(10_000, true);
const LONG_ARRAY = Array.from({ length: 1_000_000 }, () => 'dev1');

/** What a structured clone (Electron IPC) or JSON (the preview bridge) can deliver, none of it an object argument. */
const NOT_AN_OBJECT: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['zero', 0],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['a bigint', 10n],
  ['true', true],
  ['an empty string', ''],
  ['a JSON string', '{"message":"hello"}'],
  ['a 1 MB string', ONE_MB],
  ['a 10 MB string', TEN_MB],
  ['an empty array', []],
  ['an array holding an object', [{}]],
  ['a million-item array', LONG_ARRAY],
  ['an array 10,000 deep', DEEP_ARRAY],
  ['a Date', new Date(0)],
  ['a Map', new Map([['message', 'hello']])],
  ['a Set', new Set(['hello'])],
  ['a Uint8Array', new Uint8Array(16)],
];

/** Keys that pollute prototypes when merged carelessly; JSON.parse makes them own properties as IPC would. */
const POLLUTION_OBJECTS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":{"toString":"polluted"}}',
].map((json) => JSON.parse(json) as Record<string, unknown>);

/** The one field meant to carry megabytes (a CSV file); its own limit is tested below. */
const CARRIES_MEGABYTES = new Set(['import:load/contentBase64']);

/**
 * Values of another type than `valid` (never null: a few fields are nullable by design), and
 * megabytes of text where a field holds text.
 */
function wrongTypes(valid: unknown, megabytesAllowed = false): unknown[] {
  const common = [undefined, 10n, DEEP_OBJECT, new Date(0)];
  if (typeof valid === 'string')
    return [
      ...common,
      ...[0, -1, NaN, Infinity, true, [], [valid], {}, { value: valid }, DEEP_ARRAY],
      ...(megabytesAllowed ? [] : [valid + ONE_MB, valid + TEN_MB]),
    ];
  if (typeof valid === 'number') return [...common, String(valid), NaN, Infinity, -Infinity, -1, 1.5, 2 ** 53 + 2, true, [], {}];
  if (typeof valid === 'boolean') return [...common, 'true', 'false', 0, 1, NaN, [], {}];
  if (Array.isArray(valid)) return [...common, 'dev1', 0, true, {}, { length: 1, 0: valid[0] }, LONG_ARRAY, DEEP_ARRAY];
  return [...common, 'object', 0, true, [], [valid], DEEP_ARRAY];
}

type Path = Array<string | number>;

/** Every place inside a sample where a value sits (leaves and nested objects/arrays). */
function valuePaths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...valuePaths(item, [...prefix, key])]);
}

/** Every object inside a sample, the sample itself included. */
function objectPaths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const self = Array.isArray(value) ? [] : [prefix];
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return [...self, ...entries.flatMap(([key, item]) => objectPaths(item, [...prefix, key]))];
}

const at = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);

function withValue(sample: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(sample);
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

function withoutKey(sample: unknown, path: Path): unknown {
  const copy = structuredClone(sample);
  delete (at(copy, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1]!];
  return copy;
}

/** Adds own keys (copied with defineProperty so `__proto__` stays an own key, as JSON.parse leaves it). */
function withExtraKeys(sample: unknown, path: Path, extra: Record<string, unknown>): unknown {
  const copy = structuredClone(sample);
  const target = at(copy, path) as object;
  for (const key of Object.keys(extra))
    Object.defineProperty(target, key, { value: extra[key], enumerable: true, writable: true, configurable: true });
  return copy;
}

const prototypeKeys = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort());

function setup() {
  const calls: Array<{ channel: string; input: unknown }> = [];
  const logLines: string[] = [];
  const handlers = Object.fromEntries(
    requestChannels.map((channel) => [
      channel,
      async (input: unknown): Promise<Result<unknown>> => {
        calls.push({ channel, input });
        return ok(null);
      },
    ]),
  ) as unknown as Handlers;
  const dispatch = createRouter(
    handlers,
    (sender) => sender.webContentsId === TRUSTED.webContentsId && sender.isMainFrame,
    createLogger((line) => logLines.push(line)),
  );

  /** Hostile input: no throw, a plain refusal that does not echo the input, and no service reached. */
  const expectRefused = async (channel: unknown, input: unknown, label: string, sender: SenderInfo = TRUSTED) => {
    const result = await dispatch(channel, input, sender);
    expect(result, label).toMatchObject({ ok: false, error: { kind: sender === TRUSTED ? 'invalid_request' : 'forbidden_sender' } });
    expect(JSON.stringify(result).length, `${label}: the refusal stays small`).toBeLessThan(MAX_ERROR_BYTES);
    expect(calls, label).toEqual([]);
  };
  return { dispatch, calls, logLines, expectRefused };
}

function randomValue(prng: Prng, depth: number): unknown {
  const kind = prng.between(0, depth > 3 ? 6 : 9);
  switch (kind) {
    case 0:
      return prng.pick([0, -1, 1.5, NaN, Infinity, -Infinity, Number.MAX_VALUE, -0]);
    case 1:
      return prng.pick([true, false, undefined, 7n]);
    case 2:
      return randomString(prng);
    case 3:
      return prng.pick(['../../etc/passwd', '/etc/passwd', '\\\\server\\share\\x', 'file:///etc/passwd', 'C:\\Windows\\win.ini']);
    case 4:
      return prng.pick([ONE_MB, TEN_MB]);
    case 5:
      return new Date(prng.between(0, 2 ** 31));
    case 6:
      return prng.pick([DEEP_OBJECT, DEEP_ARRAY, LONG_ARRAY]);
    case 7:
      return Array.from({ length: prng.between(0, 4) }, () => randomValue(prng, depth + 1));
    default: {
      const value: Record<string, unknown> = {};
      for (let i = prng.between(0, 3); i > 0; i--) value[randomKey(prng)] = randomValue(prng, depth + 1);
      return value;
    }
  }
}

function randomString(prng: Prng): string {
  const pieces = ['a', 'Z', '9', ' ', '\0', '\u202e', '\ud800', '😀', '"', "'", '<script>', '%00', '..', '/', '\\', '\n'];
  return Array.from({ length: prng.between(0, 40) }, () => prng.pick(pieces)).join('');
}

/** Names no schema declares: hostile built-ins and random text. */
const randomKey = (prng: Prng): string =>
  prng.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', `x_${randomString(prng)}`]);

describe('IPC fuzzing: every contract channel through the router', () => {
  it('covers every channel of the contract with a valid sample that reaches its handler', async () => {
    expect(Object.keys(VALID).sort()).toEqual([...requestChannels].sort());
    const { dispatch, calls } = setup();
    for (const channel of requestChannels) {
      expect(await dispatch(channel, VALID[channel], TRUSTED), channel).toEqual(ok(null));
    }
    expect(calls.map((call) => call.channel)).toEqual(requestChannels);
  });

  describe.each(requestChannels)('%s', (channel) => {
    const sample = VALID[channel];
    const hostileFor = (path: Path) => wrongTypes(at(sample, path), CARRIES_MEGABYTES.has(`${channel}/${path.join('.')}`));

    it('refuses arguments that are not an object', async () => {
      const { expectRefused } = setup();
      for (const [label, input] of NOT_AN_OBJECT) await expectRefused(channel, input, label);
    });

    it('refuses a wrong type, NaN/Infinity, a huge string or array, or deep nesting in any field', async () => {
      const { expectRefused } = setup();
      for (const path of valuePaths(sample)) {
        for (const value of hostileFor(path)) {
          await expectRefused(channel, withValue(sample, path, value), `${path.join('.')} = ${describeValue(value)}`);
        }
      }
    });

    it('refuses a missing key', async () => {
      const { expectRefused } = setup();
      for (const path of valuePaths(sample).filter((p) => typeof p[p.length - 1] === 'string')) {
        await expectRefused(channel, withoutKey(sample, path), `without ${path.join('.')}`);
      }
    });

    it('refuses extra keys, prototype-pollution keys and a 1 MB key name, at every level, and pollutes nothing', async () => {
      const { expectRefused } = setup();
      const before = prototypeKeys();
      for (const path of objectPaths(sample)) {
        for (const extra of [...POLLUTION_OBJECTS, { unexpected: 1 }, { [ONE_MB]: 1 }]) {
          await expectRefused(
            channel,
            withExtraKeys(sample, path, extra),
            `extra ${Object.keys(extra)[0]!.slice(0, 20)} at /${path.join('.')}`,
          );
        }
      }
      expect(prototypeKeys()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it(`refuses ${RANDOM_CASES_PER_CHANNEL} seeded random mutations of a valid argument`, async () => {
      const { expectRefused } = setup();
      const prng = mulberry32(SEED + requestChannels.indexOf(channel));
      const places = valuePaths(sample);
      const objects = objectPaths(sample);
      for (let i = 0; i < RANDOM_CASES_PER_CHANNEL; i++) {
        // Either a field gets a value of another type, or an object gets a key no schema declares.
        const replace = places.length > 0 && prng.next() < 0.5;
        let input: unknown;
        let label: string;
        if (replace) {
          const path = prng.pick(places);
          const value = prng.pick(hostileFor(path));
          input = withValue(sample, path, value);
          label = `case ${i}: ${path.join('.')} = ${describeValue(value)}`;
        } else {
          const path = prng.pick(objects);
          const key = randomKey(prng);
          input = withExtraKeys(sample, path, { [key]: randomValue(prng, 0) });
          label = `case ${i}: extra ${JSON.stringify(key.slice(0, 20))} at /${path.join('.')}`;
        }
        await expectRefused(channel, input, label);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses a valid argument from an untrusted sender', async () => {
      const { expectRefused } = setup();
      const senders: Array<[string, SenderInfo]> = [
        ['a sub-frame', { ...TRUSTED, isMainFrame: false }],
        ['another web contents', { ...TRUSTED, webContentsId: 2 }],
      ];
      for (const [label, sender] of senders) await expectRefused(channel, sample, label, sender);
    });
  });

  it('refuses unknown and hostile channel names without reaching any handler', async () => {
    const { expectRefused, logLines } = setup();
    const names: unknown[] = [
      'fs:readFile',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '',
      ONE_MB,
      42,
      null,
      undefined,
      {},
      Object.create(null),
      [],
      10n,
    ];
    for (const name of names) await expectRefused(name, {}, `channel ${describeValue(name)}`);
    // The log names the refusal but never holds the whole hostile name.
    expect(logLines.every((line) => line.length < 1000)).toBe(true);
  });

  it('refuses a path where the contract takes one, unless it is an absolute local path', async () => {
    const { dispatch, calls, expectRefused } = setup();
    const save = VALID['connections:save'];
    for (const caFile of [
      '../../etc/passwd',
      'certs/ca.pem',
      'file:///etc/ssl/ca.pem',
      '\\\\server\\share\\ca.pem',
      '//server/share/ca.pem',
      '~/ca.pem',
    ]) {
      await expectRefused('connections:save', { ...save, caFile }, `caFile ${caFile}`);
    }
    // An absolute path may point anywhere (CA bundles live in /etc/ssl): main then checks it holds a PEM certificate.
    expect(await dispatch('connections:save', { ...save, caFile: '/etc/ssl/certs/ca.pem' }, TRUSTED)).toEqual(ok(null));
    expect(calls).toHaveLength(1);
  });

  it('takes an import file up to the size limit and refuses one byte more', async () => {
    const limit = requestSchemas['import:load'].shape.contentBase64.maxLength!;
    const atLimit = 'A'.repeat(limit);
    expect(await setup().dispatch('import:load', { fileName: 'big.csv', contentBase64: atLimit }, TRUSTED)).toEqual(ok(null));
    const { expectRefused } = setup();
    await expectRefused('import:load', { fileName: 'big.csv', contentBase64: `${atLimit}A` }, 'one byte over');
    await expectRefused('import:load', { fileName: 'x'.repeat(261), contentBase64: '' }, 'a 261-character file name');
  });
});

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `string(${value.length})` : JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value instanceof Date) return 'Date';
  if (typeof value === 'object' && value !== null) return `object{${Object.keys(value).join(',').slice(0, 40)}}`;
  return String(value);
}
