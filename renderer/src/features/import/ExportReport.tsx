import { useId, useState } from 'react';
import { Button } from '../../components/Button';
import { downloadText } from '../../components/downloadText';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ImportIcon, WarningIcon } from '../../components/Icon';
import { useImport } from '../../store/StoresContext';
import './ExportReport.css';

/**
 * The results file: the technician's own columns with a failure_reason in front, ready to fix in
 * Excel and import again. Passwords and PINs stay out unless asked for, because such files get mailed around.
 */
export function ExportReport({ batchId, people }: { batchId: string; people: boolean }) {
  const report = useImport((state) => state.report);
  const exportReport = useImport((state) => state.exportReport);
  const [includePasswords, setIncludePasswords] = useState(false);
  const warningId = useId();

  const save = async () => {
    const file = await exportReport(batchId, includePasswords);
    if (file) downloadText(file.fileName, file.csv);
  };

  return (
    <div className="export-report">
      <div className="export-report__row">
        <Button icon={<ImportIcon />} busy={report.status === 'running'} onClick={() => void save()}>
          Export results (CSV)
        </Button>
        <label className="export-report__option">
          <input
            type="checkbox"
            checked={includePasswords}
            onChange={(event) => setIncludePasswords(event.target.checked)}
            aria-describedby={includePasswords ? warningId : undefined}
          />
          {people ? 'Include passwords and PINs' : 'Include SIP passwords'}
        </label>
      </div>
      {includePasswords ? (
        <p id={warningId} className="export-report__warning">
          <WarningIcon size="sm" />
          {people
            ? 'The file will then hold the phones’ SIP passwords and the people’s portal passwords and voicemail PINs: keep it safe and delete it once everyone is set up.'
            : 'The file will then hold the phones’ secrets: keep it safe and delete it once the phones are set up.'}
        </p>
      ) : (
        <p className="export-report__hint">Failed rows come with a failure_reason column: fix them in Excel and import the file again.</p>
      )}
      {report.status === 'failed' ? <ErrorNotice error={report.error} title="The results file could not be made" /> : null}
    </div>
  );
}
