/**
 * CSV files for a spreadsheet: semicolons and a byte-order mark (how Excel with Swedish settings
 * opens a file as UTF-8), Windows line ends, and no cell that a spreadsheet would run as a
 * formula ("=HYPERLINK(…)" as a school name stays text).
 */
import { stringify } from "csv-stringify/sync";

export function spreadsheetCsv(rows: string[][]): string {
  return stringify(
    rows.map((row) => row.map(asText)),
    { delimiter: ";", bom: true, record_delimiter: "windows" },
  );
}

function asText(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
