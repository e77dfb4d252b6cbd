import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import type { Sealed, Sealer } from './sealer';
import type { SecretStore } from './secret-store';

/**
 * The SecretStore entry that holds the journals' key, beside the connections' secrets (which are
 * looked up by connection id only, so this entry is never taken for one).
 */
export const SEALING_KEY_ID = 'journal-sealing-key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealer under the given 32-byte AES-256-GCM key. */
export function createSealer(key: Buffer, keptIn: Sealer['keptIn']): Sealer {
  if (key.length !== KEY_BYTES) throw new Error(`A sealing key is ${KEY_BYTES} bytes, not ${key.length}.`);
  return {
    keptIn,
    seal(value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const text = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return { $sealed: Buffer.concat([iv, cipher.getAuthTag(), text]).toString('base64') };
    },
    unseal(sealed: Sealed) {
      const bytes = Buffer.from(sealed.$sealed, 'base64');
      if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
        return JSON.parse(text.toString('utf8')) as unknown;
      } catch {
        // Another key (an earlier run's memory key) or damaged bytes: GCM's tag refuses both.
        return undefined;
      }
    },
  };
}

/** A key of this process alone: what seals when there is no keychain, and what a runner uses when it is given none. */
export const memorySealer = (): Sealer => createSealer(randomBytes(KEY_BYTES), 'memory');

/**
 * The journals' sealer: its key read from the SecretStore, or made and saved there the first
 * time. In the OS keychain the key outlives the app, so a later run can open what an earlier one
 * sealed; in memory (no keychain) it lasts this run only. Never throws: a keychain that fails
 * leaves a memory key, and `keptIn` says so.
 */
export async function openSealer(secrets: SecretStore, log: Logger): Promise<Sealer> {
  const keptIn = secrets.persistence === 'keychain' ? 'keychain' : 'memory';
  try {
    const stored = await secrets.get(SEALING_KEY_ID);
    const key = stored === null ? undefined : Buffer.from(stored, 'base64');
    if (key?.length === KEY_BYTES) return createSealer(key, keptIn);
    if (key) log.warn('secrets.sealing_key_replaced', { reason: `stored key is ${key.length} bytes` });
    const fresh = randomBytes(KEY_BYTES);
    await secrets.set(SEALING_KEY_ID, fresh.toString('base64'));
    return createSealer(fresh, keptIn);
  } catch (error) {
    log.warn('secrets.sealing_key_unavailable', { error });
    return memorySealer();
  }
}
