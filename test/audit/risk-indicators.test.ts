// The audit risk indicators (sql/intermediate/audit, sql/marts/audit/fct_declaration_risk_features) on hand-made
// rows, every expected figure worked out by hand below.
//
// Unit values — HS 847130 from CN, trader T1. January 2024 (Q1): U1–U5, 10 units each, worth 1,000, 1,100, 900,
// 1,050 and 950 TWD (unit values 100, 110, 90, 105, 95) with 20, 22, 18, 21 and 19 kg (2, 2.2, 1.8, 2.1, 1.9 kg
// per unit). April (Q2): U6, 10 units worth 300 TWD (unit value 30) and 100 kg (10 kg per unit).
//   Median log unit value ln 100; deviations |ln(x/100)|: 0, ln 1.05 = 0.048790, −ln 0.95 = 0.051293, ln 1.1,
//   −ln 0.9 → MAD = 0.051293. U6: z = 0.6745 × ln(0.3) / 0.051293 = 0.6745 × −1.203973 / 0.051293 = −15.832.
//   Mass per unit: median ln 2, MAD 0.051293 (same ratios); U6: z = 0.6745 × ln 5 / 0.051293 = 21.164.
//   Q1 has no earlier quarter, so U1–U5 have no reference (null z).
// Duty-rate gap: heading 8471 holds 847130 (general rate 0) and 847141 (5%): 847130's gap is 0 − 0.05 = −0.05.
// Split shipments — trader T2, seller S9, each 1,500 TWD: D1 May 1 10:00, D2 May 2 09:00, D3 May 2 20:00,
//   D4 May 6 10:00; D5 May 1 12:00 from seller S8. D1–D3 lie within 48 h of each other: 3 parts, 4,500 TWD > 2,000
//   → suspect. D4 is 86 h after D3: alone. D5: alone under its seller.
// Hit rates — importer T3: H1 lodged Mar 1 09:00, checked Mar 1 12:00, discrepancy; H2 Mar 2 09:00, checked
//   12:00, none; H3 Mar 5 09:00, checked Mar 10, discrepancy; H4 Mar 6 09:00, not checked. The prior is the hit
//   rate of all checks completed before the lodgement. Before H4 only H1 and H2 had completed (no other check in
//   this world): 2 checked, 1 hit, prior 1/2, smoothed (1 + 1/2 × 20) / (2 + 20) = 0.5. H1: no check before it at
//   all → prior 0, rate 0. H3 (Mar 5): H1 and H2 before it → the same 0.5.
// Arrears — trader T4: payment for A1 (1,000 TWD) due Jan 10, paid Feb 5. A2 lodged Jan 20: owes 1,000. A3 lodged
//   Feb 10: 0. A4 lodged Jan 10 (the due date itself): 0.
// Benford — trader T5: B1 in January with 100 lines worth 100 … 199 TWD (HS 851713 from JP): all first digits 1,
//   first two digits 10 … 19 ten times each. First digit MAD = (|1 − log10 2| + Σ_{d≥2} P(d)) / 9 =
//   2 × (1 − 0.301030) / 9 = 0.155327; two digits: Σ_{10..19} |0.1 − P(d)| = 1 − log10 2 (each P(d) < 0.1) plus
//   Σ_{20..99} P(d) = 1 − log10 2 → 2 × 0.698970 / 90 = 0.0155327. B2 in April reads them: both nonconformity.
// Preference shift — trader T6, HS 851713: P1 January from CN, no preference; P2 April from NZ claiming ANZTEC →
//   shift; P3 August from NZ claiming ANZTEC → no shift (NZ first used more than 90 days before).
// Sudden change — trader T7: 1,000 TWD a month January–June, 12,000 in July → 12 × the mean of the 6 months before.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runModels } from '../../src/db/run-models.js';
import { openWarehouse, queryRows, type Warehouse } from '../../src/db/warehouse.js';
import { AUDIT_INDICATOR_SETTINGS } from '../../pipelines/run-models.js';

let warehouse: Warehouse;

