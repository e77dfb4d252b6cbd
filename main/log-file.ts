import { createStream, type RotatingFileStream } from 'rotating-file-stream';

/** Five files of 4 MB at most: a few days of a busy rollout, small enough to attach to a support e-mail. */
const LOG_FILE_BYTES = 4 * 1024 * 1024;
const ROTATED_LOG_FILES = 4;

export interface LogFileOptions {
  dir: string;
  /** The current file is `${name}.log`; older ones are `${name}.1.log` (newest) to `${name}.${keep}.log`. */
  name: string;
  /** The size past which the current file is rotated. */
  maxBytes?: number;
  keep?: number;
  /** Told once per failure of the disk (full, removed, refused); the lines written meanwhile are lost, never thrown. */
  onError?: (error: Error) => void;
}

export interface LogFile {
  /** Queues one line; written in order, off the main thread's critical path. Never throws. */
  write(line: string): void;
  /** Writes what is queued and closes the file; resolves even when the disk refused. */
  close(): Promise<void>;
}

/**
 * A log written asynchronously and rotated by size, logrotate style: the current file becomes
 * `.1`, `.1` becomes `.2`, and the oldest is dropped. A stream the disk broke is replaced at the
 * next line, so a full disk that frees up again gets its log back.
 */
export function openLogFile(options: LogFileOptions): LogFile {
  const keep = options.keep ?? ROTATED_LOG_FILES;
  // Classic rotation asks for rotated file `n` as generator(n), and for the current one as generator(null).
  const fileName = (rotated: number | Date | null) =>
    typeof rotated === 'number' ? `${options.name}.${rotated}.log` : `${options.name}.log`;
  let stream: RotatingFileStream | undefined;
  let closed = false;

  const open = (): RotatingFileStream => {
    const opened = createStream(fileName, { path: options.dir, size: `${options.maxBytes ?? LOG_FILE_BYTES}B`, rotate: keep, mode: 0o600 });
    opened.on('error', (error) => {
      if (stream === opened) stream = undefined;
      opened.destroy();
      options.onError?.(error);
    });
    return opened;
  };

  return {
    write: (line) => {
      if (closed) return;
      try {
        stream ??= open();
        stream.write(`${line}\n`);
      } catch (error) {
        stream = undefined;
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    },
    close: () => {
      closed = true;
      const last = stream;
      stream = undefined;
      if (!last || last.destroyed) return Promise.resolve();
      return new Promise((resolve) => {
        last.once('close', resolve);
        last.once('error', () => resolve());
        last.end();
      });
    },
  };
}
