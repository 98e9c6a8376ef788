// CSV that is safe to open in a spreadsheet: a text cell beginning with = + - @ (or a tab or carriage return) would
// be taken as a formula, so such text is prefixed with an apostrophe. Numeric columns are left as numbers: a negative
// number is written -123.45, which spreadsheets read as a number, not a formula.
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlString } from '../db/warehouse.js';

/**
 * The characters a formula can begin with, as SQL. Looked up with strpos: `left(text, 1) in ('=', …, chr(9), chr(13))`
 * became a join in DuckDB's plan (chr() is not a constant to it), and the join wrote the rows of a large query out of
 * order (a release's 410,000 cells, sorted, came out in 172 runs of months instead of 13).
 */
const FORMULA_STARTS = "'=+-@' || chr(9) || chr(13)";

/**
 * Writes the rows of a query as CSV with a header, in the query's order, text cells neutralised (by their first
 * character, cheaper than a regular expression per cell).
 */
export async function copySpreadsheetSafeCsv(connection: DuckDBConnection, sql: string, path: string): Promise<void> {
    const columns = await queryRows<{ column_name: string; column_type: string }>(connection, `describe (${sql})`);
    const selected = columns.map(({ column_name: name, column_type: type }) => {
        const quoted = `"${name.replaceAll('"', '""')}"`;
        return type === 'VARCHAR'
            ? `case when ${quoted} <> '' and strpos(${FORMULA_STARTS}, left(${quoted}, 1)) > 0 then '''' || ${quoted} else ${quoted} end as ${quoted}`
            : quoted;
    });
    await connection.run(`copy (select ${selected.join(', ')} from (${sql})) to ${sqlString(path)} (header, delimiter ',')`);
}