interface Line { code?: string; origin?: string; quantity?: number; mass?: number; value: number; preference?: string }

async function declare(id: string, trader: string, at: string, lines: Line[], options: { seller?: string; lane?: string } = {}) {
    const total = lines.reduce((sum, line) => sum + line.value, 0);
    await warehouse.connection.run(`insert into declarations values ('${id}', 'import', 'home_use', '${at}', 'KL01', '1', 'B1',
        '${trader}', ${options.seller ? `'${options.seller}'` : 'null'}, false, 'CN', 'TW', 'TWD', 1, 'CIF', ${total}, ${total}, ${total},
        '${options.lane ?? 'C1'}', ${lines.length})`);
    for (const [index, line] of lines.entries()) {
        await warehouse.connection.run(`insert into declaration_items values ('${id}', ${index + 1}, '${line.code ?? '84713000002'}', 'goods',
            '${line.origin ?? 'CN'}', ${line.quantity ?? 1}, 'u', ${line.mass ?? 1}, ${line.mass ?? 1}, ${line.value}, 0, 0, 0, 0,
            ${line.preference ? `'${line.preference}'` : 'null'})`);
    }
}

beforeAll(async () => {
    warehouse = await openWarehouse(join(mkdtempSync(join(tmpdir(), 'customs-risk-')), 'risk.duckdb'));
    const run = (sql: string) => warehouse.connection.run(sql);
    await run(`insert into tariff_rates values ('84713000002', 'general', null, null, 0), ('84714100001', 'general', null, null, 0.05),
        ('85171300008', 'general', null, null, 0.05)`);
    await run(`insert into traders values ('T7', 'trader', 'Steady Ltd', '2020-01-01', false, null)`);
    for (const [id, value, mass] of [['U1', 1000, 20], ['U2', 1100, 22], ['U3', 900, 18], ['U4', 1050, 21], ['U5', 950, 19]] as const) {
        await declare(id, 'T1', '2024-01-15 10:00:00', [{ quantity: 10, mass, value }]);
    }
    await declare('U6', 'T1', '2024-04-15 10:00:00', [{ quantity: 10, mass: 100, value: 300 }]);
    for (const [id, at, seller] of [['D1', '2024-05-01 10:00:00', 'S9'], ['D2', '2024-05-02 09:00:00', 'S9'], ['D3', '2024-05-02 20:00:00', 'S9'],
        ['D4', '2024-05-06 10:00:00', 'S9'], ['D5', '2024-05-01 12:00:00', 'S8']] as const) {
        await declare(id, 'T2', at, [{ code: '85171300008', origin: 'US', value: 1500 }], { seller });
    }
    for (const [id, at, lane] of [['H1', '2024-03-01 09:00:00', 'C3'], ['H2', '2024-03-02 09:00:00', 'C3'], ['H3', '2024-03-05 09:00:00', 'C3'],
        ['H4', '2024-03-06 09:00:00', 'C1'], ['H5', '2024-03-10 12:00:00', 'C1'], ['H6', '2024-03-10 12:00:01', 'C1']] as const) {
        await declare(id, 'T3', at, [{ code: '85171300008', origin: 'US', value: 50000 }], { lane });
    }
    await run(`insert into inspections values ('H1', '2024-03-01 12:00:00', true, 'value', 100), ('H2', '2024-03-02 12:00:00', false, null, 0),
        ('H3', '2024-03-10 12:00:00', true, 'value', 300)`);
    for (const [id, at] of [['A1', '2024-01-05 10:00:00'], ['A2', '2024-01-20 10:00:00'], ['A3', '2024-02-10 10:00:00'], ['A4', '2024-01-10 10:00:00']] as const) {
        await declare(id, 'T4', at, [{ code: '85171300008', origin: 'US', value: 20000 }]);
    }
    await run(`insert into payments values ('P1', 'A1', '2024-01-05', '2024-01-10', '2024-02-05', 800, 200, 0, 1000, 'counter')`);
    await declare('B1', 'T5', '2024-01-20 10:00:00', Array.from({ length: 100 }, (_, index) => ({ code: '85171300008', origin: 'JP', value: 100 + index })));
    await declare('B2', 'T5', '2024-04-20 10:00:00', [{ code: '85171300008', origin: 'JP', value: 150 }]);
    await declare('P1', 'T6', '2024-01-25 10:00:00', [{ code: '85171300008', origin: 'CN', value: 5000 }]);
    await declare('P2', 'T6', '2024-04-25 10:00:00', [{ code: '85171300008', origin: 'NZ', value: 5000, preference: 'ANZTEC' }]);
    await declare('P3', 'T6', '2024-08-25 10:00:00', [{ code: '85171300008', origin: 'NZ', value: 5000, preference: 'ANZTEC' }]);
    for (const [month, value] of [['01', 1000], ['02', 1000], ['03', 1000], ['04', 1000], ['05', 1000], ['06', 1000], ['07', 12000]] as const) {
        await declare(`S${month}`, 'T7', `2024-${month}-10 10:00:00`, [{ code: '85171300008', origin: 'KR', value }]);
    }
    await runModels(warehouse.connection, {
        as_of_date: '2024-12-31', target_minutes_c1: 3, target_minutes_c2: 480, target_minutes_c3: 1440, extreme_minutes: 4320,
        ...AUDIT_INDICATOR_SETTINGS, min_reference_lines: 5,
    });
});

