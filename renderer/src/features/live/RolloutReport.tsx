import { useEffect, useRef, useState } from 'react';
import type { BatchSummary, RowResult } from '../../../../common/import/types';
import type { AppError } from '../../../../common/ipc/result';
import { awaitsFirstRegistration, type RegistrationRow } from '../../../../common/registrations';
import { Button } from '../../components/Button';
import { PrinterIcon } from '../../components/Icon';
import type { LiveView } from '../../store/createLiveStore';
import { useConnections, useLive } from '../../store/StoresContext';
import { conditionIcons } from './conditionIcons';
import { conditionOf, conditionWords, formatAbsolute } from './liveWords';
import './RolloutReport.css';

const SIGNERS = ['Technician', 'Customer'] as const;

const dash = <span aria-label="none">–</span>;

function StateCell({ row }: { row: RegistrationRow }) {
  const condition = conditionOf(row);
  return (
    <span className={`rollout-report__state rollout-report__state--${conditionWords[condition].tone}`}>
      {conditionIcons[condition]}
      {conditionWords[condition].label}
    </span>
  );
}

type FailedRows = { status: 'reading' } | { status: 'read'; rows: RowResult[] } | { status: 'failed'; error: AppError };

/** The rows of the file the server refused: on the sheet, so nobody signs off phones that were never made. */
function FailedRowsSection({ batchId }: { batchId: string }) {
  const failedRows = useLive((state) => state.failedRows);
  const [failed, setFailed] = useState<FailedRows>({ status: 'reading' });

  useEffect(() => {
    let current = true;
    void failedRows(batchId).then((result) => {
      if (current) setFailed(result.ok ? { status: 'read', rows: result.value } : { status: 'failed', error: result.error });
    });
    return () => {
      current = false;
    };
  }, [batchId, failedRows]);

  if (failed.status === 'reading') return <p className="rollout-report__note">Reading the rows that were not imported…</p>;
  if (failed.status === 'failed')
    return <p className="rollout-report__note">The rows that were not imported could not be read: {failed.error.message}</p>;
  if (failed.rows.length === 0) return <p className="rollout-report__note">Every row of the file was imported.</p>;
  return (
    <section className="rollout-report__failed" aria-labelledby="rollout-failed-title">
      <h2 id="rollout-failed-title" className="rollout-report__subtitle">
        Not imported: {failed.rows.length.toLocaleString()} {failed.rows.length === 1 ? 'row' : 'rows'}
      </h2>
      <table className="rollout-report__table">
        <caption className="visually-hidden">Rows of the file that were not imported</caption>
        <thead>
          <tr>
            <th scope="col" className="rollout-report__number">
              Line
            </th>
            <th scope="col">Device</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {failed.rows.map((row) => (
            <tr key={row.row}>
              <td className="rollout-report__number">{row.line}</td>
              <th scope="row">{row.name}</th>
              <td>{row.error?.message ?? 'The server refused it.'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Under the name, whose phone it is and what is written on it and its label: a sheet read at the desk finds each phone by it. */
function DeviceLabels({ row }: { row: RegistrationRow }) {
  return (
    <span className="rollout-report__labels">
      <span className="rollout-report__user">User {row.ownerName ?? dash}</span>
      <span>Ext. {row.extension ?? dash}</span>
      <span>
        MAC <span className="rollout-report__mono">{row.macAddress ?? dash}</span>
      </span>
    </span>
  );
}

export interface RolloutReportProps {
  batch: BatchSummary;
  view: LiveView;
  onClose: () => void;
}

/**
 * The batch's sign-off sheet as a page: readable on screen, and printed without the app around
 * it (print styles keep only the sheet). The rows are the watch's, so it is as fresh as Live.
 */
export function RolloutReport({ batch, view, onClose }: RolloutReportProps) {
  const connection = useConnections((state) => state.overview?.connections.find((item) => item.id === view.connectionId) ?? null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [checkedAt] = useState(() => new Date().toISOString());
  const { counts } = view;
  const waiting = view.rows.filter(awaitsFirstRegistration).length;

  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  return (
    <div className="rollout-report">
      <div className="rollout-report__toolbar">
        <Button onClick={onClose}>Back to Live</Button>
        <Button variant="primary" icon={<PrinterIcon />} onClick={() => window.print()}>
          Print
        </Button>
        <p className="rollout-report__tip">Prints the sheet only, without the app’s menus.</p>
      </div>

      <article className="rollout-report__sheet" aria-labelledby="page-title">
        <header className="rollout-report__header">
          <p className="rollout-report__kind">Rollout report</p>
          <h1 id="page-title" ref={titleRef} tabIndex={-1} className="rollout-report__title">
            {batch.name}
          </h1>
          <dl className="rollout-report__facts">
            <div>
              <dt>Account</dt>
              <dd>{connection ? `${connection.name} (${connection.accountId})` : view.connectionId}</dd>
            </div>
            <div>
              <dt>Imported</dt>
              <dd>
                {batch.fileName}, {formatAbsolute(batch.startedAt)}
              </dd>
            </div>
            <div>
              <dt>Checked</dt>
              <dd>{formatAbsolute(checkedAt)}</dd>
            </div>
            <div>
              <dt>Result</dt>
              <dd>
                <strong>{view.summary}</strong> · {waiting.toLocaleString()} waiting for first registration ·{' '}
                {(counts.notRegistered - waiting).toLocaleString()} not registered · {counts.disabled.toLocaleString()} disabled
              </dd>
            </div>
          </dl>
        </header>

        <table className="rollout-report__table">
          <caption className="visually-hidden">Every device of {batch.name} and its registration</caption>
          <thead>
            <tr>
              <th scope="col" className="rollout-report__number">
                #
              </th>
              <th scope="col">Device</th>
              <th scope="col">State</th>
              <th scope="col">First registration</th>
              <th scope="col">IP address</th>
              <th scope="col">User agent</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row, index) => (
              <tr key={row.deviceId}>
                <td className="rollout-report__number">{index + 1}</td>
                <th scope="row">
                  {row.name}
                  <DeviceLabels row={row} />
                </th>
                <td>
                  <StateCell row={row} />
                </td>
                <td>{row.firstRegistration ? formatAbsolute(row.firstRegistration) : dash}</td>
                <td className="rollout-report__mono">{row.ip ?? dash}</td>
                <td>{row.userAgent ?? dash}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <FailedRowsSection batchId={batch.batchId} />

        <footer className="rollout-report__signoff">
          {SIGNERS.map((signer) => (
            <div key={signer} className="rollout-report__signer">
              <p className="rollout-report__signer-title">{signer}</p>
              <p className="rollout-report__line">Name</p>
              <p className="rollout-report__line">Signature</p>
              <p className="rollout-report__line">Date</p>
            </div>
          ))}
        </footer>
      </article>
    </div>
  );
}
