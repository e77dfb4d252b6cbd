import { Button } from '../../components/Button';
import { formatBytes } from '../../components/formatBytes';
import { plural } from '../../components/plural';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge';
import { TechnicalDetails } from '../../components/TechnicalDetails';
import type { BundleExport } from '../../store/createDiagnosticsStore';
import { useDiagnostics } from '../../store/StoresContext';

function describeBundle(bundle: BundleExport): { tone: StatusTone; text: string } {
  switch (bundle.status) {
    case 'idle':
      return { tone: 'neutral', text: 'Not exported yet' };
    case 'exporting':
      return { tone: 'progress', text: 'Collecting the logs and writing the bundle…' };
    case 'saved':
      return { tone: 'success', text: `Saved (${formatBytes(bundle.bytes)}, ${plural(bundle.files, 'file', 'files')}) to ${bundle.path}` };
    case 'cancelled':
      return { tone: 'neutral', text: 'Not saved: no place was chosen' };
    case 'failed':
      return { tone: 'danger', text: `Not saved: ${bundle.error.message}` };
  }
}

/** "Export support bundle": the zip a support engineer asks for, with no secret inside. */
export function SupportBundleSection() {
  const bundle = useDiagnostics((state) => state.bundle);
  const exportBundle = useDiagnostics((state) => state.exportBundle);
  const state = describeBundle(bundle);

  return (
    <section className="diagnostics__check" aria-labelledby="diagnostics-bundle-title">
      <h3 id="diagnostics-bundle-title" className="diagnostics__heading">
        Support bundle
      </h3>
      <p className="diagnostics__hint">
        One zip file with the app’s logs, versions, operating system, saved connections and recent batches, to send to support. It holds no
        API key, password, token or SIP password.
      </p>
      <div>
        <Button busy={bundle.status === 'exporting'} onClick={() => void exportBundle()}>
          Export support bundle
        </Button>
      </div>
      <p className="diagnostics__results" aria-live="polite">
        <StatusBadge tone={state.tone}>{state.text}</StatusBadge>
      </p>
      {bundle.status === 'failed' && bundle.error.detail ? <TechnicalDetails detail={bundle.error.detail} /> : null}
    </section>
  );
}
