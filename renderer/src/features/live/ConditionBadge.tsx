import type { RegistrationRow } from '../../../../common/registrations';
import { StatusBadge } from '../../components/StatusBadge';
import { conditionIcons } from './conditionIcons';
import { conditionOf, conditionWords } from './liveWords';

/** A device's state in words and icon; the hint (why it matters) is its tooltip. */
export function ConditionBadge({ row }: { row: RegistrationRow }) {
  const condition = conditionOf(row);
  const words = conditionWords[condition];
  return (
    <span title={words.hint} className="condition-badge">
      <StatusBadge tone={words.tone} icon={conditionIcons[condition]}>
        {words.label}
      </StatusBadge>
    </span>
  );
}
