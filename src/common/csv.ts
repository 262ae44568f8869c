/**
 * RFC 4180 CSV for spreadsheets: lines end with CRLF; a cell holding `"`, `,`, CR or LF is quoted
 * with its quotes doubled. A cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`
 * so a spreadsheet shows it as text instead of running it as a formula (CSV injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Excel reads a UTF-8 file as UTF-8 (åäö intact) only when it starts with a byte order mark. */
export const UTF8_BOM = '\uFEFF';

export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, CRLF-terminated. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