async function features(id: string): Promise<Record<string, unknown>> {
    const rows = await queryRows(warehouse.connection, `select * from fct_declaration_risk_features where declaration_id = '${id}'`);
    expect(rows).toHaveLength(1);
    return rows[0]!;
}

describe('unit values', () => {
    it('give the robust z of a line against the same HS6 and origin over the 12 months before its quarter', async () => {
        const u6 = await features('U6');
        expect(u6.min_unit_value_z).toBeCloseTo(-15.832, 2);
        expect(u6.low_unit_value_ratio_to_median).toBeCloseTo(0.3, 6);
        expect(u6.low_unit_value_reference_origin_country).toBe('CN');
        expect(u6.max_mass_per_unit_z).toBeCloseTo(21.164, 2);
    });

    it('have no reference in the first quarter, since nothing came before it', async () => {
        expect((await features('U1')).min_unit_value_z).toBeNull();
    });

    it('place a far low outlier below the skew-adjusted lower fence', async () => {
        // Quartiles of ln 90, ln 95, ln 100, ln 105, ln 110: Q1 = ln 95, Q3 = ln 105, IQR = ln(105/95) = 0.100083;
        // Bowley skew s = ln(105 · 95 / 100²) / IQR = −0.025011; lower fence ln 95 − 1.5 · e^(0.075033) · 0.100083
        // = 4.553877 − 0.161752 = 4.392125; distance (ln 30 − 4.392125) / 0.100083 = (3.401197 − 4.392125) / 0.100083 = −9.9011.
        expect((await features('U6')).min_unit_value_fence_distance).toBeCloseTo(-9.901, 2);
    });

    it('show the duty-rate gap to the dearest neighbouring code of the heading', async () => {
        expect((await features('U6')).min_duty_rate_gap).toBeCloseTo(-0.05, 9);
    });
});

describe('split shipments', () => {
    it('count the low-value parts from one seller within 48 hours and flag them when together they pass de minimis', async () => {
        const result = await queryRows<{ declaration_id: string; count_parts_48h: number; is_split_shipment_suspect: boolean }>(warehouse.connection,
            "select declaration_id, count_parts_48h, is_split_shipment_suspect from fct_declaration_risk_features where declaration_id like 'D%' order by 1");
        expect(result.map((row) => [row.declaration_id, Number(row.count_parts_48h), row.is_split_shipment_suspect])).toEqual([
            ['D1', 3, true], ['D2', 3, true], ['D3', 3, true], ['D4', 1, false], ['D5', 1, false],
        ]);
    });
});

