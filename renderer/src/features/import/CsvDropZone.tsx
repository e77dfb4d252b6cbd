import { useRef, useState, type DragEvent } from 'react';
import { Button } from '../../components/Button';
import { FileCsvIcon } from '../../components/Icon';
import './CsvDropZone.css';

export interface CsvDropZoneProps {
  onFile: (file: File) => void;
  /** While a file is being read, a second one would only race it. */
  busy?: boolean;
  /** A smaller zone for replacing a file that is already loaded. */
  compact?: boolean;
}

const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/** Where the CSV goes in: dropped on the zone, or chosen with the button and the system's file dialog. */
export function CsvDropZone({ onFile, busy = false, compact = false }: CsvDropZoneProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  // Entering a child fires dragleave on the parent; counting enters and leaves keeps the highlight steady.
  const [dragDepth, setDragDepth] = useState(0);

  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (file && !busy) onFile(file);
  };

  return (
    <div
      className={['csv-drop-zone', compact && 'csv-drop-zone--compact', dragDepth > 0 && 'csv-drop-zone--over'].filter(Boolean).join(' ')}
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragDepth((depth) => depth + 1);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
      }}
      onDragLeave={() => setDragDepth((depth) => Math.max(0, depth - 1))}
      onDrop={(event) => {
        event.preventDefault();
        setDragDepth(0);
        take(event.dataTransfer.files);
      }}
    >
      {compact ? null : (
        <div className="csv-drop-zone__icon">
          <FileCsvIcon size="xl" />
        </div>
      )}
      <h2 className="csv-drop-zone__title">
        {compact ? 'Drop another CSV file here or choose one…' : 'Drop a CSV file here or choose one…'}
      </h2>
      {compact ? null : (
        <p className="csv-drop-zone__hint">
          One phone per row, with a header row naming the columns. Comma, semicolon and tab separated files all work, including files saved
          from Excel.
        </p>
      )}
      <Button variant={compact ? 'secondary' : 'primary'} icon={<FileCsvIcon />} busy={busy} onClick={() => inputRef.current?.click()}>
        Choose CSV file…
      </Button>
      <input
        ref={inputRef}
        type="file"
        className="visually-hidden"
        accept=".csv,.txt,.tsv,text/csv"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="csv-file-input"
        onChange={(event) => {
          take(event.target.files);
          // The same file chosen again (after fixing it in Excel) must still fire a change.
          event.target.value = '';
        }}
      />
      {compact ? null : <p className="csv-drop-zone__note">In Excel: File › Save As › “CSV UTF-8 (comma delimited)”. Up to 50 MB.</p>}
    </div>
  );
}
