import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditIntent, AuditOutcome } from '../../common/audit';
import { createAuditLog } from '../../main/audit/audit-log';
import { createLogger } from '../../main/log';
import type { Sandbox } from '../../main/sandbox/server';

/** The audit folder of the app whose user-data folder this is (main/services.ts puts it there). */
const auditDir = (userDataDir: string) => path.join(userDataDir, 'audit');

const HOUR_MS = 3_600_000;

interface Change {
  hoursAgo: number;
  intent: Omit<AuditIntent, 'id'>;
  /** Nothing: the app closed before the answer came, so the record stays unknown. */
  outcome?: AuditOutcome;
}

/**
 * A week of changes to the sandbox's demo devices, written through the app's own audit log into
 * the folder the preview's services read: an import, edits in the editor, a bulk disable with a
 * failure, a reboot whose answer never came, an undo. Returns the device the editor is opened on.
 */
export function seedHistory(userDataDir: string, sb: Sandbox, connectionName: string): { id: string; name: string } {
  const devices = sb.state.devices().map((doc) => ({ id: String(doc['_id']), name: String(doc['name']) }));
  const [first, second, third, fourth] = devices as [(typeof devices)[0], (typeof devices)[0], (typeof devices)[0], (typeof devices)[0]];
  const importBatch = '1a2b3c4d'.padEnd(32, '0');
  const bulkBatch = '5e6f7a8b'.padEnd(32, '0');
  const undoBatch = '9c0d1e2f'.padEnd(32, '0');
  const device = (resourceId: string, name: string) => ({ resource: 'device' as const, resourceId, name });
  const changes: Change[] = [
    ...devices.slice(0, 6).map((each, index) => ({
      hoursAgo: 150 - index * 0.01,
      intent: {
        batchId: importBatch,
        action: 'create' as const,
        source: 'import' as const,
        ...device(each.id, each.name),
        fields: [
          { path: 'name', before: null, after: each.name, secret: false },
          { path: 'mac_address', before: null, after: `00:15:65:ab:cd:0${index}`, secret: false },
          { path: 'sip.password', before: null, after: 'changed', secret: true },
        ],
      },
      outcome: { ok: true as const },
    })),
    {
      hoursAgo: 30,
      intent: {
        batchId: null,
        action: 'update',
        source: 'editor',
        ...device(first.id, first.name),
        fields: [
          { path: 'caller_id.internal.number', before: '101', after: '1101', secret: false },
          { path: 'sip.password', before: null, after: 'changed', secret: true },
        ],
      },
      outcome: { ok: true },
    },
    ...[second, third, fourth].map((each, index) => ({
      hoursAgo: 5 - index * 0.01,
      intent: {
        batchId: bulkBatch,
        action: 'update' as const,
        source: 'bulk' as const,
        ...device(each.id, each.name),
        fields: [{ path: 'enabled', before: 'true', after: 'false', secret: false }],
      },
      outcome:
        index === 2
          ? { ok: false as const, error: 'The server was busy (503) and did not take the change. Try again in a minute.' }
          : { ok: true as const },
    })),
    { hoursAgo: 0.5, intent: { batchId: null, action: 'reboot', source: 'phone_action', ...device(second.id, second.name), fields: [] } },
    {
      hoursAgo: 0.2,
      intent: {
        batchId: undoBatch,
        action: 'update',
        source: 'undo',
        ...device(second.id, second.name),
        fields: [{ path: 'enabled', before: 'false', after: 'true', secret: false }],
      },
      outcome: { ok: true },
    },
  ];
  let at = Date.now();
  const log = createAuditLog({ dir: auditDir(userDataDir), desktopUser: 'tech', now: () => new Date(at), log: createLogger(() => {}) });
  const sink = log.forConnection({ id: 'seeded', name: connectionName, accountId: sb.account.id });
  changes.forEach((change, index) => {
    const id = `seeded-${index}`;
    at = Date.now() - change.hoursAgo * HOUR_MS;
    sink.begin({ id, ...change.intent });
    if (change.outcome) sink.end(id, change.outcome);
  });
  log.close();
  return first;
}

/** An audit log that cannot be read: a file where the account's folder should be. */
export function breakHistory(userDataDir: string, sb: Sandbox): void {
  const accountDir = path.join(auditDir(userDataDir), sb.account.id);
  rmSync(accountDir, { recursive: true, force: true });
  mkdirSync(auditDir(userDataDir), { recursive: true });
  writeFileSync(accountDir, 'not a folder');
}
