import type { RowResult } from '../../../../common/import/types';
import { plural } from '../../components/plural';
import { resultResourceSentence } from './resourceWords';
import './FailureReasons.css';

/**
 * Why each failed row of a rollout failed, each document on its own line with the server's words
 * in full: a table cell would cut them, and they are what the technician fixes the sheet from.
 */
export function FailureReasons({ rows }: { rows: readonly RowResult[] }) {
  const failed = rows.filter((row) => row.outcome === 'failed');
  if (failed.length === 0) return null;
  return (
    <section className="failure-reasons" aria-labelledby="failure-reasons-title">
      <h4 id="failure-reasons-title" className="failure-reasons__title">
        Why {plural(failed.length, 'row', 'rows')} failed
      </h4>
      <ul className="failure-reasons__list">
        {failed.map((row) => {
          const documents = row.resources.filter(
            (resource) => (resource.outcome === 'failed' || resource.outcome === 'not_sent') && resource.error,
          );
          return (
            <li key={row.row} className="failure-reasons__row">
              <span className="failure-reasons__who">
                Row {row.line} · {row.person?.name ?? row.name}
              </span>
              {documents.length > 0 ? (
                <ul className="failure-reasons__documents">
                  {documents.map((resource) => (
                    <li key={`${resource.resource}-${resource.label}`}>{resultResourceSentence(resource)}</li>
                  ))}
                </ul>
              ) : (
                <p className="failure-reasons__documents">{row.error?.message ?? 'The server gave no reason.'}</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
