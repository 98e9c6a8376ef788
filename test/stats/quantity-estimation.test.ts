// Implausible and missing quantities are estimated from the code's reference unit value and counted, on hand-made lines.
//
//   laptops (unit u), imports from JP, one line a month 2024-01 … 2024-06: 10 u for 1,000 TWD (unit value 100)
//   2024-07: A  10 u   for   1,000 TWD → unit value 100, as expected: kept
//            B   1 u   for 100,000 TWD → unit value 100,000: |ln 100,000 − ln 100| = ln 1,000 = 6.91 > 4 × 0.25 = 1
//                                          (the reference spread is 0, floored at 0.25) → 100,000 / 100 = 1,000 u
//            C   5 kg  for     500 TWD → not in the code's unit (u) → 500 / 100 = 5 u
//   Reference for 2024-07: the 6 lines of 2024-01 … 06 (≥ 5): 6,000 TWD / 60 u = 100 TWD a unit.
//   So the 2024-07 cell: value 101,500; reported quantity 10 + 1 = 11; quantity 10 + 1,000 + 5 = 1,015;
//   unit value 101,500 / 1,015 = 100; 2 estimated lines.
//   2024-01 has no trailing months: its reference is the month itself, 1 line (< 5), so nothing is checked.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModels } from '../../src/db/run-models.js';
import { queryRows, type Warehouse } from '../../src/db/warehouse.js';
import { CODES, handMadeWarehouse, insertLine, MODEL_VARIABLES } from './hand-made-trade.js';

let directory: string;
let warehouse: Warehouse;

beforeAll(async () => {
    ({ directory, warehouse } = await handMadeWarehouse());
    for (let month = 1; month <= 6; month++) {
        await insertLine(warehouse, { id: `IM0${month}`, day: `2024-0${month}-10`, code: CODES.laptop, partner: 'JP', quantity: 10, valueTwd: 1000 });
    }
    await insertLine(warehouse, { id: 'IM07A', day: '2024-07-10', code: CODES.laptop, partner: 'JP', quantity: 10, valueTwd: 1000 });
    await insertLine(warehouse, { id: 'IM07B', day: '2024-07-11', code: CODES.laptop, partner: 'JP', quantity: 1, valueTwd: 100000 });
    await insertLine(warehouse, { id: 'IM07C', day: '2024-07-12', code: CODES.laptop, partner: 'JP', quantity: 5, unit: 'kg', valueTwd: 500 });
    await runModels(warehouse.connection, MODEL_VARIABLES);
});
afterAll(() => {
    warehouse.close();
    rmSync(directory, { recursive: true, force: true });
});

describe('quantity estimation', () => {
    it('replaces an implausible or foreign-unit quantity by value / trailing 12-month unit value and counts the lines', async () => {
        const rows = await queryRows<Record<string, number | string>>(warehouse.connection, `
            select value_twd, reported_quantity, quantity, unit_value_twd, count_estimated_lines, count_lines
            from fct_trade_monthly where month_date = '2024-07-01'`);
        expect(rows).toEqual([{ value_twd: '101500.00', reported_quantity: 11, quantity: 1015, unit_value_twd: 100, count_estimated_lines: '2', count_lines: '3' }]);
    });

    it('leaves the quantities of months without enough reference lines as declared', async () => {
        const rows = await queryRows<{ quantity: number; count_estimated_lines: string }>(warehouse.connection,
            `select quantity, count_estimated_lines from fct_trade_monthly where month_date = '2024-01-01'`);
        expect(rows).toEqual([{ quantity: 10, count_estimated_lines: '0' }]);
    });

    it('carries the estimated-line count up to the published cells', async () => {
        const rows = await queryRows<{ commodity_level: string; count_estimated_lines: string; quantity: number | null }>(warehouse.connection, `
            select commodity_level, count_estimated_lines, quantity from fct_trade_cells
            where month_date = '2024-07-01' and flow_code = 'M' and partner_code = 'W00' and commodity_level in ('CCC', 'TOTAL') order by 1`);
        expect(rows).toEqual([
            { commodity_level: 'CCC', count_estimated_lines: '2', quantity: 1015 },
            { commodity_level: 'TOTAL', count_estimated_lines: '2', quantity: 1015 },
        ]);
    });
});
