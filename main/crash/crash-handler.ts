import type { CrashReport } from '../../common/crash';
import type { Logger } from '../log';
import type { Publish } from '../services';

/** The process, as far as crash handling needs it: its two last-resort events. */
export interface CrashSource {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface CrashDeps {
  log: Logger;
  version: string;
  publish: Publish;
  now: () => Date;
}

type CrashKind = 'uncaught exception' | 'unhandled rejection';

/**
 * What main does with an error nothing else caught: it logs it with its stack (redacted as every
 * log line is) and tells the window, which offers to copy the details and restart. main goes on
 * running meanwhile: a batch in flight keeps journaling each step as it is sent and answered, so
 * the restart (or a kill) finds it paused or interrupted, ready to resume.
 */
export function handleCrash(deps: CrashDeps, kind: CrashKind, reason: unknown): CrashReport {
  const error = reason instanceof Error ? reason : new Error(`Non-error value: ${String(reason)}`);
  deps.log.error('main.crashed', { kind, error });
  const at = deps.now().toISOString();
  const message = deps.log.redact(error.message.split('\n')[0] ?? '');
  const details = deps.log.redact(
    [`Audian Provisioner ${deps.version}`, `${kind} at ${at}`, error.stack ?? `${error.name}: ${error.message}`].join('\n'),
  );
  const report = { at, message, details };
  deps.publish('app:crashed', report);
  return report;
}

export function installCrashHandlers(source: CrashSource, deps: CrashDeps): void {
  const guarded = (kind: CrashKind) => (reason: unknown) => {
    try {
      handleCrash(deps, kind, reason);
    } catch {
      // Crash handling that crashes would loop; the log line, if written, is all there is.
    }
  };
  source.on('uncaughtException', guarded('uncaught exception'));
  source.on('unhandledRejection', guarded('unhandled rejection'));
}
