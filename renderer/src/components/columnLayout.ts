/** A column's width in rem, or a share of the width left over, never narrower than `min` rem. */
export type ColumnWidth = number | { fill: number; min: number };

/** The rows' grid columns and the least width they need, for a table laid out as CSS grid rows. */
export function columnLayout(widths: readonly ColumnWidth[]): { template: string; minWidth: string } {
  const template = widths
    .map((width) => (typeof width === 'number' ? `${width}rem` : `minmax(${width.min}rem, ${width.fill}fr)`))
    .join(' ');
  const least = widths.reduce<number>((sum, width) => sum + (typeof width === 'number' ? width : width.min), 0);
  return { template, minWidth: `${least}rem` };
}
