import type { Delimiter, ImportSource, TextEncodingName } from '../../../../common/import/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FileCsvIcon } from '../../components/Icon';
import { plural } from '../../components/plural';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { StatusBadge } from '../../components/StatusBadge';
import { useImport } from '../../store/StoresContext';
import { formatBytes } from '../../components/formatBytes';
import { delimiterOrder, delimiterWords, encodingOrder, encodingWords, rowWords } from './sourceWords';
import './SourceBar.css';

/** Header rows offered: the first few lines, where junk above a header sits in practice. */
const HEADER_ROW_CHOICES = 10;

const detected = (label: string, isDetected: boolean) => (isDetected ? `${label} (detected)` : label);

/**
 * How the file was read, in words, each guess overridable: a wrong encoding garbles accents, a
 * wrong delimiter gives one column, a wrong header row turns a title line into column names.
 */
export function SourceBar({ source, rowCount }: { source: ImportSource; rowCount: number }) {
  const configure = useImport((state) => state.configure);
  const configureSource = useImport((state) => state.configureSource);
  const busy = configure.status === 'running';

  const encodings: SelectOption<TextEncodingName>[] = encodingOrder.map((value) => ({
    value,
    label: detected(encodingWords[value], value === source.detectedEncoding),
  }));
  const delimiters: SelectOption<Delimiter>[] = delimiterOrder.map((value) => ({
    value,
    label: detected(delimiterWords[value], value === source.detectedDelimiter),
  }));
  const rowCountOffered = Math.max(HEADER_ROW_CHOICES, source.headerRow + 1, source.detectedHeaderRow + 1);
  const headerRows: SelectOption<string>[] = Array.from({ length: rowCountOffered }, (_, index) => ({
    value: String(index),
    label: detected(rowWords(index), index === source.detectedHeaderRow),
  }));

  return (
    <section className="source-bar" aria-label="Source file">
      <div className="source-bar__file">
        <FileCsvIcon size="lg" />
        <div className="source-bar__file-text">
          <p className="source-bar__name">{source.fileName}</p>
          <p className="source-bar__facts">
            {formatBytes(source.byteLength)} · {plural(rowCount, 'row', 'rows')} under the header
          </p>
        </div>
      </div>
      <div className="source-bar__choices">
        <SelectField
          label="Encoding"
          options={encodings}
          value={source.encoding}
          onChange={(encoding) => void configureSource({ encoding })}
          disabled={busy}
        />
        <SelectField
          label="Separator"
          options={delimiters}
          value={source.delimiter}
          onChange={(delimiter) => void configureSource({ delimiter })}
          disabled={busy}
        />
        <SelectField
          label="Header row"
          options={headerRows}
          value={String(source.headerRow)}
          onChange={(row) => void configureSource({ headerRow: Number(row) })}
          disabled={busy}
        />
      </div>
      <div className="source-bar__status" aria-live="polite">
        {busy ? <StatusBadge tone="progress">Reading the file again…</StatusBadge> : null}
      </div>
      {configure.status === 'failed' ? <ErrorNotice className="source-bar__error" error={configure.error} title="Not changed" /> : null}
    </section>
  );
}
