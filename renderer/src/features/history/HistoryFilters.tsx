import type { RefObject } from 'react';
import { AUDIT_ACTIONS, type AuditAction } from '../../../../common/audit';
import { actionFilterWords } from '../../components/auditWords';
import { Button } from '../../components/Button';
import { CloseIcon } from '../../components/Icon';
import { Kbd } from '../../components/Kbd';
import { SelectField } from '../../components/SelectField';
import { shortcutLabel } from '../../components/shortcutKeys';
import { TextField } from '../../components/TextField';
import { filtersAreClear, type HistoryFilters, type HistoryTime, type NamedFilter } from '../../store/historyQuery';

const timeOptions: readonly { value: HistoryTime; label: string }[] = [
  { value: 'all', label: 'All time' },
  { value: 'hour', label: 'Last hour' },
  { value: 'today', label: 'Today' },
  { value: 'week', label: 'Last 7 days' },
  { value: 'custom', label: 'Between…' },
];

const ANY_BATCH = 'any';

export interface HistoryFiltersBarProps {
  filters: HistoryFilters;
  /** The batches of this connection the filter offers, newest first. */
  batches: readonly NamedFilter[];
  onChange: (patch: Partial<HistoryFilters>) => void;
  onClear: () => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** What History shows: a time span, an action, words in a name or field, one document, one batch. */
export function HistoryFiltersBar({ filters, batches, onChange, onClear, searchRef }: HistoryFiltersBarProps) {
  // A batch chosen elsewhere (Recent imports) may be older than the list offers: it stays a choice.
  const batchChoices = filters.batch && !batches.some((batch) => batch.id === filters.batch?.id) ? [filters.batch, ...batches] : batches;
  const batchOptions = [
    { value: ANY_BATCH, label: 'Any batch or none' },
    ...batchChoices.map((batch) => ({ value: batch.id, label: batch.name })),
  ];
  return (
    <div className="history-filters">
      <div className="history-filters__row">
        <TextField
          ref={searchRef}
          className="history-filters__search"
          type="search"
          label="Search"
          hint={
            <>
              Device or user name, id, or a field’s value · <Kbd keys={shortcutLabel('F')} />
            </>
          }
          value={filters.text}
          onChange={(event) => onChange({ text: event.target.value })}
          spellCheck={false}
          autoComplete="off"
        />
        <SelectField label="When" options={timeOptions} value={filters.time} onChange={(time) => onChange({ time })} />
        <SelectField<AuditAction | 'any'>
          label="Change"
          options={[
            { value: 'any', label: 'Any change' },
            ...AUDIT_ACTIONS.map((action) => ({ value: action, label: actionFilterWords[action] })),
          ]}
          value={filters.action}
          onChange={(action) => onChange({ action })}
        />
        <SelectField
          label="Batch"
          options={batchOptions}
          value={filters.batch?.id ?? ANY_BATCH}
          onChange={(id) => onChange({ batch: batchChoices.find((batch) => batch.id === id) ?? null })}
        />
      </div>
      {filters.time === 'custom' ? (
        <div className="history-filters__row history-filters__row--span">
          <TextField
            label="From"
            type="datetime-local"
            value={filters.since}
            onChange={(event) => onChange({ since: event.target.value })}
          />
          <TextField
            label="Until"
            type="datetime-local"
            value={filters.until}
            onChange={(event) => onChange({ until: event.target.value })}
          />
        </div>
      ) : null}
      {filters.resource || !filtersAreClear(filters) ? (
        <div className="history-filters__chips">
          {filters.resource ? (
            <span className="history-filters__chip">
              Only {filters.resource.name}
              <Button
                size="sm"
                variant="ghost"
                icon={<CloseIcon />}
                aria-label={`Show every document, not only ${filters.resource.name}`}
                onClick={() => onChange({ resource: null })}
              />
            </span>
          ) : null}
          <Button size="sm" variant="ghost" onClick={onClear}>
            Clear filters
          </Button>
        </div>
      ) : null}
    </div>
  );
}
