import { readFile } from 'node:fs/promises';
import { fail, ok, type Result } from '../../common/ipc/result';

/** Far above any real CA bundle; stops a mistyped path to a disk image being read whole. */
const MAX_CA_FILE_BYTES = 1024 * 1024;
const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * Checks at save time that the extra CA file is there and holds a PEM certificate, so a wrong
 * path shows up on the form rather than later as a baffling TLS error.
 */
export async function checkCaFile(path: string): Promise<Result<void>> {
  const problem = (message: string, detail?: string) =>
    fail('invalid_request', message, { fields: [{ path: 'caFile', code: 'ca_file', message }], ...(detail ? { detail } : {}) });
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_CA_FILE_BYTES) return problem(`${path} is too large to be a CA certificate file.`);
    text = bytes.toString('utf8');
  } catch (error) {
    return problem(`The CA file ${path} could not be read; check the path.`, error instanceof Error ? error.message : String(error));
  }
  if (!text.includes(PEM_CERTIFICATE)) return problem(`${path} is not a PEM certificate file (it should contain "${PEM_CERTIFICATE}").`);
  return ok(undefined);
}
