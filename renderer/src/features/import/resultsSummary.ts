import type { BatchProgress } from '../../../../common/import/types';
import type { BannerTone } from '../../components/Banner';
import { plural } from '../../components/plural';

export interface ResultsSummary {
  tone: BannerTone;
  title: string;
  body: string;
}

/**
 * The headline of a finished batch. It says plainly how many phones are now on the account:
 * "0 imported" or a failed row must never read as a success.
 */
export function summarise(progress: BatchProgress): ResultsSummary {
  const imported = progress.created + progress.updated;
  const { total, failed, skipped } = progress;
  const notSent = total - progress.done;
  const importedWords = plural(imported, 'device', 'devices');

  if (progress.state === 'cancelled') {
    return {
      tone: 'warning',
      title: `Import cancelled: ${imported.toLocaleString()} of ${plural(total, 'row', 'rows')} imported`,
      body: `${plural(notSent, 'row was', 'rows were')} not confirmed${failed > 0 ? ` and ${plural(failed, 'row', 'rows')} failed` : ''}; a few sent just before cancelling may still have been created. Import the file again to finish: devices already there are matched, not created twice.`,
    };
  }
  if (imported === 0) {
    return {
      tone: failed > 0 ? 'danger' : 'warning',
      title: 'Nothing was imported',
      body:
        failed > 0
          ? `${plural(failed, 'row', 'rows')} failed${skipped > 0 ? ` and ${plural(skipped, 'was', 'were')} skipped` : ''}. The reasons are listed below; fix the rows and start again.`
          : skipped > 0
            ? `All ${plural(skipped, 'row was', 'rows were')} skipped: those devices are already on the account.`
            : 'No row was sent to the server.',
    };
  }
  if (failed > 0 || notSent > 0) {
    return {
      tone: 'warning',
      title: `${importedWords} imported, ${plural(failed, 'row', 'rows')} failed`,
      body: `${imported.toLocaleString()} of ${plural(total, 'row', 'rows')} are on the account. Fix the failed rows below and import them again.`,
    };
  }
  return {
    tone: 'success',
    title: `${importedWords} imported`,
    body: `Every row is done: ${progress.created.toLocaleString()} created, ${progress.updated.toLocaleString()} updated, ${skipped.toLocaleString()} skipped.`,
  };
}
