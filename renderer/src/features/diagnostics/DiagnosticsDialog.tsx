import { Dialog } from '../../components/Dialog';
import { DiagnosticsPanel } from './DiagnosticsPanel';

export function DiagnosticsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Diagnostics">
      <DiagnosticsPanel />
    </Dialog>
  );
}
