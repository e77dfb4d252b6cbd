import { useState } from 'react';
import type { BatchSummary } from '../../../../common/import/types';
import type { AppError } from '../../../../common/ipc/result';
import { Button } from '../../components/Button';
import { downloadText } from '../../components/downloadText';
import { FileCsvIcon, PrinterIcon } from '../../components/Icon';
import { useLive } from '../../store/StoresContext';

/** The rollout report for the customer's sign-off: a CSV from main, or a page to print. */
export interface ReportActionsProps {
  batch: BatchSummary;
  onPrintable: () => void;
  /** A failed export (null once one is tried again), shown by the page where there is room for it. */
  onError: (error: AppError | null) => void;
}

export function ReportActions({ batch, onPrintable, onError }: ReportActionsProps) {
  const report = useLive((state) => state.report);
  const [busy, setBusy] = useState(false);

  const exportCsv = async () => {
    setBusy(true);
    onError(null);
    const result = await report(batch.batchId);
    setBusy(false);
    if (result.ok) downloadText(result.value.fileName, result.value.csv);
    else onError(result.error);
  };

  return (
    <>
      <Button size="sm" icon={<FileCsvIcon />} busy={busy} onClick={() => void exportCsv()}>
        Export report (CSV)
      </Button>
      <Button size="sm" icon={<PrinterIcon />} onClick={onPrintable}>
        Printable page
      </Button>
    </>
  );
}
