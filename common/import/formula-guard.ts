/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell starting with =, +, -, @, tab or
 * carriage return is read by Excel, LibreOffice and Google Sheets as a formula, so a device name
 * like `=HYPERLINK(...)` in a report would run when the technician opens it.
 *
 * The guard prefixes such a cell with one single quote, the OWASP fix. A quote-led cell is text
 * to every spreadsheet, never a formula and never a number, which is also what keeps a phone
 * number usable: `'+15125550100` stays text with its plus and every digit, where the bare
 * `+15125550100` would become the number 15125550100 (shown as 1.51256E+10 once longer) and
 * `+1-512-555-0100` would be computed as a sum. Whether the quote itself shows depends on the
 * program (a typed entry hides it; a CSV opened in Excel may keep it visible), so the importer
 * takes it off again (`restoreCell`) and a report goes back in as it came out. Rejected:
 * `="+15125550100"` is itself a formula and re-imports as one; a leading space changes the value.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Excel in a semicolon locale (de, fr, nl, ...) splits a CSV opened directly on `;`, whatever the
 * quotes say, and other programs split on tabs: a cell like `Yealink;=HYPERLINK(...)` (a SIP user
 * agent anyone registering a phone can choose) then starts a second cell with `=`. A trigger right
 * after a separator gets the same single quote as one at the start.
 */
const AFTER_SEPARATOR = /([,;\t])(?=[=+\-@\t\r])/g;
const GUARDED_AFTER_SEPARATOR = /([,;\t])'(?=[=+\-@\t\r])/g;

export const neutraliseCell = (cell: string): string => {
  const inner = cell.replace(AFTER_SEPARATOR, "$1'");
  return inner !== '' && TRIGGERS.has(inner[0]!) ? `'${inner}` : inner;
};

/** Text that holds a guarded cell somewhere: the quote the guard puts before a trigger. */
export const GUARDED = /'[=+\-@\t\r]/;

/** The inverse for a file this app wrote: a quote is dropped only where the guard puts one. */
export const restoreCell = (cell: string): string => {
  // Nearly every cell of a sheet holds no quote: it is kept as it is, without running a pattern over it.
  if (!cell.includes("'")) return cell;
  const outer = cell.length > 1 && cell[0] === "'" && TRIGGERS.has(cell[1]!) ? cell.slice(1) : cell;
  return outer.replace(GUARDED_AFTER_SEPARATOR, '$1');
};
