import { CANONICAL_COLUMNS } from '../../../../common/import/columns';
import { csvDocument } from '../../../../common/import/csv-document';
import { Button } from '../../components/Button';
import { downloadText } from '../../components/downloadText';
import { FileCsvIcon } from '../../components/Icon';
import './TemplateDownload.css';

const TEMPLATE_FILE_NAME = 'audian-import-template.csv';

/** An empty sheet with the canonical columns (the ones `devices export` writes), for a technician starting from nothing. */
export function TemplateDownload() {
  return (
    <div className="template-download">
      <p className="template-download__text">
        No sheet yet? Start from the template: a header row with every column the import reads, named as an export names them.
      </p>
      <Button size="sm" icon={<FileCsvIcon />} onClick={() => downloadText(TEMPLATE_FILE_NAME, csvDocument([CANONICAL_COLUMNS]))}>
        Download template CSV
      </Button>
    </div>
  );
}
