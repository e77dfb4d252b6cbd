import type { PlanChange, PlanDevice, PlanResource, PlanRow } from '../../../../common/import/types';
import { StatusBadge } from '../../components/StatusBadge';
import { changeWords, deviceDetails, registrationWords } from './planUpdateWords';
import { resourceName } from './resourceWords';
import './PlanUpdates.css';

/** Each changed field, old → new (a secret changes without either side shown). */
function ChangeList({ changes }: { changes: readonly PlanChange[] }) {
  return (
    <dl className="plan-update__changes">
      {changes.map((change) => {
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
  );
}

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
      <ChangeList changes={row.changes} />
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

/**
 * Every change to a person already on the account (their user, voicemail box or extension), once
 * per person, each field old → new. Their phones' changes are with the devices'.
 */
export function PersonUpdates({ rows }: { rows: readonly PlanRow[] }) {
  const updates: Array<{ row: PlanRow; person: string; resource: PlanResource }> = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (!row.person || seen.has(row.person.key)) continue;
    seen.add(row.person.key);
    for (const resource of row.resources) {
      if (resource.resource !== 'device' && resource.action === 'update') updates.push({ row, person: row.person.name, resource });
    }
  }
  if (updates.length === 0) return null;
  return (
    <section className="plan-updates" aria-labelledby="person-updates-title">
      <h3 id="person-updates-title" className="plan-updates__title">
        Changes to people already on the account
      </h3>
      <ul className="plan-updates__list">
        {updates.map(({ row, person, resource }) => (
          <li key={`${row.row}-${resource.resource}`}>
            <article className="plan-update" aria-label={`Row ${row.line}: ${resourceName(resource)}`}>
              <header className="plan-update__device">
                <span className="plan-update__name">{resourceName(resource)}</span>
                <span className="plan-update__details">{person}</span>
                <span className="plan-update__row">Row {row.line}</span>
              </header>
              <ChangeList changes={resource.changes} />
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}
