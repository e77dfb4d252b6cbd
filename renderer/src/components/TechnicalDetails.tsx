import './TechnicalDetails.css';

/** The technical side of a failure, folded away: useful to support, noise to a technician on site. */
export function TechnicalDetails({ detail }: { detail: string }) {
  return (
    <details className="technical-details">
      <summary>Details</summary>
      <code>{detail}</code>
    </details>
  );
}
