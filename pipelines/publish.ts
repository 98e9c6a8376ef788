// `customs publish`: writes every publication table of the warehouse (the marts named pub_…) as CSV files,
// aggregates only, for release to the public.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openWarehouse, queryRows, sqlString } from '../src/db/warehouse.js';

export interface PublishedFile {
    table: string;
    path: string;
    rows: number;
}

export async function publishTables(options: { warehouse: string; outDir: string }): Promise<PublishedFile[]> {
    const warehouse = await openWarehouse(options.warehouse, { readOnly: true });
    try {
        return await publishTablesFrom(warehouse.connection, options.outDir);
    } finally {
        warehouse.close();
    }
}

/** publishTables, from a warehouse the caller has open (customs month's one instance). */
export async function publishTablesFrom(connection: DuckDBConnection, outDir: string): Promise<PublishedFile[]> {
    const out = resolve(outDir);
    mkdirSync(out, { recursive: true });
    const tables = await queryRows<{ table_name: string }>(connection,
        "select table_name from information_schema.tables where table_catalog = current_database() and table_schema = 'main' and table_name like 'pub\\_%' escape '\\' order by table_name");
    const published: PublishedFile[] = [];
    for (const { table_name: table } of tables) {
        const path = join(out, `${table}.csv`);
        await connection.run(`copy (select * from ${table} order by all) to ${sqlString(path)} (header, delimiter ',')`);
        const rows = Number((await queryRows<{ n: string }>(connection, `select count(*) as n from ${table}`))[0]!.n);
        published.push({ table, path, rows });
    }
    return published;
}
