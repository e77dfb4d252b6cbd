import { useState } from 'react';
import type { AppError } from '../../../../common/ipc/result';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { downloadText } from '../../components/downloadText';
import { ErrorNotice } from '../../components/ErrorNotice';
import { plural } from '../../components/plural';
import { useDevices } from '../../store/StoresContext';
import './DevicesPage.css';

type Run =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; fileName: string; omitted: number }
  | { status: 'failed'; error: AppError };

/** Exports the devices the table shows as CSV; passwords only when asked, with a warning. */
export function ExportDialog({ open, ids, onClose }: { open: boolean; ids: readonly string[]; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Export CSV">
      {open ? <ExportBody ids={ids} onClose={onClose} /> : null}
    </Dialog>
  );
}

function ExportBody({ ids, onClose }: { ids: readonly string[]; onClose: () => void }) {
  const request = useDevices((state) => state.request);
  const [includePasswords, setIncludePasswords] = useState(false);
  const [run, setRun] = useState<Run>({ status: 'idle' });

  const go = async () => {
    setRun({ status: 'running' });
    const result = await request('devices:export', { ids: [...ids], includePasswords });
    if (!result.ok) return setRun({ status: 'failed', error: result.error });
    downloadText(result.value.fileName, result.value.csv);
    setRun({ status: 'done', fileName: result.value.fileName, omitted: result.value.omitted.length });
  };

  return (
    <form
      className="device-dialog"
      onSubmit={(event) => {
        event.preventDefault();
        void go();
      }}
    >
      <p>
        {plural(ids.length, 'device', 'devices')} as the table shows them now (search and filters applied), one per row, in the columns
        Import reads.
      </p>
      <label className="device-editor__check">
        <input type="checkbox" checked={includePasswords} onChange={(event) => setIncludePasswords(event.target.checked)} />
        <span>Include SIP passwords</span>
      </label>
      {includePasswords ? (
        <Banner tone="warning" title="Anyone with this file can sign in as these phones">
          <p>Keep it off shared drives and email, and delete it once the phones are set up.</p>
        </Banner>
      ) : null}
      {run.status === 'done' ? (
        <Banner tone="success" role="status">
          <p>
            Saved {run.fileName} to your downloads.
            {run.omitted > 0 ? ` ${plural(run.omitted, 'device was', 'devices were')} left out: they could not be read.` : ''}
          </p>
        </Banner>
      ) : null}
      {run.status === 'failed' ? <ErrorNotice error={run.error} title="Nothing was exported" /> : null}
      <div className="device-dialog__actions">
        <Button onClick={onClose}>{run.status === 'done' ? 'Close' : 'Cancel'}</Button>
        <Button type="submit" variant="primary" busy={run.status === 'running'} disabled={ids.length === 0}>
          Export {plural(ids.length, 'device', 'devices')}
        </Button>
      </div>
    </form>
  );
}
