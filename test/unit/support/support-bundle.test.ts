import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../common/import/types';
import { createLogger } from '../../../main/log';
import { createSupportHandlers } from '../../../main/support/handlers';
import { BUNDLED_BATCHES, BUNDLED_ERRORS, buildSupportBundle, type SupportBundleSources } from '../../../main/support/support-bundle';

const NOW = new Date('2026-12-07T09:30:00.000Z');
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'support-bundle-'));

const batch = (n: number): BatchSummary => ({
  batchId: n.toString(16).padStart(32, '0'),
  origin: 'import',
  undoes: null,
  undoneBy: [],
  name: `Batch ${n}`,
  connectionId: 'c'.repeat(32),
  fileName: `site-${n}.csv`,
  state: 'finished',
  total: 1,
  created: 1,
  updated: 0,
  deleted: 0,
  skipped: 0,
  failed: 0,
  startedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  finishedAt: null,
  deviceIds: [],
  incompletePeople: 0,
});

function sources(logDir: string, batches: BatchSummary[] = []): SupportBundleSources {
  return {
    about: () => ({ app: { version: '1.2.3' } }),
    connections: async () => ({ connections: [], activeId: null, secretStorage: { persistence: 'keychain' }, problems: [] }) as never,
    batches: () => batches,
    logDir,
    now: () => NOW,
  };
}

const errorLine = (minute: number) =>
  JSON.stringify({ at: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), level: 'error', event: `e${minute}` });

describe('support bundle', () => {
  it('holds every log file, the newest batches, and the newest errors oldest first', async () => {
    const logDir = tempDir();
    const older = Array.from({ length: 40 }, (_, n) => errorLine(n));
    const newer = Array.from({ length: 40 }, (_, n) => errorLine(100 + n));
    writeFileSync(path.join(logDir, 'main.1.log'), `${older.join('\n')}\n`);
    // A last line cut short by a crash, and an info line: neither is an error to list.
    writeFileSync(
      path.join(logDir, 'main.log'),
      `${newer.join('\n')}\n{"at":"2026-01-01","level":"info"}\n{"at":"2026-01-01T03:00:00Z","level":"error","ev`,
    );
    writeFileSync(path.join(logDir, 'cli.log'), '');

    const bundle = await buildSupportBundle(
      sources(
        logDir,
        Array.from({ length: 30 }, (_, n) => batch(n)),
      ),
    );
    const files = unzipSync(bundle.zip);
    expect(Object.keys(files).sort()).toEqual(
      ['about.json', 'batches.json', 'connections.json', 'last-errors.json', 'logs/cli.log', 'logs/main.1.log', 'logs/main.log'].sort(),
    );
    expect(strFromU8(files['logs/main.1.log']!)).toBe(`${older.join('\n')}\n`);
    expect(JSON.parse(strFromU8(files['about.json']!))).toEqual({ createdAt: NOW.toISOString(), app: { version: '1.2.3' } });
    const batches = JSON.parse(strFromU8(files['batches.json']!)) as BatchSummary[];
    expect(batches.map((b) => b.name)).toEqual(Array.from({ length: BUNDLED_BATCHES }, (_, n) => `Batch ${29 - n}`));
    const errors = JSON.parse(strFromU8(files['last-errors.json']!)) as Array<{ event: string; file: string }>;
    expect(errors).toHaveLength(BUNDLED_ERRORS);
    expect(errors.map((error) => error.event)).toEqual(
      [...older.slice(-10), ...newer].map((line) => (JSON.parse(line) as { event: string }).event),
    );
    expect(errors.at(-1)!.file).toBe('main.log');
  });

  it('is made with no log folder at all (nothing logged yet on this computer)', async () => {
    const bundle = await buildSupportBundle(sources(path.join(tempDir(), 'missing')));
    expect(JSON.parse(strFromU8(unzipSync(bundle.zip)['last-errors.json']!))).toEqual([]);
  });

  it('saves where the user chose, says nothing was saved when cancelled, and says what to do when the folder refuses', async () => {
    const logDir = tempDir();
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line));
    const target = path.join(tempDir(), 'bundle.zip');
    const suggested: string[] = [];
    const saved = await createSupportHandlers(sources(logDir), async (name) => (suggested.push(name), target), log)['support:exportBundle'](
      {},
    );
    expect(saved).toEqual({ ok: true, value: { saved: true, path: target, bytes: readFileSync(target).byteLength, files: 4 } });
    expect(suggested[0]).toMatch(/^audian-support-\d{4}-\d{2}-\d{2}-\d{4}\.zip$/);

    const cancelled = await createSupportHandlers(sources(logDir), async () => null, log)['support:exportBundle']({});
    expect(cancelled).toEqual({ ok: true, value: { saved: false } });

    const blocked = path.join(tempDir(), 'not-a-folder');
    writeFileSync(blocked, '');
    const refused = await createSupportHandlers(sources(logDir), async () => path.join(blocked, 'bundle.zip'), log)['support:exportBundle'](
      {},
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/could not be saved there \(ENOTDIR\)\. Choose another folder\./) },
    });
    expect(lines.some((line) => line.includes('support.bundle_not_saved'))).toBe(true);
  });
});
