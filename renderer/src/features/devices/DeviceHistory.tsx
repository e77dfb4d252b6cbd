import { useEffect, useState } from 'react';
import type { AuditRecord } from '../../../../common/audit';
import { fieldsText } from '../../../../common/audit-text';
import type { AppError } from '../../../../common/ipc/result';
import { AuditOutcome } from '../../components/AuditOutcome';
import { changeWords } from '../../components/auditWords';
import { Button } from '../../components/Button';
import { formatWhen } from '../../components/formatWhen';
import { ArrowRightIcon } from '../../components/Icon';
import { plural } from '../../components/plural';
import { useGoToSection } from '../../components/useGoToSection';
import { useLatestRequest } from '../../components/useLatestRequest';
import { useHistory } from '../../store/StoresContext';

/** The newest changes the editor lists; History has them all. */
const SHOWN = 5;

type Recent = { status: 'loading' } | { status: 'ready'; records: AuditRecord[]; total: number } | { status: 'failed'; error: AppError };

export interface DeviceHistoryProps {
  device: { id: string; name: string };
  /** Edits not saved yet: leaving for History drops them, so it says so. */
  unsaved: boolean;
}

/**
 * This device's latest recorded changes, read again after every change main announces (a save
 * here included), and the way to all of them in History.
 */
export function DeviceHistory({ device, unsaved }: DeviceHistoryProps) {
  const recordsOf = useHistory((state) => state.recordsOf);
  const version = useHistory((state) => state.version);
  const showResource = useHistory((state) => state.showResource);
  const goTo = useGoToSection();
  const latest = useLatestRequest();
  const [recent, setRecent] = useState<Recent>({ status: 'loading' });

  useEffect(() => {
    latest(recordsOf(device.id, SHOWN), (result) =>
      setRecent(result.ok ? { status: 'ready', ...result.value } : { status: 'failed', error: result.error }),
    );
  }, [device.id, recordsOf, latest, version]);

  const showInHistory = () => {
    showResource(device);
    // Leaving the section closes the editor with it.
    goTo('history');
  };

  return (
    <fieldset className="device-editor__section">
      <legend>History</legend>
      {recent.status === 'loading' ? (
        <p className="device-editor__history-note">Reading this device’s history…</p>
      ) : recent.status === 'failed' ? (
        <p className="device-editor__history-note">The history could not be read: {recent.error.message}</p>
      ) : recent.records.length === 0 ? (
        <p className="device-editor__history-note">No change to this device recorded yet. Changes you make with this app appear here.</p>
      ) : (
        <ul className="device-editor__history" aria-label={`Latest changes of ${device.name}`}>
          {recent.records.map((record) => (
            <li key={record.id} className="device-editor__history-item">
              <time dateTime={record.at} title={record.at}>
                {formatWhen(record.at)}
              </time>
              <span className="device-editor__history-change">{changeWords(record.action, record.source)}</span>
              <AuditOutcome record={record} />
              {record.fields.length > 0 ? <span className="device-editor__history-fields">{fieldsText(record.fields)}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <div className="device-editor__actions-row">
        <Button size="sm" icon={<ArrowRightIcon />} onClick={showInHistory}>
          Show in History
          {recent.status === 'ready' && recent.total > SHOWN ? ` (all ${plural(recent.total, 'change', 'changes')})` : null}
        </Button>
        {unsaved ? <p className="device-editor__owner-hint">Your unsaved changes here are dropped.</p> : null}
      </div>
    </fieldset>
  );
}
