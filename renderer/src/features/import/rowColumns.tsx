import type { VirtualColumn } from './VirtualTable';

/** A cell of running text that ends with "…" when too long and shows it whole on hover. */
export const TextCell = ({ text }: { text: string }) => (
  <span className="virtual-table__text" title={text}>
    {text}
  </span>
);

/** The columns every per-row list of an import starts with: the spreadsheet row and the device name. */
export function rowColumns<T extends { line: number; name: string }>(): VirtualColumn<T>[] {
  return [
    { header: 'Row', width: 4.5, render: (row) => <span className="virtual-table__muted">{row.line}</span> },
    { header: 'Name', width: 14, render: (row) => <TextCell text={row.name || '(no name)'} /> },
  ];
}
