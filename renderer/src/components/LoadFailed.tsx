import { Banner } from './Banner';
import { Button } from './Button';

/** What a LoadBoundary shows in a part's place: what could not be loaded, and what to do. */
export function LoadFailed({ what, onRetry }: { what: string; onRetry: () => void }) {
  return (
    <Banner
      tone="warning"
      role="alert"
      title={`${what} could not be loaded`}
      actions={
        <Button data-autofocus onClick={onRetry}>
          Retry
        </Button>
      }
    >
      <p>Its code did not arrive. Choose Retry; if that fails too, restart Audian Provisioner.</p>
    </Banner>
  );
}
