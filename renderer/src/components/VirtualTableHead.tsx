import './VirtualTable.css';

/** The header row of a virtual table: plain column headers on the rows' grid. */
export function VirtualTableHead({ headers, template, minWidth }: { headers: readonly string[]; template: string; minWidth: string }) {
  return (
    <div role="rowgroup" className="virtual-table__head">
      <div role="row" aria-rowindex={1} className="virtual-table__row" style={{ gridTemplateColumns: template, minWidth }}>
        {headers.map((header) => (
          <div key={header} role="columnheader" className="virtual-table__cell">
            {header}
          </div>
        ))}
      </div>
    </div>
  );
}
