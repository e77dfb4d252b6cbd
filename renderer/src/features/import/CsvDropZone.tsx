import { Button } from '../../components/Button';
import { FileCsvIcon } from '../../components/Icon';
import './CsvDropZone.css';

/** Where the CSV goes in. Not wired yet: the file reading and wizard arrive with the import feature. */
export function CsvDropZone() {
  return (
    <div className="csv-drop-zone">
      <div className="csv-drop-zone__icon">
        <FileCsvIcon size="xl" />
      </div>
      <h2 className="csv-drop-zone__title">Drop a CSV file here or choose one…</h2>
      <p className="csv-drop-zone__hint">
        One phone per row, with a header row naming the columns. Comma, semicolon and tab separated files all work, including files saved
        from Excel.
      </p>
      <Button variant="primary" disabled>
        Choose CSV file…
      </Button>
      <p className="csv-drop-zone__note">Reading CSV files is not available in this build yet.</p>
    </div>
  );
}
