import { formatMac } from '../../../../common/mac';
import type { RowIdentity } from '../../../../common/import/types';
import { TableText } from '../../components/TableText';
import type { VirtualColumn } from '../../components/VirtualTable';

/** Extension, MAC and SIP username, the labels a technician finds a phone by; "–" where the row has none. */
export function identityText(row: RowIdentity): string {
  return [row.extension ?? '–', row.macAddress ? formatMac(row.macAddress) : '–', row.sipUsername ?? '–'].join(' · ');
}

/** The columns every per-row list of an import starts with: the spreadsheet row, the device name and how the phone is labelled. */
export function rowColumns<T extends RowIdentity & { line: number; name: string }>(): VirtualColumn<T>[] {
  return [
    { header: 'Row', width: 4.5, render: (row) => <span className="virtual-table__muted">{row.line}</span> },
    // Name and labels share what a wide window leaves; their least widths keep a plan or results table within a 1024-pixel window.
    { header: 'Name', width: { fill: 1, min: 9 }, render: (row) => <TableText text={row.name || '(no name)'} /> },
    { header: 'Ext · MAC · SIP username', width: { fill: 1.4, min: 13 }, render: (row) => <TableText text={identityText(row)} mono /> },
  ];
}
