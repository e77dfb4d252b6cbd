import type { AuditRecord } from '../../../common/audit';
import { outcomeWords } from './auditWords';
import { StatusBadge } from './StatusBadge';

/** How a recorded change ended, as a badge whose words say it all; the reason in full on hover. */
export function AuditOutcome({ record }: { record: Pick<AuditRecord, 'outcome' | 'error' | 'note'> }) {
  const words = outcomeWords(record);
  return (
    <span title={words.full}>
      <StatusBadge tone={words.tone}>
        {words.label}
        {words.full !== words.label ? <span className="visually-hidden">{words.full.slice(words.label.length)}</span> : null}
      </StatusBadge>
    </span>
  );
}
