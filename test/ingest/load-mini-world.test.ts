import { beforeAll, describe, expect, it } from 'vitest';
import { ingest, type BatchSummary } from '../../src/ingest/load-batch.js';
import { FACT_FILES, REFERENCE_FILES, tempWarehouse, writeFiles } from '../support/mini-world.js';
import { count, query } from '../support/warehouse-queries.js';

describe('loading the hand-written mini world', () => {
    const warehouse = tempWarehouse();
    const dir = writeFiles({ ...REFERENCE_FILES, ...FACT_FILES });
    let first: BatchSummary;
    let second: BatchSummary;

    beforeAll(async () => {
        first = await ingest({ warehouse, paths: [dir] });
        second = await ingest({ warehouse, paths: [dir] });
    });

    it('loads every row and quarantines none', () => {
        expect(first.batchId).toBe(1);
        expect(first.status).toBe('loaded');
        expect(first.totals).toEqual({ read: 31, loaded: 31, quarantined: 0 });
        expect(first.tables.declaration_items).toEqual({ read: 3, loaded: 3, quarantined: 0 });
    });

    it('keeps the values as written, quoted commas included', async () => {
        const items = await query<{ goods_description: string; customs_value_twd: string; duty_twd: string }>(warehouse,
            "select goods_description, customs_value_twd::varchar as customs_value_twd, duty_twd::varchar as duty_twd from declaration_items where declaration_id = 'IM24010000001' order by line_number");
        expect(items).toEqual([
            { goods_description: 'Laptop computer', customs_value_twd: '31250.00', duty_twd: '0.00' },
            { goods_description: 'Smartphone, 128 GB', customs_value_twd: '62500.00', duty_twd: '3125.00' },
        ]);
        const traders = await query<{ trader_name: string; aeo_since_date: string | null }>(warehouse,
            "select trader_name, aeo_since_date::varchar as aeo_since_date from traders where trader_id = 'T00000002'");
        expect(traders).toEqual([{ trader_name: 'Keelung Parts, Inc.', aeo_since_date: '2021-01-01' }]);
    });

    it('records the batch and each file with its SHA-256 and read = loaded + quarantined', async () => {
        const files = await query<{ n: string; balanced: string; hashes: string }>(warehouse,
            'select count(*) as n, count(*) filter (where rows_read = rows_loaded + rows_quarantined) as balanced, count(distinct sha256) as hashes from ingest_files');
        expect(files).toEqual([{ n: '15', balanced: '15', hashes: '15' }]);
        const batches = await query<{ batch_id: number; rows_read: number; status: string }>(warehouse, 'select batch_id, rows_read, status from ingest_batches');
        expect(batches).toEqual([{ batch_id: 1, rows_read: 31, status: 'loaded' }]);
    });

    it('treats loading the same files again as a no-op', async () => {
        expect(second.batchId).toBeNull();
        expect(second.status).toBe('nothing_new');
        expect(second.files.every((file) => file.status === 'skipped')).toBe(true);
        expect(await count(warehouse, 'declaration_items')).toBe(3);
        expect(await count(warehouse, 'ingest_batches')).toBe(1);
    });
});
