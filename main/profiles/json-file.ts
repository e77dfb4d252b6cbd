import { randomBytes } from 'node:crypto';
import { access, open, readFile, rename, unlink } from 'node:fs/promises';

/** Only the owner may read the files beside the secrets' ids (no effect on Windows, which uses ACLs). */
const FILE_MODE = 0o600;

export type JsonRead = { state: 'missing' } | { state: 'read'; data: unknown } | { state: 'unparsable'; reason: string };

/** Reads a JSON file; a missing file and broken JSON are outcomes, other I/O errors throw. */
export async function readJson(path: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return { state: 'missing' };
    throw error;
  }
  try {
    return { state: 'read', data: JSON.parse(text) as unknown };
  } catch (error) {
    return { state: 'unparsable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Writes beside the target and renames over it, so a crash or full disk mid-write leaves the old
 * file whole rather than a truncated one.
 */
export async function writeJsonAtomic(path: string, data: unknown): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const file = await open(temp, 'wx', FILE_MODE);
    try {
      await file.writeFile(`${JSON.stringify(data, null, 2)}\n`, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Moves a file that cannot be used out of the way, keeping every byte for a human to recover.
 * Returns where it went: `<name>.corrupt-<timestamp>`, with a counter if that is taken.
 */
export async function setAside(path: string, now: Date): Promise<string> {
  const base = `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (let attempt = 0; ; attempt += 1) {
    const target = attempt === 0 ? base : `${base}-${attempt}`;
    if (await exists(target)) continue;
    await rename(path, target);
    return target;
  }
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

const isErrorCode = (error: unknown, code: string): boolean => error instanceof Error && (error as NodeJS.ErrnoException).code === code;
