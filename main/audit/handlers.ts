import { ok } from '../../common/ipc/result';
import type { Handlers } from '../ipc/router';
import type { OnActive } from '../profiles/on-active';
import type { AuditLog } from './audit-log';
import { auditCsv } from './export';

type AuditChannel = Extract<keyof Handlers, `audit:${string}`>;

/** The audit channels: the records of the account of the connection the app has active. */
export function createAuditHandlers(audit: AuditLog, onActive: OnActive, now: () => Date): Pick<Handlers, AuditChannel> {
  return {
    'audit:list': (query) => onActive(async (connection) => ok(audit.list(connection.client.accountId, query))),
    'audit:export': (query) =>
      onActive(async (connection) => ok(auditCsv(audit.list(connection.client.accountId, query).records, connection.name, now()))),
  };
}
