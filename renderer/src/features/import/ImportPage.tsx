import { Page } from '../../components/Page';
import { CsvDropZone } from './CsvDropZone';
import { ImportSteps } from './ImportSteps';

export function ImportPage() {
  return (
    <Page title="Import" description="Add many phones at once from a spreadsheet. Nothing is sent until you have checked every row.">
      <ImportSteps current={0} />
      <CsvDropZone />
    </Page>
  );
}
