import type { ConnectionCheck, ConnectionHealth, ConnectionsOverview, ConnectionView } from '../../common/connections';
import { fail, ok, type Result } from '../../common/ipc/result';
import { probeCertificate } from '../api/certificate';
import { isUnencryptedServer } from '../../common/plain-http';
import { accountIdSchema, baseUrlSchema, type ConnectionInput, type Profile } from '../../common/profiles';
import { getAccount } from '../api/account';
import type { ConnectionSignal } from '../api/client';
import { listDevices } from '../api/devices';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import type { ClientRegistry } from './client-registry';
import { environmentConnectionId, isEnvironmentConnectionId, type Connection, type ConnectionTarget } from './connection';
import type { DemoConnection } from './demo-connection';
import type { ProfileStore } from './profile-store';

export interface ConnectionService {
  overview(): Promise<ConnectionsOverview>;
  save(input: ConnectionInput): Promise<Result<ConnectionView>>;
  remove(id: string): Promise<Result<{ id: string }>>;
  check(id: string): Promise<Result<ConnectionCheck>>;
  activate(id: string | null): Promise<Result<ConnectionsOverview>>;
  startDemo(): Promise<Result<ConnectionView>>;
  /**
   * Trusts, for this connection only, the certificate the server shows now, provided it is the one
   * whose fingerprint the user compared (a server that changed certificate since is not pinned).
   */
  pinCertificate(id: string, sha256: string): Promise<Result<ConnectionView>>;
  /** The connection a service is to act on, with its client (and the demo sandbox running when it is the demo). */
  open(target: ConnectionTarget): Promise<Result<Connection>>;
  /** What a request on that connection learnt about it; a change of state is published with the overview. */
  learnt(connectionId: string, signal: ConnectionSignal): void;
}

/** Only a change a technician should see is published: not every successful request, nor the same refusal again. */
function sameHealth(before: ConnectionHealth, after: ConnectionHealth): boolean {
  if (before.state !== after.state) return false;
  if ('message' in before && 'message' in after) return before.message === after.message;
  if (before.state === 'rate_limited' && after.state === 'rate_limited') return before.until === after.until;
  return true;
}

function healthOf(signal: ConnectionSignal): ConnectionHealth {
  const at = new Date(signal.at).toISOString();
  switch (signal.state) {
    case 'signed_in':
      return { state: 'signed_in', at };
    case 'key_refused':
    case 'unreachable':
      return { state: signal.state, message: signal.message, at };
    case 'rate_limited':
      return { state: 'rate_limited', until: new Date(signal.until).toISOString(), at };
  }
}

/**
 * Saved connections as the app and CLI use them: listing without secrets, saving with the secret
 * going to the keychain, checking a connection against the server, and the demo sandbox.
 */
