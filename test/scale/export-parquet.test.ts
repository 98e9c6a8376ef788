// customs export parquet: the fact tables and the monthly marts as Hive-partitioned Parquet (year=YYYY/month=MM),
// read back with read_parquet(hive_partitioning = true) and reconciled with the warehouse month by month.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportParquet, type ExportedTable } from '../../pipelines/export-parquet.js';
import { runWarehouseModels } from '../../pipelines/run-models.js';
import { queryRows, sqlString } from '../../src/db/warehouse.js';
import { ingest } from '../../src/ingest/load-batch.js';
import { generatedWarehouse } from '../stats/generated-warehouse.js';
import { FACT_FILES, REFERENCE_FILES, tempWarehouse, writeFiles } from '../support/mini-world.js';
import { query } from '../support/warehouse-queries.js';

/** Runs a query over Parquet files in a DuckDB of its own (no warehouse open). */
async function parquetRows<T>(sql: string): Promise<T[]> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
        return await queryRows<T>(connection, sql);
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}

const readBack = (folder: string, table: string) =>
    `read_parquet(${sqlString(join(folder, table, '**', '*.parquet'))}, hive_partitioning = true)`;

describe('export parquet of the hand-written mini world', () => {
    let out: string;
    let exported: ExportedTable[];

    beforeAll(async () => {
        const warehouse = tempWarehouse();
        await ingest({ warehouse, paths: [writeFiles({ ...REFERENCE_FILES, ...FACT_FILES })] });
        out = mkdtempSync(join(tmpdir(), 'customs-parquet-'));
        exported = await exportParquet({ warehouse, outDir: out });
    });

    it('writes each fact table under year=2024/month=01, the month of its rows', () => {
        expect(exported.map((table) => [table.table, table.rows, table.partitions])).toEqual([
            ['declarations', 2, 1],
            ['declaration_items', 3, 1],
            ['clearance_events', 3, 1],
            ['payments', 1, 1],
            ['inspections', 1, 1],
        ]);
        for (const table of ['declarations', 'declaration_items', 'clearance_events', 'payments', 'inspections']) {
            expect(readdirSync(join(out, table))).toEqual(['year=2024']);
            expect(readdirSync(join(out, table, 'year=2024'))).toEqual(['month=01']);
        }
    });

    it('gives back the item lines with their values and the partition columns', async () => {
        const rows = await parquetRows<{ year: string; month: string; lines: string; value: string }>(`
            select year::varchar as year, month::varchar as month, count(*) as lines, sum(customs_value_twd)::varchar as value
            from ${readBack(out, 'declaration_items')} group by all`);
        // 31,250.00 + 62,500.00 + 15,625.00 = 109,375.00 over the three lines of January 2024
        expect(rows).toEqual([{ year: '2024', month: '01', lines: '3', value: '109375.00' }]);
    });

    it('leaves out the marts, which were not built, and writes no empty folders', () => {
        expect(existsSync(join(out, 'fct_release_times'))).toBe(false);
    });
});

describe('export parquet of a generated world with its marts', () => {
    let warehouse: string;
    let out: string;
    let exported: ExportedTable[];

    beforeAll(async () => {
        ({ warehouse } = await generatedWarehouse());
        await runWarehouseModels({ warehouse });
        out = mkdtempSync(join(tmpdir(), 'customs-parquet-'));
        exported = await exportParquet({ warehouse, outDir: out });
    }, 300_000);

    it('exports the five fact tables and the monthly fct_ marts', () => {
        const names = exported.map((table) => table.table);
        expect(names.slice(0, 5)).toEqual(['declarations', 'declaration_items', 'clearance_events', 'payments', 'inspections']);
        expect(names).toEqual(expect.arrayContaining(['fct_release_times', 'fct_trade_monthly', 'fct_revenue_monthly', 'fct_declaration_risk_features']));
        // the generated world spans 24 months, 2024-01 to 2025-12
        expect(exported.find((table) => table.table === 'declarations')!.partitions).toBe(24);
    });

    // table → the month its rows belong to, and a sum to reconcile
    const reconciled: [string, string, string, string][] = [
        ['declarations', 'declarations', 'lodgement_at', 'cif_value_twd'],
        ['declaration_items', 'declaration_items join declarations using (declaration_id)', 'lodgement_at', 'customs_value_twd'],
        ['clearance_events', 'clearance_events', 'event_at', 'epoch(event_at)'],
        ['payments', 'payments', 'assessed_date', 'amount_paid_twd'],
        ['inspections', 'inspections', 'completed_at', 'additional_duty_twd'],
        ['fct_trade_monthly', 'fct_trade_monthly', 'month_date', 'value_twd'],
        ['fct_release_times', 'fct_release_times', 'month_date', 'count_declarations'],
    ];
    it.each(reconciled)('%s: the Parquet files hold the rows and sums of each month of the warehouse', async (table, from, monthOf, summed) => {
        const inWarehouse = await query<{ year: number; month: number; rows: string; total: string }>(warehouse, `
            select year(${monthOf})::integer as year, month(${monthOf})::integer as month, count(*)::varchar as rows, sum(${summed})::double::varchar as total
            from ${from} group by all order by 1, 2`);
        const inParquet = await parquetRows<{ year: number; month: number; rows: string; total: string }>(`
            select year::integer as year, month::integer as month, count(*)::varchar as rows, sum(${summed})::double::varchar as total
            from ${readBack(out, table)} group by all order by 1, 2`);
        expect(inWarehouse.length).toBeGreaterThanOrEqual(12);
        expect(inParquet).toEqual(inWarehouse);
    });

    it('puts every row in the partition of its own month', async () => {
        const [misplaced] = await parquetRows<{ n: string }>(`
            select count(*)::varchar as n from ${readBack(out, 'declarations')}
            where year::integer <> year(lodgement_at) or month::integer <> month(lodgement_at)`);
        expect(misplaced!.n).toBe('0');
    });
});
