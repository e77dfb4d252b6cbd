import { fail, ok, type Result } from '../../common/ipc/result';
import type { Profile } from '../../common/profiles';
import { KazooClient, type ClientOptions, type ConnectionSignal } from '../api/client';
import type { Credentials } from '../api/credentials';
import type { ProxySource } from '../api/proxy-source';
import type { Logger } from '../log';
import { proxySecretId, type SecretStore } from '../secrets/secret-store';

export interface ClientRegistry {
  /** The one client of a connection, shared by import, devices and the live view so they share one rate-limit model. */
  clientFor(profile: Profile): Promise<Result<KazooClient>>;
  /** The client of an unsaved connection (a script's AUDIAN_* variables), kept until closeAll like the others. */
  clientForEnvironment(id: string, options: { baseUrl: string; accountId: string; credentials: Credentials }): KazooClient;
  /** Forgets (and closes) a connection's client after it was edited or removed. */
  drop(profileId: string): Promise<void>;
  closeAll(): Promise<void>;
}

function credentialsOf(profile: Profile, secret: string): Credentials {
  switch (profile.auth.method) {
    case 'api_key':
      return { method: 'api_key', apiKey: secret };
    case 'user_password':
      return { method: 'user_password', username: profile.auth.username, password: secret, accountName: profile.auth.accountName };
    case 'token':
      return { method: 'token', token: secret };
  }
}

export function createClientRegistry(options: {
  secrets: SecretStore;
  log: Logger;
  clientOptions?: Partial<Pick<ClientOptions, 'rateLimit' | 'retry'>>;
  /** Where every connection's proxy comes from: the system settings in the app, the environment on the command line. */
  proxy?: ProxySource;
  /** What each request of a connection's client learnt about that connection. */
  onSignal?: (connectionId: string, signal: ConnectionSignal) => void;
}): ClientRegistry {
  const clients = new Map<string, { version: string; client: KazooClient }>();

  /** A client dropped after an edit may still finish requests sent with the old details: those tell nothing about the new ones. */
  const makeClient = (id: string, clientOptions: Omit<ClientOptions, 'log' | 'onSignal'>): KazooClient => {
    const client: KazooClient = new KazooClient({
      ...clientOptions,
      log: options.log,
      ...options.clientOptions,
      ...(options.proxy ? { proxy: options.proxy } : {}),
      onSignal: (signal) => {
        if (clients.get(id)?.client === client) options.onSignal?.(id, signal);
      },
    });
    return client;
  };

  const drop = async (profileId: string) => {
    const entry = clients.get(profileId);
    clients.delete(profileId);
    await entry?.client.close();
  };

  return {
    async clientFor(profile) {
      const version = `${profile.updatedAt}|${profile.baseUrl}`;
      const cached = clients.get(profile.id);
      if (cached?.version === version) return ok(cached.client);
      if (cached) await drop(profile.id);
      let secret: string | null;
      let proxyPassword: string | null = null;
      try {
        secret = await options.secrets.get(profile.id);
        if (profile.proxyUsername !== undefined) proxyPassword = await options.secrets.get(proxySecretId(profile.id));
      } catch (error) {
        options.log.error('connections.secret_read_failed', { id: profile.id, error });
        return fail('keychain', 'The keychain did not give back the secret of this connection. Unlock the keychain and try again.');
      }
      if (!secret) {
        return fail(
          'auth',
          `The ${profile.auth.method === 'user_password' ? 'password' : profile.auth.method === 'token' ? 'auth token' : 'API key'} of "${profile.name}" is not available in this session. Edit the connection and enter it again.`,
        );
      }
      if (profile.proxyUsername !== undefined && !proxyPassword) {
        return fail(
          'proxy',
          `The proxy password of "${profile.name}" is not available in this session. Edit the connection and enter it again.`,
        );
      }
      const client = makeClient(profile.id, {
        baseUrl: profile.baseUrl,
        accountId: profile.accountId,
        credentials: credentialsOf(profile, secret),
        ...(profile.caFile ? { caFile: profile.caFile } : {}),
        ...(profile.pinnedCertificate ? { pinnedCertificate: profile.pinnedCertificate } : {}),
        ...(profile.proxyUsername !== undefined && proxyPassword
          ? { proxyCredentials: { username: profile.proxyUsername, password: proxyPassword } }
          : {}),
      });
      clients.set(profile.id, { version, client });
      return ok(client);
    },
    clientForEnvironment(id, { baseUrl, accountId, credentials }) {
      const cached = clients.get(id);
      if (cached) return cached.client;
      const client = makeClient(id, { baseUrl, accountId, credentials });
      clients.set(id, { version: baseUrl, client });
      return client;
    },
    drop,
    async closeAll() {
      await Promise.all([...clients.keys()].map(drop));
    },
  };
}
