// CSV that is safe to open in a spreadsheet: a text cell beginning with = + - @ (or a tab or carriage return) would
// be taken as a formula, so such text is prefixed with an apostrophe. Numeric columns are left as numbers: a negative
// number is written -123.45, which spreadsheets read as a number, not a formula.
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlString } from '../db/warehouse.js';

/** Writes the rows of a query as CSV with a header, text cells neutralised (by their first character, cheaper than a regular expression per cell). */
export async function copySpreadsheetSafeCsv(connection: DuckDBConnection, sql: string, path: string): Promise<void> {
    const columns = await queryRows<{ column_name: string; column_type: string }>(connection, `describe (${sql})`);
    const selected = columns.map(({ column_name: name, column_type: type }) => {
        const quoted = `"${name.replaceAll('"', '""')}"`;
        return type === 'VARCHAR'
            ? `case when left(${quoted}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || ${quoted} else ${quoted} end as ${quoted}`
            : quoted;
    });
    await connection.run(`copy (select ${selected.join(', ')} from (${sql})) to ${sqlString(path)} (header, delimiter ',')`);
}
