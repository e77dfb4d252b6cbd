/** A dash for an empty cell, named for screen readers. */
export const TableNone = ({ label = 'none', title }: { label?: string; title?: string }) => (
  <span className="virtual-table__muted" aria-label={label} title={title}>
    –
  </span>
);

/** A cell's text: cut with "…" where too long, whole on hover (or `title`); a dash where there is none. */
export function TableText({ text, mono = false, title }: { text: string | null; mono?: boolean; title?: string }) {
  if (!text) return <TableNone />;
  return (
    <span className={mono ? 'virtual-table__mono' : 'virtual-table__text'} title={title ?? text}>
      {text}
    </span>
  );
}
