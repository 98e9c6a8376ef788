// The whole marts other models read are made as the warehouse's <name>__next tables outside the run's transaction and
// renamed in it (src/db/run-models.ts): a run that fails, before or in the transaction, leaves the marts as they were
// and no __next table behind; one that succeeds replaces them. On hand-made trade lines (test/stats/hand-made-trade.ts).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverModels, runModels } from '../../src/db/run-models.js';
import { queryRows, type Warehouse } from '../../src/db/warehouse.js';
import { CODES, handMadeWarehouse, insertLine, MODEL_VARIABLES } from '../stats/hand-made-trade.js';

let directory: string;
let warehouse: Warehouse;
/** A mart other models read, with rows in this warehouse and a month_date column to mark them by. */
let mart: string;

beforeAll(async () => {
    ({ directory, warehouse } = await handMadeWarehouse());
    for (let month = 1; month <= 3; month++) {
        await insertLine(warehouse, { id: `IM0${month}`, day: `2024-0${month}-10`, code: CODES.laptop, partner: 'JP', quantity: 10, valueTwd: 1000 });
    }
    await runModels(warehouse.connection, MODEL_VARIABLES);
    const models = discoverModels();
    const read = new Set(models.flatMap((model) => model.dependsOn));
    const candidates = models.filter((model) => model.layer === 'marts' && read.has(model.name)).map((model) => model.name);
    for (const name of candidates) {
        const [row] = await queryRows<{ rows: number; has_month: boolean }>(warehouse.connection, `
            select (select count(*) from ${name})::integer as rows,
                exists (select 1 from information_schema.columns where table_name = '${name}' and column_name = 'month_date') as has_month`);
        if (row!.rows > 0 && row!.has_month) {
            mart = name;
            break;
        }
    }
});
afterAll(() => {
    warehouse.close();
    rmSync(directory, { recursive: true, force: true });
});

async function marked(): Promise<{ rows: number; marked: number }> {
    const [row] = await queryRows<{ rows: number; marked: number }>(warehouse.connection,
        `select count(*)::integer as rows, count(*) filter (where month_date = '1900-01-01')::integer as marked from ${mart}`);
    return row!;
}

async function leftovers(): Promise<string[]> {
    return (await queryRows<{ table_name: string }>(warehouse.connection,
        "select table_name from information_schema.tables where table_name like '%\\_\\_next' escape '\\'")).map((row) => row.table_name);
}

describe('a whole mart other models read', () => {
    it('is found in this warehouse', () => {
        expect(mart).toBeDefined();
    });

    it('stays as it was, with no __next table left, when the run fails before its transaction or in it', async () => {
        await warehouse.connection.run(`update ${mart} set month_date = '1900-01-01'`);
        const before = await marked();
        expect(before.marked).toBe(before.rows);
        // failing once the mart is made, before the transaction
        await expect(runModels(warehouse.connection, MODEL_VARIABLES, (run) => {
            if (run.name === mart) throw new Error('stopped after the mart');
        })).rejects.toThrow('stopped after the mart');
        expect(await marked()).toEqual(before);
        expect(await leftovers()).toEqual([]);
        // failing in the transaction, just before it commits
        await expect(runModels(warehouse.connection, MODEL_VARIABLES, undefined, undefined, undefined, {
            beforeCommit: async () => { throw new Error('stopped before the commit'); },
        })).rejects.toThrow('stopped before the commit');
        expect(await marked()).toEqual(before);
        expect(await leftovers()).toEqual([]);
    });

    it('is replaced by a run that succeeds, with no __next table left', async () => {
        const rows = (await marked()).rows;
        await runModels(warehouse.connection, MODEL_VARIABLES);
        expect(await marked()).toEqual({ rows, marked: 0 });
        expect(await leftovers()).toEqual([]);
    });
});
