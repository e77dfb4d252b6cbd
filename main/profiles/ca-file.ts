import { fail, ok, type Result } from '../../common/ipc/result';
import { readCaFile } from '../api/ca-file';

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * Checks at save time that the extra CA file is there and holds a PEM certificate, so a wrong
 * path shows up on the form rather than later as a baffling TLS error.
 */
export async function checkCaFile(path: string): Promise<Result<void>> {
  const problem = (message: string, detail?: string) =>
    fail('invalid_request', message, { fields: [{ path: 'caFile', code: 'ca_file', message }], ...(detail ? { detail } : {}) });
  const read = await readCaFile(path);
  if (!read.ok) return problem(read.error.message, read.error.detail);
  if (!read.value.includes(PEM_CERTIFICATE))
    return problem(`${path} is not a PEM certificate file (it should contain "${PEM_CERTIFICATE}").`);
  return ok(undefined);
}
