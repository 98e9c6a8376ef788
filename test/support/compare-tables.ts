// Compares a table in two attached DuckDB databases row for row. Floating-point columns are compared within a relative
// 1e-9: DuckDB sums doubles in parallel, in no fixed order, so two runs over the same rows can differ in the last bits
// (rounding both sides instead would flip values that sit on a rounding boundary, as masses with three decimals do).
// Every other column must be equal (nulls equal to nulls), and each row must have its own match.
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../../src/db/warehouse.js';

/** How many rows of `catalogA.table` and `catalogB.table` have no equal row on the other side. */
export async function countUnmatchedRows(connection: DuckDBConnection, table: string, catalogA: string, catalogB: string): Promise<number> {
    const columns = await queryRows<{ column_name: string; data_type: string }>(connection, `
        select column_name, data_type from information_schema.columns
        where table_catalog = '${catalogB}' and table_name = '${table}' order by ordinal_position`);
    if (columns.length === 0) throw new Error(`${catalogB} has no table ${table}`);
    const isFloat = (type: string) => type === 'DOUBLE' || type === 'FLOAT';
    const exact = columns.filter((column) => !isFloat(column.data_type)).map((column) => `"${column.column_name}"`);
    const floats = columns.filter((column) => isFloat(column.data_type)).map((column) => `"${column.column_name}"`);
    // rows that agree on the exact columns are paired in the order of their floating-point values
    const numbered = (catalog: string) => `
        select *, row_number() over (partition by ${exact.length > 0 ? exact.join(', ') : '1'} order by ${floats.length > 0 ? floats.join(', ') : '1'}) as row_pair
        from ${catalog}.${table}`;
    const sameExact = exact.map((column) => `a.${column} is not distinct from b.${column}`).join(' and ');
    const sameFloats = floats.map((column) => `((a.${column} is null and b.${column} is null)
        or abs(a.${column} - b.${column}) <= 1e-9 * greatest(1, abs(a.${column}), abs(b.${column})))`).join(' and ');
    const [row] = await queryRows<{ unmatched: string }>(connection, `
        select count(*) as unmatched
        from (${numbered(catalogA)}) as a
        full join (${numbered(catalogB)}) as b on ${sameExact ? `${sameExact} and ` : ''}a.row_pair = b.row_pair
        where a.row_pair is null or b.row_pair is null ${sameFloats ? `or not (${sameFloats})` : ''}`);
    return Number(row!.unmatched);
}
