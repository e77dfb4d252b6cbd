import type { PlanDevice, PlanRow } from '../../../../common/import/types';
import { StatusBadge } from '../../components/StatusBadge';
import { changeWords, deviceDetails, registrationWords } from './planUpdateWords';
import './PlanUpdates.css';

/** One update: the phone it changes as it is labelled and registered now, then each field old → new. */
export function PlanUpdate({ row, device }: { row: PlanRow; device: PlanDevice }) {
  const registration = registrationWords(device.registered);
  return (
    <article className="plan-update" aria-label={`Row ${row.line}: ${device.name}`}>
      <header className="plan-update__device">
        <span className="plan-update__name">{device.name}</span>
        <span className="plan-update__details">{deviceDetails(device).join(' · ')}</span>
        <StatusBadge tone={registration.tone}>{registration.label}</StatusBadge>
        <span className="plan-update__row">Row {row.line}</span>
      </header>
      <dl className="plan-update__changes">
        {row.changes.map((change) => {
          const words = changeWords(change);
          return (
            <div key={change.column} className="plan-update__change">
              <dt>{words.field}</dt>
              <dd>
                {words.before === null ? null : (
                  <>
                    <span className="plan-update__before">{words.before}</span>
                    <span aria-hidden="true"> → </span>
                    <span className="visually-hidden"> becomes </span>
                  </>
                )}
                <span className="plan-update__after">{words.after}</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </article>
  );
}

/** Every update of the plan, each naming the device it changes: nothing changes on a live phone without being shown first. */
export function PlanUpdates({ rows }: { rows: readonly PlanRow[] }) {
  const updates = rows.filter((row): row is PlanRow & { device: PlanDevice } => row.device !== null);
  if (updates.length === 0) return null;
  return (
    <section className="plan-updates" aria-labelledby="plan-updates-title">
      <h3 id="plan-updates-title" className="plan-updates__title">
        Changes to devices already on the account
      </h3>
      <ul className="plan-updates__list">
        {updates.map((row) => (
          <li key={row.row}>
            <PlanUpdate row={row} device={row.device} />
          </li>
        ))}
      </ul>
    </section>
  );
}
