import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ArrowRightIcon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBadge } from '../../components/StatusBadge';
import { useImport } from '../../store/StoresContext';
import { CsvDropZone } from './CsvDropZone';
import { RecentBatches } from './RecentBatches';
import { SourceBar } from './SourceBar';
import { formatBytes } from '../../components/formatBytes';
import { StepHeading } from './StepHeading';
import { StepNav } from './StepNav';
import { TemplateDownload } from './TemplateDownload';
import './FileStep.css';

/** Step 1: the file goes in, is read and checked; a rejected file says why, and nothing else happens. */
export function FileStep() {
  const file = useImport((state) => state.file);
  const draft = useImport((state) => state.draft);
  const loadFile = useImport((state) => state.loadFile);
  const goTo = useImport((state) => state.goTo);
  const loading = file.status === 'reading' || file.status === 'checking';

  return (
    <>
      <StepHeading title="Choose a file" />
      {file.status === 'failed' ? (
        <ErrorNotice className="file-step__error" error={file.error} title={`${file.fileName} cannot be imported`} />
      ) : null}
      {loading ? (
        <Panel className="file-step__loading">
          <div className="file-step__loading-body" aria-live="polite">
            <p className="file-step__loading-title">
              {file.status === 'reading' ? `Reading ${file.fileName}…` : `Checking the rows of ${file.fileName}…`}
            </p>
            {file.status === 'reading' ? (
              <>
                <ProgressBar label={`Reading ${file.fileName}`} value={file.fraction} max={1} />
                <p className="file-step__loading-facts">
                  {Math.round(file.fraction * 100)}% of {formatBytes(file.byteLength)}
                </p>
              </>
            ) : (
              <StatusBadge tone="progress">Finding the columns and checking every row; a big file takes a few seconds.</StatusBadge>
            )}
          </div>
        </Panel>
      ) : null}
      {draft && !loading ? (
        <>
          <SourceBar source={draft.source} rowCount={draft.rows.length} />
          <CsvDropZone onFile={(chosen) => void loadFile(chosen)} compact />
          <TemplateDownload />
          <StepNav
            next={
              <Button variant="primary" icon={<ArrowRightIcon />} onClick={() => goTo('columns')}>
                Continue to columns
              </Button>
            }
          />
        </>
      ) : null}
      {!draft && !loading ? (
        <>
          <CsvDropZone onFile={(chosen) => void loadFile(chosen)} />
          <TemplateDownload />
        </>
      ) : null}
      {loading ? null : <RecentBatches />}
    </>
  );
}
