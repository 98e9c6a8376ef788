// What every data loader of the dashboards does: open the warehouse named by CUSTOMS_WAREHOUSE read-only, run its
// queries (aggregates only), and write the answers to stdout, as JSON or CSV.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, queryRows, sqlString, type Warehouse } from '../../src/db/warehouse.js';
import { UserError } from '../../src/user-error.js';

export const WAREHOUSE_VARIABLE = 'CUSTOMS_WAREHOUSE';

/** A query, or a function of the warehouse's tables answering null when the tables it needs are not there yet. */
export type LoaderQuery = string | ((tables: Set<string>) => string | null);

/** Writes one JSON object with a key per query: its rows, or null when its tables are missing. */
export async function writeQueriesAsJson(queries: Record<string, LoaderQuery>): Promise<void> {
    await withWarehouse(async (warehouse) => {
        const tables = new Set((await queryRows<{ table_name: string }>(warehouse.connection,
            "select table_name from information_schema.tables where table_schema = 'main'")).map((row) => row.table_name));
        const answers: Record<string, unknown[] | null> = {};
        for (const [key, query] of Object.entries(queries)) {
            const sql = typeof query === 'function' ? query(tables) : query;
            answers[key] = sql === null ? null : await queryRows(warehouse.connection, sql);
        }
        process.stdout.write(JSON.stringify(answers));
    });
}

/** Writes the answer of one query as CSV with a header (RFC 4180 quoting, by DuckDB). */
export async function writeQueryAsCsv(sql: string): Promise<void> {
    const directory = mkdtempSync(join(tmpdir(), 'customs-loader-'));
    try {
        const file = join(directory, 'answer.csv');
        await withWarehouse((warehouse) => warehouse.connection.run(`copy (${sql}) to ${sqlString(file)} (header, delimiter ',')`));
        process.stdout.write(readFileSync(file));
    } finally {
        rmSync(directory, { recursive: true, force: true });
    }
}

async function withWarehouse<T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    const path = process.env[WAREHOUSE_VARIABLE];
    if (!path) throw new UserError('warehouse_unset', `The dashboards' data loaders read the warehouse named by ${WAREHOUSE_VARIABLE}, which is not set. Build with: customs dashboards build --warehouse FILE`);
    const warehouse = await openWarehouse(path, { readOnly: true });
    try {
        return await work(warehouse);
    } finally {
        warehouse.close();
    }
}
