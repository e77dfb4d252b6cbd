/**
 * The desktop app reads and checks an imported file in a worker thread, so main's event loop
 * keeps answering the window while a 50 MB file is parsed and checked. These tests start the
 * worker exactly as the built app does (the file electron-vite wrote and out/main/index.js
 * points to), so they need the build: `npm test` makes it first.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log';
import { ROWS_PER_MESSAGE } from '../../../main/import/draft-messages';
import { sharedBytes, workerPreparer, type DraftPreparer } from '../../../main/import/draft-preparer';
import { prepareDraft, type DraftJob } from '../../../main/import/prepare-draft';
import { realisticCsv } from '../../fixtures/csv/realistic';

const ROOT = path.join(import.meta.dirname, '../../..');
const APP_ENTRY = path.join(ROOT, 'out/main/index.js');

/** The worker file the built app starts, read from the app's own entry. */
function builtWorker(): URL {
  if (!existsSync(APP_ENTRY))
    throw new Error('out/main/index.js is missing: build the app first (`npx electron-vite build`; `npm test` does it).');
  const reference = /new Worker\(new URL\("([^"]+prepare-worker[^"]*\.js)", import\.meta\.url\)/.exec(readFileSync(APP_ENTRY, 'utf8'));
  if (!reference) throw new Error('out/main/index.js starts no draft worker');
  return new URL(reference[1]!, pathToFileURL(APP_ENTRY));
}

const log = createLogger(() => {});
const open: DraftPreparer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((preparer) => preparer.close()));
});

function preparerOf(spawn: (options: WorkerOptions) => Worker): DraftPreparer {
  const preparer = workerPreparer(spawn, log);
  open.push(preparer);
  return preparer;
}

const job = (rows: number): DraftJob => ({
  kind: 'read',
  options: { id: 'f'.repeat(32), fileName: 'site.csv', bytes: realisticCsv(rows) },
});

describe("the app's draft worker", () => {
  it('reads and checks a file while main goes on, with the same result as reading it in main', async () => {
    const preparer = preparerOf((options) => new Worker(builtWorker(), options));
    const order: string[] = [];
    const prepared = preparer.prepare(job(20_000)).then((result) => {
      order.push('file prepared');
      return result;
    });
    setImmediate(() => order.push('main answered something else'));
    const result = await prepared;
    expect(order).toEqual(['main answered something else', 'file prepared']);
    expect(result).toEqual(prepareDraft(job(20_000)));
    expect(result.ok && result.value.draft.rows).toHaveLength(20_000);
  });

  it('reads a file from the memory main shares with it, as the app hands the bytes over', async () => {
    const preparer = preparerOf(() => new Worker(builtWorker()));
    const shared: DraftJob = {
      kind: 'read',
      options: { id: 'f'.repeat(32), fileName: 'site.csv', bytes: sharedBytes(realisticCsv(2_000)) },
    };
    expect(await preparer.prepare(shared)).toEqual(prepareDraft(job(2_000)));
  });

  it("passes a file's problem back as the same error as in main", async () => {
    const preparer = preparerOf(() => new Worker(builtWorker()));
    const empty: DraftJob = { kind: 'read', options: { id: 'e'.repeat(32), fileName: 'empty.csv', bytes: new Uint8Array() } };
    expect(await preparer.prepare(empty)).toEqual(prepareDraft(empty));
  });

  it('a worker that dies fails its file in words, and the next file gets a new worker', async () => {
    let started = 0;
    const preparer = preparerOf(() => {
      started += 1;
      // The first one dies on its first job, as one would on running out of memory.
      return started === 1
        ? new Worker("require('node:worker_threads').parentPort.on('message', () => process.exit(70));", { eval: true })
        : new Worker(builtWorker());
    });
    expect(await preparer.prepare(job(10))).toMatchObject({
      ok: false,
      error: { kind: 'internal', message: expect.stringMatching(/Drop the file again/) },
    });
    expect(await preparer.prepare(job(10))).toMatchObject({ ok: true });
    expect(started).toBe(2);
  });

  it('sends a draft of more rows than one message holds in parts that arrive whole and in order', async () => {
    const rows = ROWS_PER_MESSAGE * 2 + 7;
    const parts: number[] = [];
    const preparer = preparerOf(() => {
      const worker = new Worker(builtWorker());
      worker.on('message', (message: { rows?: string }) =>
        parts.push(message.rows === undefined ? -1 : (JSON.parse(message.rows) as unknown[]).length),
      );
      return worker;
    });
    const result = await preparer.prepare(job(rows));
    // Three parts of rows, then the rest of the result.
    expect(parts).toEqual([ROWS_PER_MESSAGE, ROWS_PER_MESSAGE, 7, -1]);
    expect(result).toEqual(prepareDraft(job(rows)));
  });

  it('lets a worker go after a big file, so its memory goes back, and keeps the one a small file used', async () => {
    let started = 0;
    const exits: number[] = [];
    const preparer = preparerOf((options) => {
      started += 1;
      const worker = new Worker(builtWorker(), options);
      worker.on('exit', () => exits.push(started));
      return worker;
    });
    const big = job(ROWS_PER_MESSAGE * 2 + 7);
    expect(await preparer.prepare(big)).toEqual(prepareDraft(big));
    expect(exits).toEqual([1]);
    expect(await preparer.prepare(job(10))).toEqual(prepareDraft(job(10)));
    expect(await preparer.prepare(job(20))).toEqual(prepareDraft(job(20)));
    expect(started).toBe(2);
    expect(exits).toEqual([1]);
  });

  it('answers two files asked for at once, each with its own rows', async () => {
    const preparer = preparerOf(() => new Worker(builtWorker()));
    const bigger = job(ROWS_PER_MESSAGE + 1);
    const smaller: DraftJob = { kind: 'read', options: { id: 'a'.repeat(32), fileName: 'other.csv', bytes: realisticCsv(3) } };
    const [first, second] = await Promise.all([preparer.prepare(bigger), preparer.prepare(smaller)]);
    expect(first).toEqual(prepareDraft(bigger));
    expect(second).toEqual(prepareDraft(smaller));
  });

  it('a worker that dies between the parts of an answer fails the file in words', async () => {
    let started = 0;
    const preparer = preparerOf(() => {
      started += 1;
      // The first one sends a part of the rows and dies before the rest.
      return started === 1
        ? new Worker(
            "const { parentPort } = require('node:worker_threads'); parentPort.on('message', ({ id }) => { parentPort.postMessage({ id, rows: JSON.stringify([{ line: 2, cells: ['a'] }]) }); setImmediate(() => process.exit(70)); });",
            { eval: true },
          )
        : new Worker(builtWorker());
    });
    expect(await preparer.prepare(job(10))).toMatchObject({
      ok: false,
      error: { kind: 'internal', message: expect.stringMatching(/Drop the file again/) },
    });
    expect(await preparer.prepare(job(10))).toEqual(prepareDraft(job(10)));
  });
});
