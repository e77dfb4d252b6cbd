import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime } from '../../components/formatWhen';
import { StatusBadge } from '../../components/StatusBadge';
import type { CheckState } from '../../store/createConnectionsStore';
import { checkFailureTitle, describeCheck } from './checkWords';
import type { SignInMethod } from './signInWords';
import './CheckOutcome.css';

/** The latest Test of one connection, in words; announced as it changes. */
export function CheckOutcome({ check, method }: { check: CheckState | undefined; method: SignInMethod }) {
  return (
    <div className="check-outcome" aria-live="polite">
      {check?.status === 'running' ? (
        <StatusBadge tone="progress">Testing the connection…</StatusBadge>
      ) : check?.status === 'passed' ? (
        <p className="check-outcome__passed">
          <StatusBadge tone="success">{describeCheck(check.check)}</StatusBadge>
          <span className="check-outcome__time">Tested at {formatTime(check.check.checkedAt)}</span>
        </p>
      ) : check?.status === 'failed' ? (
        <ErrorNotice error={check.error} title={checkFailureTitle(check.error, method)} />
      ) : null}
    </div>
  );
}
