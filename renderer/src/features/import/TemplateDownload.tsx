import { csvDocument } from '../../../../common/import/csv-document';
import { DEVICE_TEMPLATE, ROLLOUT_TEMPLATE, type SheetTemplate } from '../../../../common/import/templates';
import { Button } from '../../components/Button';
import { downloadText } from '../../components/downloadText';
import { FileCsvIcon } from '../../components/Icon';
import './TemplateDownload.css';

const download = (template: SheetTemplate) => downloadText(template.fileName, csvDocument(template.rows));

/** Sheets to start from: the device columns (as `devices export` writes them), or a whole rollout by example. */
export function TemplateDownload() {
  return (
    <div className="template-download">
      <p className="template-download__text">
        No sheet yet? Start from a template: the device columns, named as an export names them, or a rollout with two people (one with two
        phones) and a phone on its own.
      </p>
      <div className="template-download__actions">
        <Button size="sm" icon={<FileCsvIcon />} onClick={() => download(DEVICE_TEMPLATE)}>
          Download template CSV
        </Button>
        <Button size="sm" icon={<FileCsvIcon />} onClick={() => download(ROLLOUT_TEMPLATE)}>
          Rollout template (people and phones)
        </Button>
      </div>
    </div>
  );
}
