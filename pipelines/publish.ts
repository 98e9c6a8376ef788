// `customs publish`: writes every publication table of the warehouse (the marts named pub_…) as CSV files,
// aggregates only, for release to the public.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openWarehouse, queryRows, sqlString } from '../src/db/warehouse.js';

export interface PublishedFile {
    table: string;
    path: string;
    rows: number;
}

export async function publishTables(options: { warehouse: string; outDir: string }): Promise<PublishedFile[]> {
    const outDir = resolve(options.outDir);
    mkdirSync(outDir, { recursive: true });
    const warehouse = await openWarehouse(options.warehouse, { readOnly: true });
    try {
        const tables = await queryRows<{ table_name: string }>(warehouse.connection,
            "select table_name from information_schema.tables where table_schema = 'main' and table_name like 'pub\\_%' escape '\\' order by table_name");
        const published: PublishedFile[] = [];
        for (const { table_name: table } of tables) {
            const path = join(outDir, `${table}.csv`);
            await warehouse.connection.run(`copy (select * from ${table} order by all) to ${sqlString(path)} (header, delimiter ',')`);
            const rows = Number((await queryRows<{ n: string }>(warehouse.connection, `select count(*) as n from ${table}`))[0]!.n);
            published.push({ table, path, rows });
        }
        return published;
    } finally {
        warehouse.close();
    }
}
