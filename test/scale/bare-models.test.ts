// The engine's limit of the mart groups in npm run bench is their SQL models made by DuckDB alone, without the
// runner (pipelines/bench-limits.ts). It is a limit for the same work only if it makes the same tables: each mart
// made bare must equal, row for row, the one the runner put in the warehouse.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBareModels } from '../../pipelines/bench-limits.js';
import { openWarehouse, queryRows } from '../../src/db/warehouse.js';
import { countUnmatchedRows } from '../support/compare-tables.js';
import { buildGeneratedWarehouse, type GeneratedWarehouse } from '../support/generated-warehouse.js';

describe('the mart groups made bare (the bench limit)', () => {
    let built: GeneratedWarehouse;

    beforeAll(async () => {
        built = await buildGeneratedWarehouse({ declarations: 1500, seed: 8, months: 14, audit: false, stats: false });
    }, 300_000);

    afterAll(() => rmSync(built.directory, { recursive: true, force: true }));

    for (const folder of ['marts', 'marts/trade', 'marts/audit']) {
        it(`makes the marts of sql/${folder} equal to the runner's`, async () => {
            const warehouse = await openWarehouse(built.warehouse, { readOnly: true });
            try {
                const models = await makeBareModels(warehouse.connection, [folder]);
                const marts = models.filter((model) => model.layer === 'marts');
                expect(marts.length).toBeGreaterThan(0);
                let rows = 0;
                for (const mart of marts) {
                    const [row] = await queryRows<{ n: string }>(warehouse.connection, `select count(*) as n from temp.main.${mart.name}`);
                    rows += Number(row!.n);
                    expect(await countUnmatchedRows(warehouse.connection, mart.name, 'temp', 'warehouse'), mart.name).toBe(0);
                }
                // (the mirror asymmetries are empty here: the generated world has no partner's mirror statistics)
                expect(rows).toBeGreaterThan(marts.length * 10);
            } finally {
                warehouse.close();
            }
        }, 300_000);
    }
});
