import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Sealer } from '../../main/secrets/sealer';

/** A sealer under a given key, as the journals' one (AES-256-GCM); another key cannot open what it sealed. */
export function testSealer(key: Buffer, keptIn: Sealer['keptIn'] = 'memory'): Sealer {
  return {
    keptIn,
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const text = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return { $sealed: Buffer.concat([iv, cipher.getAuthTag(), text]).toString('base64') };
    },
    unseal(sealed) {
      const bytes = Buffer.from(sealed.$sealed, 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}
