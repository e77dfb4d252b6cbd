import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime } from '../../components/formatWhen';
import { StatusBadge } from '../../components/StatusBadge';
import type { CheckState } from '../../store/createConnectionsStore';
import { useConnections } from '../../store/StoresContext';
import { checkFailureTitle, describeCheck } from './checkWords';
import type { SignInMethod } from './signInWords';
import './CheckOutcome.css';

export interface CheckOutcomeProps {
  connectionId: string;
  check: CheckState | undefined;
  method: SignInMethod;
}

const CERTIFICATE_LEAD =
  "The server's certificate is not trusted. If the server's administrator confirms the fingerprint below, trust it for this connection; otherwise add its CA certificate file under Edit, Advanced.";

/** The latest Test of one connection, in words; announced as it changes. An untrusted certificate is shown, to be compared and pinned. */
export function CheckOutcome({ connectionId, check, method }: CheckOutcomeProps) {
  const pinCertificate = useConnections((state) => state.pinCertificate);
  const certificate = check?.status === 'failed' ? check.error.certificate : undefined;
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
        <ErrorNotice
          // The certificate is listed below: main's message, which names it in one line for the command line, would say it twice.
          error={certificate ? { ...check.error, message: CERTIFICATE_LEAD } : check.error}
          title={checkFailureTitle(check.error, method)}
        >
          {certificate ? (
            <>
              <dl className="check-outcome__certificate">
                <dt>Subject</dt>
                <dd>{certificate.subject}</dd>
                <dt>Issued by</dt>
                <dd>{certificate.issuer}</dd>
                <dt>SHA-256 fingerprint</dt>
                <dd className="check-outcome__fingerprint">{certificate.sha256}</dd>
              </dl>
              <Button size="sm" onClick={() => void pinCertificate(connectionId, certificate.sha256)}>
                Trust this certificate for this connection
              </Button>
            </>
          ) : null}
        </ErrorNotice>
      ) : null}
    </div>
  );
}
