import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok } from '../../common/ipc/result';
import type { Handlers } from '../ipc/router';
import type { Logger } from '../log';
import { ensurePrivateDir } from '../private-dir';
import { buildSupportBundle, type SupportBundleSources } from './support-bundle';

/** Where to save a file the user asked for: a save dialog in the desktop app; null when the user cancelled. */
export type ChooseSavePath = (suggestedName: string) => Promise<string | null>;

/** Hosts without a dialog (the preview, tests) save into the app's own folder, and say where. */
export const saveInFolder =
  (dir: string): ChooseSavePath =>
  async (suggestedName) => {
    ensurePrivateDir(dir);
    return path.join(dir, suggestedName);
  };

/** `audian-support-2026-12-07-0542.zip`, in the user's local time, as a person would name it. */
function bundleName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `audian-support-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}.zip`;
}

export function createSupportHandlers(
  sources: SupportBundleSources,
  choosePath: ChooseSavePath,
  log: Logger,
): Pick<Handlers, 'support:exportBundle'> {
  return {
    'support:exportBundle': async () => {
      const target = await choosePath(bundleName(sources.now()));
      if (!target) return ok({ saved: false });
      const bundle = await buildSupportBundle(sources);
      try {
        // The logs inside are the user's own business: private to them, as the log files are.
        await writeFile(target, bundle.zip, { mode: 0o600 });
      } catch (error) {
        log.warn('support.bundle_not_saved', { error });
        const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
        return fail('internal', `The support bundle could not be saved there (${reason}). Choose another folder.`);
      }
      log.info('support.bundle_saved', { files: bundle.files.length, bytes: bundle.zip.byteLength });
      return ok({ saved: true, path: target, bytes: bundle.zip.byteLength, files: bundle.files.length });
    },
  };
}
