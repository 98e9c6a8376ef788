// Unit-value (price) and volume indices and terms of trade on hand-made lines, every figure worked out by hand.
//
// Imports (from JP), every month of the year, one line per code and month:
//   code            2023                 2024                 2025-01
//   laptop (XVI)    10 u for   800 (80)  10 u for 1,000 (100)  12 u for 1,320 (110)
//   phone  (XVI)    20 u for 5,000 (250) 20 u for 4,000 (200)  15 u for 2,700 (180)
//   polymer (VII)   —                    100 kg for 500 (5)    —                      (enters in 2024, leaves in 2025-01)
//   chip   (XVI)    —                    —                     5 u for 5,000 (1,000)  (enters in 2025-01)
// Exports (to US): laptop 5 u for 1,000 (200) every month of 2023 and 2024; 2025-01 5 u for 1,100 (220).
//
// Reference year 2023 (the first complete year) = 100.
// Annual link 2024 on 2023 (imports; base p0 = 2023 unit value, q0 = 2023 quantity / 12; polymer enters → left out):
//   Σ pt q0 = 100·10 + 200·20 = 5,000; Σ p0 q0 = 80·10 + 250·20 = 5,800; qt = q0, so Paasche = Laspeyres
//   price link = 5,000 / 5,800 = 0.8620690; volume link = Σ p0 qt / Σ p0 q0 = 1.
// 2024-01 on 2023: the same figures (each month equals the average) → price index 86.20690, volume 100.
// 2025-01 on 2024 (base laptop 100 × 10, phone 200 × 20, polymer 5 × 100 leaves; chip enters):
//   Σ pt q0 = 110·10 + 180·20 = 4,700   Σ p0 q0 = 100·10 + 200·20 = 5,000
//   Σ pt qt = 110·12 + 180·15 = 4,020   Σ p0 qt = 100·12 + 200·15 = 4,200
//   link Laspeyres P = 4,700 / 5,000 = 0.94          link Paasche P = 4,020 / 4,200 = 0.9571429
//   link Fisher P = √(0.94 · 0.9571429) = √0.8997143 = 0.9485327
//   link Laspeyres Q = 4,200 / 5,000 = 0.84          link Paasche Q = 4,020 / 4,700 = 0.8553191
//   link Fisher Q = √(0.84 · 0.8553191) = √0.7184681 = 0.8476250;  Fisher P · Fisher Q = 0.804 = 4,020 / 5,000
//   chained (× 100 × the 2024 level 0.8620690): Laspeyres P 81.03448, Paasche P 82.51232, Fisher P 81.77006;
//   volume (2024 level 1): Laspeyres 84, Paasche 85.53191, Fisher 84.76250.
//   matched 2 codes, entering 1 (chip), leaving 1 (polymer); matched value share 4,020 / (4,020 + 5,000) = 0.4456763.
// Exports 2025-01: annual link 2024 on 2023 = 1 (same prices); link = 220 / 200 = 1.1 for all three → 110.
// Terms of trade 2025-01 (Fisher) = 100 · 110 / 81.77006 = 134.5236.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModels } from '../../src/db/run-models.js';
import { queryRows, type Warehouse } from '../../src/db/warehouse.js';
import { CODES, handMadeWarehouse, insertLine, MODEL_VARIABLES } from './hand-made-trade.js';

let directory: string;
let warehouse: Warehouse;

beforeAll(async () => {
    ({ directory, warehouse } = await handMadeWarehouse());
    const line = (id: string, day: string, code: string, quantity: number, valueTwd: number, type: 'import' | 'export' = 'import') =>
        insertLine(warehouse, { id, day, code, quantity, valueTwd, type, partner: type === 'import' ? 'JP' : 'US', unit: code === CODES.polymer ? 'kg' : 'u' });
    for (const year of [2023, 2024]) {
        for (let month = 1; month <= 12; month++) {
            const day = `${year}-${String(month).padStart(2, '0')}-10`;
            const key = `${year}${String(month).padStart(2, '0')}`;
            await line(`L${key}`, day, CODES.laptop, 10, year === 2023 ? 800 : 1000);
            await line(`P${key}`, day, CODES.phone, 20, year === 2023 ? 5000 : 4000);
            if (year === 2024) await line(`E${key}`, day, CODES.polymer, 100, 500);
            await line(`X${key}`, day, CODES.laptop, 5, 1000, 'export');
        }
    }
    await line('L202501', '2025-01-10', CODES.laptop, 12, 1320);
    await line('P202501', '2025-01-10', CODES.phone, 15, 2700);
    await line('C202501', '2025-01-10', CODES.chip, 5, 5000);
    await line('X202501', '2025-01-10', CODES.laptop, 5, 1100, 'export');
    await runModels(warehouse.connection, MODEL_VARIABLES);
});
afterAll(() => {
    warehouse.close();
    rmSync(directory, { recursive: true, force: true });
});

