import { randomBytes } from 'node:crypto';
import { ensurePrivateDir } from '../private-dir';
import { join } from 'node:path';
import { z } from 'zod';
import { fail, ok, type AppError, type Result } from '../../common/ipc/result';
import {
  MISSING_PROXY_PASSWORD,
  newServerSecretMessage,
  profileDraftSchema,
  profileSchema,
  sameServer,
  type Profile,
  type ProfileDraft,
} from '../../common/profiles';
import type { Logger } from '../log';
import { proxySecretId, type SecretStore } from '../secrets/secret-store';
import { checkCaFile } from './ca-file';
import { readJson, setAside, writeJsonAtomic } from './json-file';

export const CONNECTIONS_FILE = 'connections.json';
export const SETTINGS_FILE = 'connection-settings.json';
const FORMAT_VERSION = 1;

const connectionsFileSchema = z.object({
  version: z.number(),
  activeId: z.string().nullable().optional(),
  connections: z.array(z.unknown()),
});

const settingsFileSchema = z.object({
  version: z.number(),
  connections: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/** Plain names only: these end up as JSON keys, where `__proto__` and the like would bite. */
const SETTING_KEY = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;

interface Connections {
  activeId: string | null;
  profiles: Profile[];
}

type Settings = Record<string, Record<string, unknown>>;

/** A file that could not be used and was moved aside; shown to the technician once loaded. */
export interface StoreProblem {
  file: string;
  keptAs: string;
  message: string;
}

export interface ProfileStoreOptions {
  /** The app's user-data folder (tests pass a temp dir); created if missing. */
  dir: string;
  secrets: SecretStore;
  log: Logger;
  now?: () => Date;
}

export interface ProfileStore {
  list(): Promise<Profile[]>;
  get(id: string): Promise<Profile | null>;
  /** Names are matched ignoring case and surrounding spaces, as the CLI's `--connection` does. */
  getByName(name: string): Promise<Profile | null>;
  /**
   * Adds (no id) or updates a connection; the secret and the proxy password, when given, replace
   * the ones in the SecretStore. Timestamps and new ids are the store's.
   */
  save(draft: ProfileDraft, secret?: string, proxyPassword?: string): Promise<Result<Profile>>;
  /** Removes the connection, its secrets and its settings. */
  remove(id: string): Promise<Result<void>>;
  setActive(id: string | null): Promise<Result<void>>;
  getActive(): Promise<Profile | null>;
  /** A per-connection value saved earlier (CSV mappings, last quickcall number), or undefined. */
  getSetting(profileId: string, key: string): Promise<unknown>;
  /** Saves any JSON value; undefined removes the key. */
  setSetting(profileId: string, key: string, value: unknown): Promise<Result<void>>;
  /** Files found unusable and moved aside since the store was created. */
  problems(): readonly StoreProblem[];
}

const foldName = (name: string) => name.normalize('NFC').trim().toLowerCase();
const sameName = (a: string, b: string) => foldName(a) === foldName(b);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Saved connections on disk, their secrets in the SecretStore. Every call re-reads the files, so
 * the app and the CLI working on the same folder do not overwrite each other's changes; calls
 * within one process run one at a time.
 */
export function createProfileStore(options: ProfileStoreOptions): ProfileStore {
  const { dir, secrets, log } = options;
  const now = options.now ?? (() => new Date());
  const connectionsPath = join(dir, CONNECTIONS_FILE);
  const settingsPath = join(dir, SETTINGS_FILE);
  const problems: StoreProblem[] = [];

  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  /** Disk trouble (full, no permission) is expected enough to be a value, not a crash. */
  const mutation = <T>(work: () => Promise<Result<T>>): Promise<Result<T>> =>
    exclusive(async () => {
      try {
        return await work();
      } catch (error) {
        log.error('profiles.write_failed', { dir, error });
        return fail('internal', `Your connections could not be saved in ${dir}. Check the disk has space and the folder can be written.`, {
          detail: errorText(error),
        });
      }
    });

  const moveAside = async (path: string, message: (keptAs: string) => string, reason: string) => {
    const keptAs = await setAside(path, now());
    problems.push({ file: path, keptAs, message: message(keptAs) });
    log.warn('profiles.file_set_aside', { file: path, keptAs, reason });
  };

  const writeFile = async (path: string, data: object) => {
    ensurePrivateDir(dir);
    await writeJsonAtomic(path, { version: FORMAT_VERSION, ...data });
  };

  const writeConnections = (data: Connections) => writeFile(connectionsPath, { activeId: data.activeId, connections: data.profiles });

  const loadConnections = async (): Promise<Connections> => {
    const read = await readJson(connectionsPath);
    if (read.state === 'missing') return { activeId: null, profiles: [] };
    const parsed = read.state === 'read' ? connectionsFileSchema.safeParse(read.data) : undefined;
    if (!parsed?.success) {
      const reason = read.state === 'unparsable' ? read.reason : (parsed?.error.message ?? 'unknown');
      await moveAside(
        connectionsPath,
        (keptAs) =>
          `Your saved connections could not be read, so the file was kept as ${keptAs}; add the connections again or restore that file.`,
        reason,
      );
      return { activeId: null, profiles: [] };
    }
    const profiles: Profile[] = [];
    let unusable = 0;
    for (const entry of parsed.data.connections) {
      const profile = profileSchema.safeParse(entry);
      const duplicate = profile.success && profiles.some((p) => p.id === profile.data.id || sameName(p.name, profile.data.name));
      if (profile.success && !duplicate) profiles.push(profile.data);
      else unusable += 1;
    }
    const activeId = profiles.some((p) => p.id === parsed.data.activeId) ? (parsed.data.activeId ?? null) : null;
    if (unusable > 0) {
      // The original keeps every entry for recovery; the rewritten file keeps the app usable.
      await moveAside(
        connectionsPath,
        (keptAs) => `${unusable} saved connection(s) could not be read and were left out; the original file was kept as ${keptAs}.`,
        `${unusable} invalid or duplicate entries`,
      );
      await writeConnections({ activeId, profiles });
    }
    return { activeId, profiles };
  };

  const loadSettings = async (): Promise<Settings> => {
    const read = await readJson(settingsPath);
    if (read.state === 'missing') return {};
    const parsed = read.state === 'read' ? settingsFileSchema.safeParse(read.data) : undefined;
    if (parsed?.success) return parsed.data.connections;
    await moveAside(
      settingsPath,
      (keptAs) =>
        `Saved connection settings (such as CSV mappings) could not be read, so the file was kept as ${keptAs}; they start afresh.`,
      read.state === 'unparsable' ? read.reason : (parsed?.error.message ?? 'unknown'),
    );
    return {};
  };

  const writeSettings = (settings: Settings) => writeFile(settingsPath, { connections: settings });

  const notFound = (id: string) =>
    fail('not_found', 'That connection does not exist (any more); it may have been removed.', { detail: `id ${id}` });

  /** Undoes a secret change when the profile file could not follow it. */
  const restoreSecret = async (id: string, previous: string | null) => {
    try {
      if (previous === null) await secrets.delete(id);
      else await secrets.set(id, previous);
    } catch (error) {
      log.error('profiles.secret_restore_failed', { id, error });
    }
  };

  /** A secret no saved field refers to any more; one left behind is harmless, so a failure is only logged. */
  const forgetSecret = async (id: string) => {
    try {
      await secrets.delete(id);
    } catch (error) {
      log.warn('profiles.secret_cleanup_failed', { id, error });
    }
  };

  const keychainFailure = (message: string, error: unknown): { ok: false; error: AppError } => {
    log.error('profiles.keychain_failed', { error });
    return fail('keychain', message, { detail: errorText(error) });
  };

  return {
    list: () => exclusive(async () => (await loadConnections()).profiles),

    get: (id) => exclusive(async () => (await loadConnections()).profiles.find((p) => p.id === id) ?? null),

    getByName: (name) => exclusive(async () => (await loadConnections()).profiles.find((p) => sameName(p.name, name)) ?? null),

    save: (draft, secret, proxyPassword) =>
      mutation(async () => {
        if (secret !== undefined) log.protect(secret);
        if (proxyPassword) log.protect(proxyPassword);
        if (secret === '') {
          const message = 'An empty secret cannot be saved.';
          return fail('invalid_request', message, { fields: [{ path: 'secret', code: 'too_small', message }] });
        }
        const parsed = profileDraftSchema.safeParse(draft);
        if (!parsed.success) {
          return fail('invalid_request', 'Some connection details need correcting.', {
            fields: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code, message: issue.message })),
          });
        }
        const { id: requestedId, ...fields } = parsed.data;
        const data = await loadConnections();
        const existing = requestedId === undefined ? undefined : data.profiles.find((p) => p.id === requestedId);
        if (requestedId !== undefined && existing === undefined) return notFound(requestedId);
        const clash = data.profiles.find((p) => p.id !== requestedId && sameName(p.name, fields.name));
        if (clash) {
          const message = `A connection named "${clash.name}" already exists; choose another name.`;
          return fail('conflict', message, { fields: [{ path: 'name', code: 'duplicate', message }] });
        }
        if (existing && existing.auth.method !== fields.auth.method && secret === undefined) {
          // The saved secret belongs to the old method (an API key is no password).
          const message = 'The sign-in method changed: enter the new secret.';
          return fail('invalid_request', message, { fields: [{ path: 'secret', code: 'required', message }] });
        }
        if (existing && secret === undefined && !sameServer(existing, fields)) {
          // A saved secret goes only to the server (and the certificate authority) it was typed for:
          // re-pointing a connection must not carry it to another host.
          const message = newServerSecretMessage(fields.auth.method);
          return fail('invalid_request', message, { fields: [{ path: 'secret', code: 'required', message }] });
        }
        if (fields.caFile !== undefined) {
          const ca = await checkCaFile(fields.caFile);
          if (!ca.ok) return ca;
        }
        if (fields.proxyUsername !== undefined && !proxyPassword && existing?.proxyUsername !== fields.proxyUsername) {
          // A saved proxy password belongs to the user name it was typed with.
          return fail('invalid_request', MISSING_PROXY_PASSWORD, {
            fields: [{ path: 'proxyPassword', code: 'required', message: MISSING_PROXY_PASSWORD }],
          });
        }

        const stamp = now().toISOString();
        // A pin belongs to the server it was read from; an edit that keeps the server keeps it.
        const pinnedCertificate =
          fields.pinnedCertificate ?? (existing && sameServer(existing, fields) ? existing.pinnedCertificate : undefined);
        const profile: Profile = {
          id: existing?.id ?? randomBytes(16).toString('hex'),
          ...fields,
          ...(pinnedCertificate ? { pinnedCertificate } : {}),
          createdAt: existing?.createdAt ?? stamp,
          updatedAt: stamp,
        };

        let previous: string | null = null;
        if (secret !== undefined) {
          try {
            if (existing) previous = await secrets.get(profile.id);
            await secrets.set(profile.id, secret);
          } catch (error) {
            return keychainFailure(
              'The secret could not be saved in the keychain, so the connection was not saved. Unlock the keychain and try again.',
              error,
            );
          }
        }
        const proxyId = proxySecretId(profile.id);
        let previousProxy: string | null = null;
        if (proxyPassword) {
          try {
            if (existing) previousProxy = await secrets.get(proxyId);
            await secrets.set(proxyId, proxyPassword);
          } catch (error) {
            if (secret !== undefined) await restoreSecret(profile.id, previous);
            return keychainFailure(
              'The proxy password could not be saved in the keychain, so the connection was not saved. Unlock the keychain and try again.',
              error,
            );
          }
        }
        const profiles = existing ? data.profiles.map((p) => (p.id === profile.id ? profile : p)) : [...data.profiles, profile];
        try {
          await writeConnections({ activeId: data.activeId, profiles });
        } catch (error) {
          if (secret !== undefined) await restoreSecret(profile.id, previous);
          if (proxyPassword) await restoreSecret(proxyId, previousProxy);
          throw error;
        }
        if (existing?.proxyUsername !== undefined && profile.proxyUsername === undefined) await forgetSecret(proxyId);
        log.info('profiles.saved', { id: profile.id, created: existing === undefined });
        return ok(profile);
      }),

    remove: (id) =>
      mutation(async () => {
        const data = await loadConnections();
        if (!data.profiles.some((p) => p.id === id)) return notFound(id);
        try {
          await secrets.delete(id);
          await secrets.delete(proxySecretId(id));
        } catch (error) {
          return keychainFailure(
            'The saved secret could not be deleted from the keychain, so the connection was kept. Unlock the keychain and try again.',
            error,
          );
        }
        await writeConnections({
          activeId: data.activeId === id ? null : data.activeId,
          profiles: data.profiles.filter((p) => p.id !== id),
        });
        try {
          const settings = await loadSettings();
          if (Object.hasOwn(settings, id)) {
            delete settings[id];
            await writeSettings(settings);
          }
        } catch (error) {
          // Orphaned settings are harmless: no profile id will ever match them again.
          log.warn('profiles.settings_cleanup_failed', { id, error });
        }
        log.info('profiles.removed', { id });
        return ok(undefined);
      }),

    setActive: (id) =>
      mutation(async () => {
        const data = await loadConnections();
        if (id !== null && !data.profiles.some((p) => p.id === id)) return notFound(id);
        if (data.activeId !== id) await writeConnections({ ...data, activeId: id });
        return ok(undefined);
      }),

    getActive: () =>
      exclusive(async () => {
        const data = await loadConnections();
        return data.profiles.find((p) => p.id === data.activeId) ?? null;
      }),

    getSetting: (profileId, key) =>
      exclusive(async () => {
        const settings = await loadSettings();
        const forProfile = Object.hasOwn(settings, profileId) ? settings[profileId] : undefined;
        return forProfile && Object.hasOwn(forProfile, key) ? forProfile[key] : undefined;
      }),

    setSetting: (profileId, key, value) =>
      mutation(async () => {
        if (!SETTING_KEY.test(key)) return fail('invalid_request', `"${key.slice(0, 40)}" is not a valid setting name.`);
        let json: string | undefined;
        try {
          json = value === undefined ? undefined : JSON.stringify(value);
        } catch {
          json = undefined;
        }
        if (value !== undefined && json === undefined) return fail('invalid_request', `The value for "${key}" cannot be saved as JSON.`);
        if (!(await loadConnections()).profiles.some((p) => p.id === profileId)) return notFound(profileId);
        const settings = await loadSettings();
        const forProfile = { ...(Object.hasOwn(settings, profileId) ? settings[profileId] : {}) };
        if (json === undefined) delete forProfile[key];
        else forProfile[key] = JSON.parse(json) as unknown;
        await writeSettings({ ...settings, [profileId]: forProfile });
        return ok(undefined);
      }),

    problems: () => [...problems],
  };
}
