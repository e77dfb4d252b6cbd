/**
 * A secret value as journals keep it: AES-256-GCM (12-byte IV, 16-byte tag, ciphertext), base64,
 * under a key kept in the OS keychain (or this process's memory when there is none).
 */
export interface Sealed {
  $sealed: string;
}

export const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { $sealed?: unknown }).$sealed === 'string' &&
  Object.keys(value).length === 1;

export interface Sealer {
  /** Seals any JSON value (a password, a PIN). */
  seal(value: unknown): Sealed;
  /** The value, or undefined when this key cannot open it (sealed by a memory key of an earlier run, or damaged). */
  unseal(sealed: Sealed): unknown;
  readonly keptIn: 'keychain' | 'memory';
}
