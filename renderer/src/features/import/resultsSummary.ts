import type { BatchProgress, PersonState, RowResult } from '../../../../common/import/types';
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

/** The people of a batch by where they stand: each person once, however many rows (phones) they have. */
export type PeopleTally = Record<PersonState, number>;

export function tallyPeople(rows: readonly RowResult[]): PeopleTally {
  const states = new Map<string, PersonState>();
  for (const row of rows) if (row.person) states.set(row.person.key, row.person.state);
  const tally: PeopleTally = { complete: 0, incomplete: 0, rolled_back: 0, not_sent: 0, pending: 0 };
  for (const state of states.values()) tally[state] += 1;
  return tally;
}

/**
 * The headline of a batch of people: how many are complete (extension, voicemail and phones
 * working), and plainly how many are not: rolled back, left incomplete, or not reached.
 */
export function summarisePeople(progress: BatchProgress, people: PeopleTally): ResultsSummary {
  const total = people.complete + people.incomplete + people.rolled_back + people.not_sent + people.pending;
  const notDone = [
    people.rolled_back > 0 ? `${people.rolled_back.toLocaleString()} rolled back` : null,
    people.incomplete > 0 ? `${people.incomplete.toLocaleString()} incomplete` : null,
    people.not_sent > 0 ? `${people.not_sent.toLocaleString()} not sent` : null,
    people.pending > 0 ? `${people.pending.toLocaleString()} not done` : null,
  ].filter(Boolean);
  const title = `${people.complete.toLocaleString()} of ${plural(total, 'person', 'people')} complete${notDone.length > 0 ? `, ${notDone.join(', ')}` : ''}`;
  if (progress.state === 'cancelled') {
    return {
      tone: 'warning',
      title: `Import cancelled: ${title}`,
      // Resume is offered only while someone is half-made; else nothing of the rest was sent, and the file imports again cleanly.
      body: `Requests sent just before cancelling may still have been made. ${
        progress.incompletePeople > 0
          ? 'Resume to finish: it sends only what is missing, for every person not complete.'
          : 'Import the file again to finish: what is already there is matched, not created twice.'
      }`,
    };
  }
  if (notDone.length === 0 && progress.failed === 0) {
    return {
      tone: 'success',
      title,
      body: `Every row is done: each person's extension rings their phones and falls through to their voicemail where they have one.`,
    };
  }
  const why = [
    people.rolled_back > 0 ? 'what this import made for a person whose step failed was deleted' : null,
    people.incomplete > 0 ? 'what was made for an incomplete person is kept for a resume to finish' : null,
    people.not_sent > 0 ? 'a person with an error on one of their rows was not sent at all' : null,
  ].filter(Boolean);
  return {
    tone: people.complete === 0 ? 'danger' : 'warning',
    title,
    body: `${plural(progress.failed, 'row', 'rows')} failed${why.length > 0 ? `: ${why.join('; ')}` : ''}. The reasons are listed below, failures first.`,
  };
}