type IndexRow = Record<string, number | string>;
const index = async (month: string, flow: string, scope = 'TOTAL') =>
    (await queryRows<IndexRow>(warehouse.connection,
        `select * from fct_trade_price_indices where month_date = '${month}' and flow_code = '${flow}' and scope = '${scope}'`))[0]!;

describe('chain-linked unit-value indices', () => {
    it('compare 2024-01 with the 2023 average: price 86.20690, volume 100', async () => {
        const row = await index('2024-01-01', 'M');
        expect(row.reference_year).toBe(2023);
        expect(row.base_year).toBe(2023);
        for (const kind of ['laspeyres', 'paasche', 'fisher']) {
            expect(row[`${kind}_price_index`]).toBeCloseTo(86.20690, 4);
            expect(row[`${kind}_volume_index`]).toBeCloseTo(100, 6);
        }
    });

    it('link 2025-01 to the 2024 average on matched codes, number by number', async () => {
        const row = await index('2025-01-01', 'M');
        expect(row.base_year).toBe(2024);
        expect(Number(row.count_matched_codes)).toBe(2);
        expect(Number(row.count_entering_codes)).toBe(1);
        expect(Number(row.count_leaving_codes)).toBe(1);
        expect(row.share_of_value_matched).toBeCloseTo(0.4456763, 6);
        expect(row.link_laspeyres_price).toBeCloseTo(0.94, 10);
        expect(row.link_paasche_price).toBeCloseTo(0.9571429, 6);
        expect(row.link_fisher_price).toBeCloseTo(0.9485327, 6);
        expect(row.link_laspeyres_volume).toBeCloseTo(0.84, 10);
        expect(row.link_paasche_volume).toBeCloseTo(0.8553191, 6);
        expect(row.link_fisher_volume).toBeCloseTo(0.8476250, 6);
        expect((row.link_fisher_price as number) * (row.link_fisher_volume as number)).toBeCloseTo(0.804, 10);
    });

    it('chain 2025-01 through the 2024 annual level', async () => {
        const row = await index('2025-01-01', 'M');
        expect(row.laspeyres_price_index).toBeCloseTo(81.03448, 4);
        expect(row.paasche_price_index).toBeCloseTo(82.51232, 4);
        expect(row.fisher_price_index).toBeCloseTo(81.77006, 4);
        expect(row.laspeyres_volume_index).toBeCloseTo(84, 6);
        expect(row.paasche_volume_index).toBeCloseTo(85.53191, 4);
        expect(row.fisher_volume_index).toBeCloseTo(84.76250, 4);
    });

    it('give section XVI the total figures (both matched codes are in it) and section VII none (its only code left)', async () => {
        const section = await index('2025-01-01', 'M', 'XVI');
        expect(section.fisher_price_index).toBeCloseTo(81.77006, 4);
        const rows = await queryRows(warehouse.connection, `select * from fct_trade_price_indices where month_date = '2025-01-01' and scope = 'VII'`);
        expect(rows).toEqual([]);
    });

    it('compute export indices and the terms of trade', async () => {
        const exports = await index('2025-01-01', 'X');
        expect(exports.fisher_price_index).toBeCloseTo(110, 6);
        const [terms] = await queryRows<IndexRow>(warehouse.connection,
            `select * from fct_trade_terms_of_trade where month_date = '2025-01-01' and scope = 'TOTAL'`);
        expect(terms!.fisher_terms_of_trade).toBeCloseTo(134.5236, 3);
    });

    it('publish no index for the reference year itself (it has no base year)', async () => {
        const rows = await queryRows(warehouse.connection, `select * from fct_trade_price_indices where year(month_date) = 2023`);
        expect(rows).toEqual([]);
    });
});
