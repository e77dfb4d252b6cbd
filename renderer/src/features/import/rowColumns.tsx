import { TableText } from '../../components/TableText';
import type { VirtualColumn } from '../../components/VirtualTable';

/** The columns every per-row list of an import starts with: the spreadsheet row and the device name. */
export function rowColumns<T extends { line: number; name: string }>(): VirtualColumn<T>[] {
  return [
    { header: 'Row', width: 4.5, render: (row) => <span className="virtual-table__muted">{row.line}</span> },
    { header: 'Name', width: 14, render: (row) => <TableText text={row.name || '(no name)'} /> },
  ];
}
