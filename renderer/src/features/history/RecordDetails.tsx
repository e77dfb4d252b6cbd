import type { AuditRecord } from '../../../../common/audit';
import { fieldChangeText } from '../../../../common/audit-text';
import { auditKindWords, changeWords, outcomeWords } from '../../components/auditWords';
import { Button } from '../../components/Button';
import { formatWhen } from '../../components/formatWhen';
import { StatusBadge } from '../../components/StatusBadge';

export interface RecordDetailsProps {
  record: AuditRecord;
  batchName: string | null;
  onResource: (record: AuditRecord) => void;
  onBatch: (batchId: string) => void;
  /** Whether the view is already filtered to this record's document or batch: no button to filter to it again. */
  showsResource: boolean;
  showsBatch: boolean;
}

const PHONE_ACTIONS: ReadonlySet<AuditRecord['action']> = new Set(['reboot', 'resync', 'quickcall']);

/** The active row in full: every field before → after, how it ended and why, and the ways to its document's or batch's other changes. */
export function RecordDetails({ record, batchName, onResource, onBatch, showsResource, showsBatch }: RecordDetailsProps) {
  const name = record.name || record.resourceId;
  const outcome = outcomeWords(record);
  return (
    <section className="history-details" aria-label="The selected change">
      <header className="history-details__header">
        <h2 className="history-details__title">
          {changeWords(record.action, record.source)}: {auditKindWords[record.resource].toLowerCase()} {name}
        </h2>
        <StatusBadge tone={outcome.tone}>{outcome.label}</StatusBadge>
      </header>
      <p className="history-details__facts">
        <time dateTime={record.at} title={record.at}>
          {formatWhen(record.at)}
        </time>{' '}
        · by {record.desktopUser} on {record.connectionName} · id <span className="history-details__mono">{record.resourceId}</span>
      </p>
      {record.outcome !== 'done' ? <p className="history-details__outcome">{outcome.full}</p> : null}
      {record.fields.length > 0 ? (
        <ul className="history-details__fields" aria-label="Fields, before → after">
          {record.fields.map((field) => (
            <li key={field.path}>{fieldChangeText(field)}</li>
          ))}
        </ul>
      ) : (
        <p className="history-details__facts">
          {PHONE_ACTIONS.has(record.action) ? 'A phone action: no setting changed.' : 'No field recorded.'}
        </p>
      )}
      <div className="history-details__actions">
        {showsResource ? null : (
          <Button size="sm" onClick={() => onResource(record)}>
            Only changes of {name}
          </Button>
        )}
        {record.batchId && !showsBatch ? (
          <Button size="sm" onClick={() => onBatch(record.batchId!)}>
            Only changes of {batchName ?? 'this batch'}
          </Button>
        ) : null}
      </div>
    </section>
  );
}