describe('hit rates of earlier checks', () => {
    it('count only checks completed before the lodgement, and smooth toward the hit rate of all checks before it', async () => {
        const h4 = await features('H4');
        expect([Number(h4.importer_checked), Number(h4.importer_hits)]).toEqual([2, 1]);
        expect(h4.importer_hit_rate).toBeCloseTo(0.5, 9);
        const h1 = await features('H1');
        expect([Number(h1.importer_checked), Number(h1.importer_hits)]).toEqual([0, 0]);
        expect(h1.importer_hit_rate).toBe(0);
        expect((await features('H3')).importer_hit_rate).toBeCloseTo(0.5, 9);
    });

    it('leave out a check completed in the very second of the lodgement, and count it a second later', async () => {
        // H3's check completes at 2024-03-10 12:00:00. H5, lodged that second, sees H1's and H2's (1 hit of 2; the
        // prior is the same 1/2, so the smoothed rate is 1/2 for any weight); H6, a second later, sees all three
        // (2 hits of 3, prior 2/3: rate 2/3).
        const h5 = await features('H5');
        expect([Number(h5.importer_checked), Number(h5.importer_hits)]).toEqual([2, 1]);
        expect(h5.importer_hit_rate).toBeCloseTo(0.5, 9);
        const h6 = await features('H6');
        expect([Number(h6.importer_checked), Number(h6.importer_hits)]).toEqual([3, 2]);
        expect(h6.importer_hit_rate).toBeCloseTo(2 / 3, 9);
    });

    it('carry each declaration\'s own check as its label, never as a feature', async () => {
        const h3 = await features('H3');
        expect([h3.is_checked, h3.is_discrepancy_found, Number(h3.additional_duty_twd)]).toEqual([true, true, 300]);
        expect([Number(h3.importer_checked), Number(h3.importer_hits)]).toEqual([2, 1]);
    });
});

describe('arrears at lodgement', () => {
    it('count an assessment from the day after its due date until the day it is paid', async () => {
        const result = await queryRows<{ declaration_id: string; arrears: number }>(warehouse.connection,
            "select declaration_id, arrears_at_lodgement_twd::double as arrears from fct_declaration_risk_features where declaration_id like 'A%' order by 1");
        expect(result.map((row) => [row.declaration_id, row.arrears])).toEqual([['A1', 0], ['A2', 1000], ['A3', 0], ['A4', 0]]);
    });
});

describe('Benford conformity', () => {
    it('give the first-digit and first-two-digit MAD of the trader\'s lines in the 12 months before, with Nigrini\'s class', async () => {
        const b2 = await features('B2');
        expect(b2.benford_first_digit_mad).toBeCloseTo(0.155327, 6);
        expect(b2.benford_two_digit_mad).toBeCloseTo(0.0155327, 7);
        expect([b2.benford_first_digit_class, b2.benford_two_digit_class]).toEqual(['nonconformity', 'nonconformity']);
    });

    it('stay silent for traders with fewer than 100 earlier lines', async () => {
        expect((await features('U6')).benford_first_digit_mad).toBeNull();
    });
});

describe('preferential origin', () => {
    it('flag a preference claimed from an origin newly used for goods the trader imported from elsewhere before', async () => {
        expect([(await features('P1')).has_preference_shift, (await features('P2')).has_preference_shift, (await features('P3')).has_preference_shift])
            .toEqual([false, true, false]);
        expect((await features('P2')).share_lines_preference_claimed).toBe(1);
    });
});

describe('the trader\'s activity', () => {
    it('compare the month\'s declared value with the mean of the 6 months before', async () => {
        expect((await features('S07')).value_change_ratio).toBeCloseTo(12, 9);
        // The 6 months before June are December–May; December had nothing: 1,000 / (5,000 / 6) = 1.2.
        expect((await features('S06')).value_change_ratio).toBeCloseTo(1.2, 9);
        // S01 is the trader's first month: no history, and a new declarant for 3 months.
        expect((await features('S01')).value_change_ratio).toBeNull();
        expect([(await features('S03')).is_new_trader, (await features('S04')).is_new_trader]).toEqual([true, false]);
    });
});
