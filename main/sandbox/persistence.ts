/**
 * `--data FILE.json`: the sandbox's state (account, login, users, devices, voicemail boxes and
 * callflows, soft-deleted ones included) loaded at start and written back shortly after every
 * change and on close. Registrations are not saved: phones register again after a restart, as
 * they do after a real outage.
 */
import { chmod, readFile, rename, stat, writeFile } from 'node:fs/promises';
import type { Logger } from '../log';
import type { Doc } from './docs';
import type { Account } from './state';

export interface SavedState {
  version: 1;
  account: Account;
  tokenSecret: string;
  /** The sandbox's printed login, so a restart prints the same one. Test data, not a secret store. */
  login: { username: string; password: string };
  users: Doc[];
  devices: Doc[];
  /** Absent in files written before the sandbox kept callflows. */
  callflows?: Doc[];
  /** Absent in files written before the sandbox kept voicemail boxes. */
  vmboxes?: Doc[];
}

/** The file holds the sandbox's API key, token-signing secret, login and every SIP password: its owner's alone. */
const FILE_MODE = 0o600;

export async function loadState(file: string): Promise<SavedState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // A file an older version (or a copy) left readable by others is tightened before it is used again.
  if (process.platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) await chmod(file, FILE_MODE);
  const parsed = JSON.parse(text) as Partial<SavedState>;
  if (
    parsed.version !== 1 ||
    !parsed.account ||
    !Array.isArray(parsed.users) ||
    !Array.isArray(parsed.devices) ||
    (parsed.callflows !== undefined && !Array.isArray(parsed.callflows)) ||
    (parsed.vmboxes !== undefined && !Array.isArray(parsed.vmboxes))
  ) {
    throw new Error(`${file} is not a sandbox data file (version 1)`);
  }
  return parsed as SavedState;
}

/** Writes through a temporary file so a kill mid-write never leaves half a file behind. */
async function saveState(file: string, state: SavedState): Promise<void> {
  const temporaryFile = `${file}.${process.pid}.tmp`;
  await writeFile(temporaryFile, `${JSON.stringify(state, null, 2)}\n`, { encoding: 'utf8', mode: FILE_MODE });
  await rename(temporaryFile, file);
}

/** Coalesces bursts of changes into one write; `flush` waits for the last one. */
export class DebouncedSaver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly snapshot: () => SavedState,
    private readonly log: Logger,
    private readonly delayMs = 500,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, this.delayMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.write();
    await this.writing;
  }

  private write(): void {
    const state = this.snapshot();
    this.writing = this.writing
      .then(() => saveState(this.file, state))
      .catch((error: unknown) => this.log.error('sandbox.save_failed', { file: this.file, error }));
  }
}
