import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { OnExisting } from '../../../common/import/types';
import { createLogger } from '../../../main/log';
import type { Connection } from '../../../main/profiles/connection';
import { startSandbox, type SandboxOptions } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import type { SecretStore } from '../../../main/secrets/secret-store';
import { createServices, type Services } from '../../../main/services';
import { saveSandboxConnection } from '../../support/sandbox-connection';
import { value } from '../../support/value';

/** Services over a sandbox with a saved connection, as the app has them, and the sheets and steps the undo tests share. */
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const log = createLogger(() => {});

/** The app's services on a user-data folder (two on one folder are the app and the command line on one computer). */
export function servicesIn(userDataDir: string, secrets: SecretStore): Services {
  const services = createServices({ host: 'cli', version: 'test', platform: 'linux', log, publish: () => {}, userDataDir, secrets });
  open.push(services);
  return services;
}

export async function setup(options: SandboxOptions = {}) {
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 17, ...options });
  open.push(sb);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'undo-'));
  const secrets = createMemoryStore(log, 'test');
  const services = servicesIn(userDataDir, secrets);
  const saved = await saveSandboxConnection(services, sb);
  const connection = value(await services.connections.open({ kind: 'saved', id: saved.id }));
  return { sb, services, connection, userDataDir, secrets };
}

export const HEADER = 'First Name,Last Name,Email,Extension,MAC Address,Model';
/** Three people; Alice with two phones. */
export const FIRST = [
  HEADER,
  'Alice,Smith,alice@undo.example,4101,00:15:65:41:01:01,T46U',
  'Alice,Smith,alice@undo.example,4101,00:15:65:41:01:11,T48U',
  'Bob,Brown,bob@undo.example,4102,00:15:65:41:01:02,T46U',
  'Carla,Costa,carla@undo.example,4103,00:15:65:41:01:03,T46U',
];
/** The same people: Alice renamed, Bob moved to 4112 (his user, box and extension), Carla's phone given a SIP password of the sheet's. */
export const UPDATE = [
  `${HEADER},SIP Password`,
  'Alicia,Smith,alice@undo.example,4101,00:15:65:41:01:01,T46U,',
  'Alicia,Smith,alice@undo.example,4101,00:15:65:41:01:11,T48U,',
  'Bob,Brown,bob@undo.example,4112,00:15:65:41:01:02,T46U,',
  'Carla,Costa,carla@undo.example,4103,00:15:65:41:01:03,T46U,Sheet-Pass-4103-xyz',
];

/** Starts importing the sheet; the batch id, while it runs. */
export async function startImport(services: Services, connection: Connection, rows: string[], onExisting: OnExisting): Promise<string> {
  const bytes = new TextEncoder().encode(`${rows.join('\r\n')}\r\n`);
  const draft = value(await services.imports.load({ fileName: 'people.csv', bytes, connectionId: null }));
  const plan = value(
    await services.imports.plan(connection, { draftId: draft.id, match: 'mac', onExisting, onExistingPerson: onExisting }),
  );
  const started = value(
    await services.imports.start(connection, {
      draftId: draft.id,
      planId: plan.planId,
      name: 'people.csv',
      confirmedRegisteredDeviceIds: [],
      onFailure: 'rollback',
      sendWelcomeEmail: false,
    }),
  );
  return started.batchId;
}

/** Imports the sheet to its end, every row through. */
export async function importSheet(services: Services, connection: Connection, rows: string[], onExisting: OnExisting): Promise<string> {
  const batchId = await startImport(services, connection, rows, onExisting);
  const settled = value(await services.imports.settled(batchId));
  expect(settled.progress.failed).toBe(0);
  return batchId;
}

export async function undo(services: Services, connection: Connection, batchId: string, includeConflicts = false) {
  const plan = value(await services.undo.plan(connection, batchId));
  const keys = includeConflicts ? plan.items.filter((item) => item.conflict).map((item) => item.key) : [];
  const started = value(await services.undo.start(connection, { batchId, planId: plan.planId, includeConflicts: keys }));
  value(await services.imports.settled(started.batchId));
  return { plan, batchId: started.batchId, totals: value(services.undo.totals(started.batchId)) };
}
