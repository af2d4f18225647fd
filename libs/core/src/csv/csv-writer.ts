import { stringify } from 'csv-stringify/sync';

/** Plain decimal numbers: "-12", "3.5", "+0.25", "1e3". Not "0x1F", "Infinity", "-1+cmd|' /C calc'!A0". */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Spreadsheet programs read a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell of an export as text that a spreadsheet shows and never evaluates: a text starting with
 * = + - @, a tab or a carriage return gets a leading apostrophe unless the whole text is a number.
 */
export function neutralizeCsvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/**
 * The one CSV writer of every export: cells neutralized, quoting by csv-stringify, CRLF line ends
 * and a UTF-8 BOM so Excel opens Chinese text correctly. An empty row is an empty line.
 */
export function writeCsv(rows: ReadonlyArray<ReadonlyArray<unknown>>, options: { bom?: boolean } = {}): string {
  const body = stringify(
    rows.map((r) => r.map(neutralizeCsvCell)),
    // A lone \n or \r inside a cell is quoted too (csv-stringify quotes only the record delimiter).
    { record_delimiter: '\r\n', quoted_match: /[\r\n]/ },
  );
  return (options.bom ?? true ? '\uFEFF' : '') + body;
}
