// Mirror statistics on hand-made figures (USD rate 30 TWD every month; CIF/FOB factor 1.06):
//
//   our imports of laptops (8471…) from JP, 2024-03: 63,600 TWD = 2,120 USD CIF
//   JP reports its exports to us, HS 8471, 2024-03: 2,000 USD FOB → CIF basis 2,000 × 1.06 = 2,120 → asymmetry 0
//   our exports of phones (8517…) to US, 2024-03: 30,000 TWD = 1,000 USD FOB → CIF basis 1,060
//   US reports its imports from us, HS 85, 2024-03: 1,500 USD CIF → asymmetry 1,060 − 1,500 = −440 USD, share −440 / 1,500 = −0.293333
//   JP reports exports to us of HS 39 in 2024-03 (500 USD FOB → 530 CIF); we recorded none → asymmetry −530, share −1
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModels } from '../../src/db/run-models.js';
import { queryRows, type Warehouse } from '../../src/db/warehouse.js';
import { importMirrorTrade } from '../../src/stats/mirror-import.js';
import { writeFiles } from '../support/mini-world.js';
import { CODES, handMadeWarehouse, insertLine, MODEL_VARIABLES } from './hand-made-trade.js';

let directory: string;
let warehouse: Warehouse;

beforeAll(async () => {
    ({ directory, warehouse } = await handMadeWarehouse());
    await insertLine(warehouse, { id: 'IM1', day: '2024-03-05', code: CODES.laptop, partner: 'JP', quantity: 10, valueTwd: 63600 });
    await insertLine(warehouse, { id: 'EX1', day: '2024-03-06', code: CODES.phone, partner: 'US', quantity: 5, valueTwd: 30000, type: 'export' });
    writeFiles({ 'mirror.csv': 'partner,flow,hs,period,value\nJP,X,8471,2024-03,2000\nUS,M,85,2024-03,1500\nJP,X,39,2024-03,500\n' }, directory);
    expect(await importMirrorTrade(warehouse.connection, join(directory, 'mirror.csv'))).toBe(3);
    await runModels(warehouse.connection, MODEL_VARIABLES);
});
afterAll(() => {
    warehouse.close();
    rmSync(directory, { recursive: true, force: true });
});

describe('mirror asymmetries', () => {
    it('compare each reported figure with ours on a CIF basis', async () => {
        const rows = await queryRows<Record<string, string | number>>(warehouse.connection, `
            select reporter_code, partner_flow_code, our_flow_code, hs_code, our_value_usd, partner_value_usd,
                our_cif_value_usd, partner_cif_value_usd, asymmetry_usd, asymmetry_share
            from fct_trade_mirror_asymmetries order by reporter_code, hs_code`);
        expect(rows.length).toBe(3);
        const [jp39, jp8471, us85] = rows;
        expect(jp8471).toMatchObject({ reporter_code: 'JP', partner_flow_code: 'X', our_flow_code: 'M', hs_code: '8471' });
        expect(jp8471!.our_value_usd).toBeCloseTo(2120, 6);
        expect(jp8471!.partner_cif_value_usd).toBeCloseTo(2120, 6);
        expect(jp8471!.asymmetry_usd).toBeCloseTo(0, 6);
        expect(us85).toMatchObject({ reporter_code: 'US', partner_flow_code: 'M', our_flow_code: 'X', hs_code: '85' });
        expect(us85!.our_value_usd).toBeCloseTo(1000, 6);
        expect(us85!.our_cif_value_usd).toBeCloseTo(1060, 6);
        expect(us85!.asymmetry_usd).toBeCloseTo(-440, 6);
        expect(us85!.asymmetry_share).toBeCloseTo(-0.293333, 6);
        expect(jp39!.our_value_usd).toBe(0);
        expect(jp39!.asymmetry_usd).toBeCloseTo(-530, 6);
        expect(jp39!.asymmetry_share).toBeCloseTo(-1, 10);
    });

    it('replaces a figure the partner sends again, and refuses a malformed file with the row and what to write', async () => {
        writeFiles({ 'again.csv': 'partner,flow,hs,period,value\nJP,X,8471,2024-03,2100\n', 'bad.csv': 'partner,flow,hs,period,value\nJP,X,847,2024-03,10\n' }, directory);
        await importMirrorTrade(warehouse.connection, join(directory, 'again.csv'));
        const rows = await queryRows<{ value_usd: number }>(warehouse.connection, "select value_usd from mirror_trade where reporter_code = 'JP' and hs_code = '8471'");
        expect(rows).toEqual([{ value_usd: 2100 }]);
        await expect(importMirrorTrade(warehouse.connection, join(directory, 'bad.csv'))).rejects.toThrow(/bad\.csv, data row 1: column hs: .*hs \(2, 4 or 6 digits\)/);
    });
});
