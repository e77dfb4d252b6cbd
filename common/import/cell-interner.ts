/**
 * One string per distinct value of a column, while the column repeats itself. A sheet of phones
 * repeats most of its columns (type, brand, model, enabled, owner, caller ID name): 100,000 rows
 * hold a few hundred values there, and one copy each instead of 100,000 is most of the draft's
 * memory. A column with more distinct values than that (names, MACs, passwords) stops being
 * looked up once it has shown so.
 */
const MAX_DISTINCT = 1_000;

export class CellInterner {
  /** Per column: the first copy of each value so far, or null once the column has shown it does not repeat. */
  private readonly columns: Array<Map<string, string> | null> = [];

  /** The cells with each repeated value replaced by its first copy, in place. */
  intern(cells: string[]): string[] {
    for (let j = 0; j < cells.length; j++) {
      const cell = cells[j] as string;
      if (cell === '') continue;
      let seen = this.columns[j];
      if (seen === null) continue;
      if (seen === undefined) this.columns[j] = seen = new Map();
      const first = seen.get(cell);
      if (first !== undefined) cells[j] = first;
      else if (seen.size < MAX_DISTINCT) seen.set(cell, cell);
      else this.columns[j] = null;
    }
    return cells;
  }
}