export function createConnectionService(deps: {
  profiles: ProfileStore;
  secrets: SecretStore;
  clients: ClientRegistry;
  demo: DemoConnection;
  log: Logger;
  onChange: (overview: ConnectionsOverview) => void;
  now?: () => Date;
}): ConnectionService {
  const { profiles, secrets, clients, demo } = deps;
  const now = deps.now ?? (() => new Date());
  // In memory only: a restart knows nothing until its first request answers.
  const health = new Map<string, ConnectionHealth>();

  const view = async (profile: Profile): Promise<ConnectionView> => {
    // A keychain that fails to answer means the secret is not at hand for this run.
    const secretAvailable = await secrets.get(profile.id).then(
      (secret) => secret !== null,
      () => false,
    );
    const { pinnedCertificate, ...fields } = profile;
    return {
      ...fields,
      // The renderer shows which certificate is pinned; the certificate itself stays in main.
      ...(pinnedCertificate ? { pinnedCertificate: { sha256: pinnedCertificate.sha256 } } : {}),
      demo: profile.demo === true,
      secretAvailable,
      health: health.get(profile.id) ?? { state: 'unknown' },
    };
  };

  const overview = async (): Promise<ConnectionsOverview> => {
    const list = await profiles.list();
    const active = await profiles.getActive();
    return {
      connections: await Promise.all(list.map(view)),
      activeId: active?.id ?? null,
      secretStorage: { persistence: secrets.persistence, ...(secrets.notice ? { notice: secrets.notice } : {}) },
      problems: profiles.problems().map((problem) => problem.message),
    };
  };

  const changed = async () => {
    const current = await overview();
    deps.onChange(current);
    return current;
  };

  /** A saved connection ready to use: the demo's sandbox is started (again) first. */
  const ready = (profile: Profile): Promise<Result<Profile>> => (profile.demo ? demo.ensure() : Promise.resolve(ok(profile)));

  const resolve = async (id: string): Promise<Result<Profile>> => {
    const profile = await profiles.get(id);
    if (!profile)
      return fail('not_found', 'This connection no longer exists. It may have been removed in another window or by the command line.');
    return ready(profile);
  };

  const connectionTo = async (profile: Result<Profile>): Promise<Result<Connection>> => {
    if (!profile.ok) return profile;
    const client = await clients.clientFor(profile.value);
    if (!client.ok) return client;
    const { id, name, baseUrl } = profile.value;
    return ok({ id, name, saved: true, unencrypted: isUnencryptedServer(baseUrl), client: client.value });
  };

  const openEnvironment = (target: Extract<ConnectionTarget, { kind: 'environment' }>): Result<Connection> => {
    const baseUrl = baseUrlSchema.safeParse(target.baseUrl);
    if (!baseUrl.success) return fail('invalid_request', `AUDIAN_BASE_URL: ${baseUrl.error.issues[0]?.message ?? 'invalid'}`);
    const unencrypted = isUnencryptedServer(baseUrl.data);
    if (unencrypted && target.allowPlainHttp !== true) {
      return fail(
        'invalid_request',
        'AUDIAN_BASE_URL must start with https://. Only for an on-premise server that offers nothing but plain http://, also set AUDIAN_ALLOW_PLAIN_HTTP=1: the API key and all data then cross the network unencrypted.',
      );
    }
    const accountId = accountIdSchema.safeParse(target.accountId);
    if (!accountId.success) return fail('invalid_request', `AUDIAN_ACCOUNT_ID: ${accountId.error.issues[0]?.message ?? 'invalid'}`);
    const id = environmentConnectionId(baseUrl.data, accountId.data);
    const client = clients.clientForEnvironment(id, { baseUrl: baseUrl.data, accountId: accountId.data, credentials: target.credentials });
    return ok({ id, name: `${baseUrl.data} (from the environment)`, saved: false, unencrypted, client });
  };

  const open = async (target: ConnectionTarget): Promise<Result<Connection>> => {
    switch (target.kind) {
      case 'active': {
        const profile = await profiles.getActive();
        if (!profile) return fail('invalid_request', 'No connection is selected. Choose one under Connect, or try the built-in demo.');
        return connectionTo(await ready(profile));
      }
      case 'saved':
        return connectionTo(await resolve(target.id));
      case 'named': {
        const profile = await profiles.getByName(target.name);
        if (!profile)
          return fail('invalid_request', `There is no saved connection named "${target.name}". See: audian-provision profile list`);
        return connectionTo(await ready(profile));
      }
      case 'environment':
        return openEnvironment(target);
    }
  };

  /** A connection's new details (or its removal) make what was learnt about the old ones meaningless. */
  const forget = async (id: string) => {
    health.delete(id);
    await clients.drop(id);
  };

  return {
    overview,
    open,
    learnt(connectionId, signal) {
      const before = health.get(connectionId) ?? { state: 'unknown' };
      const after = healthOf(signal);
      health.set(connectionId, after);
      // A script's unsaved connection is in no overview: nothing to publish.
      if (!sameHealth(before, after) && !isEnvironmentConnectionId(connectionId)) {
        changed().catch((error: unknown) => deps.log.error('connections.publish_failed', { error }));
      }
    },
    async save(input) {
      const { secret, proxyPassword, ...draft } = input;
      const saved = await profiles.save(draft, secret, proxyPassword);
      if (!saved.ok) return saved;
      await forget(saved.value.id);
      if (!(await profiles.getActive())) await profiles.setActive(saved.value.id);
      await changed();
      return ok(await view(saved.value));
    },
    async pinCertificate(id, sha256) {
      const profile = await profiles.get(id);
      if (!profile) return fail('not_found', 'That connection does not exist (any more); it may have been removed.');
      if (!profile.baseUrl.startsWith('https:'))
        return fail('invalid_request', 'Only a connection over https:// has a certificate to pin.');
      const shown = await probeCertificate(new URL(profile.baseUrl).origin, 10_000);
      if (!shown) return fail('network', 'The server could not be reached to read its certificate again. Check the network and try again.');
      if (shown.sha256 !== sha256) {
        return fail(
          'tls',
          `The server now shows another certificate (SHA-256 fingerprint ${shown.sha256}) than the one chosen, so nothing was pinned. Test the connection again and compare the new fingerprint with the server's administrator.`,
          { certificate: { subject: shown.subject, issuer: shown.issuer, sha256: shown.sha256 } },
        );
      }
      const { createdAt: _created, updatedAt: _updated, ...draft } = profile;
      const saved = await profiles.save({ ...draft, pinnedCertificate: { sha256: shown.sha256, pem: shown.pem } });
      if (!saved.ok) return saved;
      deps.log.info('connections.certificate_pinned', { id, sha256 });
      await forget(id);
      await changed();
      return ok(await view(saved.value));
    },
    async remove(id) {
      const removed = await profiles.remove(id);
      if (!removed.ok) return removed;
      await forget(id);
      await changed();
      return ok({ id });
    },
    async check(id) {
      const connection = await open({ kind: 'saved', id });
      if (!connection.ok) return connection;
      const { client } = connection.value;
      const account = await getAccount(client);
      if (!account.ok) return account;
      const devices = await listDevices(client);
      if (!devices.ok) return devices;
      return ok({
        accountId: account.value.id,
        accountName: account.value.name,
        deviceCount: devices.value.length,
        checkedAt: now().toISOString(),
      });
    },
    async activate(id) {
      if (id !== null) {
        const profile = await resolve(id);
        if (!profile.ok) return profile;
      }
      const set = await profiles.setActive(id);
      if (!set.ok) return set;
      return ok(await changed());
    },
    async startDemo() {
      const profile = await demo.ensure();
      if (!profile.ok) return profile;
      await forget(profile.value.id);
      await profiles.setActive(profile.value.id);
      await changed();
      return ok(await view(profile.value));
    },
  };
}
