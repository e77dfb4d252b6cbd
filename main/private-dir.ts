import { chmodSync, mkdirSync, statSync } from 'node:fs';

const OWNER_ONLY = 0o700;

/**
 * Makes a folder only its owner may list or enter: the app's folders hold batch journals (with
 * SIP passwords), logs and the connection files. One made earlier with a looser mode (by an
 * older version, or by hand) is tightened. Windows keeps its ACLs: modes mean nothing there.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: OWNER_ONLY });
  if (process.platform !== 'win32' && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, OWNER_ONLY);
}
