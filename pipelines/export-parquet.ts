// `customs export parquet`: writes the warehouse's fact tables as Hive-partitioned Parquet,
// OUT/<table>/year=YYYY/month=MM/*.parquet — the hand-off format for engines beyond one machine (DuckLake, Spark,
// Trino over Iceberg read it as it is). Each table is partitioned by the month of its own date; item lines, which
// have none, by the lodgement month of their declaration; the fct_ marts that have a month_date by that month.
// Each export replaces the folder of every table; a table with no rows is left out.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openWarehouse, queryRows, sqlString, type OpenOptions } from '../src/db/warehouse.js';

export interface ExportedTable {
    table: string;
    path: string;
    rows: number;
    partitions: number;
}

/** Fact tables and the timestamp or date whose month partitions them (a query for item lines, which have none). */
const FACT_TABLES: Record<string, { from: string; monthOf: string }> = {
    declarations: { from: 'declarations', monthOf: 'lodgement_at' },
    declaration_items: {
        from: 'declaration_items join (select declaration_id, lodgement_at from declarations) as declarations using (declaration_id)',
        monthOf: 'declarations.lodgement_at',
    },
    clearance_events: { from: 'clearance_events', monthOf: 'event_at' },
    payments: { from: 'payments', monthOf: 'assessed_date' },
    inspections: { from: 'inspections', monthOf: 'completed_at' },
    declaration_amendments: { from: 'declaration_amendments', monthOf: 'amended_at' },
};

export async function exportParquet(options: { warehouse: string; outDir: string } & Pick<OpenOptions, 'memoryLimit'>): Promise<ExportedTable[]> {
    const outDir = resolve(options.outDir);
    mkdirSync(outDir, { recursive: true });
    const warehouse = await openWarehouse(options.warehouse, { readOnly: true, memoryLimit: options.memoryLimit });
    try {
        const marts = await queryRows<{ table_name: string }>(warehouse.connection, `
            select table_name from information_schema.columns
            where table_schema = 'main' and table_name like 'fct\\_%' escape '\\' and column_name = 'month_date'
            order by table_name`);
        const tables = {
            ...FACT_TABLES,
            ...Object.fromEntries(marts.map(({ table_name: name }) => [name, { from: name, monthOf: 'month_date' }])),
        };
        const exported: ExportedTable[] = [];
        for (const [table, { from, monthOf }] of Object.entries(tables)) {
            const path = join(outDir, table);
            rmSync(path, { recursive: true, force: true });
            const [counts] = await queryRows<{ rows: string; partitions: string }>(warehouse.connection, `
                select count(*) as rows, count(distinct date_trunc('month', ${monthOf})) as partitions from ${from}`);
            if (Number(counts!.rows) === 0) continue;
            await warehouse.connection.run(`
                copy (
                    select ${table === 'declaration_items' ? 'declaration_items.*' : '*'},
                        strftime(${monthOf}, '%Y') as year,
                        strftime(${monthOf}, '%m') as month,
                    from ${from}
                ) to ${sqlString(path)} (format parquet, partition_by (year, month))`);
            exported.push({ table, path, rows: Number(counts!.rows), partitions: Number(counts!.partitions) });
        }
        return exported;
    } finally {
        warehouse.close();
    }
}
