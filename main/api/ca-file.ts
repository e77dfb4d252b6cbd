import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { fail, ok, type Result } from '../../common/ipc/result';

/** Far above any real CA bundle; stops a mistyped path to a disk image being read whole. */
const MAX_CA_FILE_BYTES = 1024 * 1024;

/**
 * A connection's extra CA certificate file, read so that no path can stall or fill main: the file
 * is opened without waiting (a FIFO would block until someone writes to it), must be a regular
 * file (not /dev/zero, a folder or a socket) of at most 1 MB, and no more than that is read.
 */
export async function readCaFile(path: string): Promise<Result<string>> {
  const unreadable = (message: string, detail?: string) => fail('invalid_request', message, detail ? { detail } : {});
  let file;
  try {
    // O_NONBLOCK exists on POSIX only; Windows has no FIFOs to wait on.
    file = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return unreadable(`The CA file ${path} could not be read; check the path.`, error instanceof Error ? error.message : String(error));
  }
  try {
    const stats = await file.stat();
    if (!stats.isFile()) return unreadable(`${path} is not a file (a folder, a device or a pipe); choose the CA certificate file.`);
    if (stats.size > MAX_CA_FILE_BYTES) return unreadable(`${path} is too large to be a CA certificate file.`);
    const buffer = Buffer.alloc(MAX_CA_FILE_BYTES + 1);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    // A file that grew since fstat is held to the same limit.
    if (bytesRead > MAX_CA_FILE_BYTES) return unreadable(`${path} is too large to be a CA certificate file.`);
    return ok(buffer.subarray(0, bytesRead).toString('utf8'));
  } catch (error) {
    return unreadable(`The CA file ${path} could not be read; check the path.`, error instanceof Error ? error.message : String(error));
  } finally {
    await file.close();
  }
}
