// Lane shares, selectivity effectiveness, revenue and arrears on hand-made rows, every figure worked out by hand.
//
// Declarations: March 2024 — A1 C1, A2 C1 (AEO), A3 C2, A4 C3, A5 C3 (AEO); April 2024 — A6 C1.
// Inspections: A3 (C2) nothing found; A4 (C3) value discrepancy, 5,000 TWD more duty; A5 (C3) nothing found.
// Audits: AU1 closed 2024-03-20 with findings, 12,000 TWD recovered; AU2 still open.
// Payments, as of 2024-04-30:
//   P1 A1 assessed 03-01 due 03-15 paid 03-01 (0 days)  duty 100 + tax 50          paid 150 e_payment
//   P2 A2 assessed 03-02 due 03-16 paid 03-20 (18 days, late) duty 200 + tax 100 + commodity 10, paid 310 counter
//   P3 A3 assessed 01-10 due 01-21 unpaid               duty 1,000 + tax 500       → 100 days past due (Feb 2024 has 29 days)
//   P4 A4 assessed 03-01 due 03-16 unpaid               duty 300 + tax 150         → 45 days past due
//   P5 A5 assessed 04-20 due 05-04 unpaid               duty 60 + tax 30           → not yet due: not in arrears
//   P6 A6 assessed 03-10 due 03-24 paid 03-11 (1 day)   duty 80 + tax 40, paid 100 bank_transfer → 20 outstanding, 37 days past due
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runModels } from '../../src/db/run-models.js';
import { openWarehouse, queryRows, type Warehouse } from '../../src/db/warehouse.js';
import { insertDeclaration } from '../support/hand-made-rows.js';

let warehouse: Warehouse;
const rows = <T>(sql: string) => queryRows<T>(warehouse.connection, sql);

beforeAll(async () => {
    warehouse = await openWarehouse(join(mkdtempSync(join(tmpdir(), 'customs-revenue-')), 'revenue.duckdb'));
    const connection = warehouse.connection;
    for (const [id, lane, lodgement, isAeo] of [
        ['A1', 'C1', '2024-03-01 09:00:00', false], ['A2', 'C1', '2024-03-02 09:00:00', true], ['A3', 'C2', '2024-03-03 09:00:00', false],
        ['A4', 'C3', '2024-03-04 09:00:00', false], ['A5', 'C3', '2024-03-05 09:00:00', true], ['A6', 'C1', '2024-04-01 09:00:00', false],
    ] as const) await insertDeclaration(connection, { id, lane, lodgement, isAeo });
    await connection.run(`insert into inspections values
        ('A3', '2024-03-03 12:00:00', false, null, 0), ('A4', '2024-03-04 15:00:00', true, 'value', 5000), ('A5', '2024-03-05 16:00:00', false, null, 0)`);
    await connection.run(`insert into post_clearance_audits values
        ('AU1', 'T1', '2023-01-01', '2023-12-31', '2024-02-01', '2024-03-20', true, 'value', 12000),
        ('AU2', 'T2', '2023-01-01', '2023-12-31', '2024-03-01', null, false, null, 0)`);
    await connection.run(`insert into payments values
        ('P1', 'A1', '2024-03-01', '2024-03-15', '2024-03-01', 100, 50, 0, 150, 'e_payment'),
        ('P2', 'A2', '2024-03-02', '2024-03-16', '2024-03-20', 200, 100, 10, 310, 'counter'),
        ('P3', 'A3', '2024-01-10', '2024-01-21', null, 1000, 500, 0, 0, null),
        ('P4', 'A4', '2024-03-01', '2024-03-16', null, 300, 150, 0, 0, null),
        ('P5', 'A5', '2024-04-20', '2024-05-04', null, 60, 30, 0, 0, null),
        ('P6', 'A6', '2024-03-10', '2024-03-24', '2024-03-11', 80, 40, 0, 100, 'bank_transfer')`);
    await runModels(connection, { as_of_date: '2024-04-30', target_minutes_c1: 3, target_minutes_c2: 480, target_minutes_c3: 1440, extreme_minutes: 4320 });
});

describe('lane shares', () => {
    it('give each lane\'s share of the month, for all traders, AEO and non-AEO', async () => {
        const result = await rows<{ month: string; trader_group: string; lane: string; count_declarations: string; share_of_month_group: number }>(`
            select strftime(month_date, '%Y-%m') as month, trader_group, lane, count_declarations, share_of_month_group
            from fct_lane_shares order by month, trader_group, lane`);
        expect(result.map((row) => [row.month, row.trader_group, row.lane, Number(row.count_declarations), row.share_of_month_group])).toEqual([
            ['2024-03', 'aeo', 'C1', 1, 0.5], ['2024-03', 'aeo', 'C3', 1, 0.5],
            ['2024-03', 'all', 'C1', 2, 0.4], ['2024-03', 'all', 'C2', 1, 0.2], ['2024-03', 'all', 'C3', 2, 0.4],
            ['2024-03', 'non_aeo', 'C1', 1, 1 / 3], ['2024-03', 'non_aeo', 'C2', 1, 1 / 3], ['2024-03', 'non_aeo', 'C3', 1, 1 / 3],
            ['2024-04', 'all', 'C1', 1, 1], ['2024-04', 'non_aeo', 'C1', 1, 1],
        ]);
    });
});

describe('selectivity effectiveness', () => {
    it('gives hit rates and revenue per check for C2, C3 and closed post-clearance audits', async () => {
        const result = await rows<Record<string, unknown>>(`
            select strftime(month_date, '%Y-%m') as month, check_kind, count_checks::int as checks, count_hits::int as hits, hit_rate,
                additional_revenue_twd::double as revenue, revenue_per_check_twd::double as per_check
            from fct_selectivity_effectiveness order by check_kind`);
        expect(result).toEqual([
            { month: '2024-03', check_kind: 'C2', checks: 1, hits: 0, hit_rate: 0, revenue: 0, per_check: 0 },
            // 1 of 2 C3 checks found something: 5,000 / 2 = 2,500 per check.
            { month: '2024-03', check_kind: 'C3', checks: 2, hits: 1, hit_rate: 0.5, revenue: 5000, per_check: 2500 },
            // The open audit AU2 is not counted.
            { month: '2024-03', check_kind: 'post_clearance_audit', checks: 1, hits: 1, hit_rate: 1, revenue: 12000, per_check: 12000 },
        ]);
    });
});

describe('revenue', () => {
    it('gives assessed and collected amounts, e-payment share and days to payment per month of assessment', async () => {
        const result = await rows<Record<string, unknown>>(`
            select strftime(month_date, '%Y-%m') as month, count_assessments::int as assessments,
                assessed_duty_twd::double as duty, assessed_business_tax_twd::double as business_tax, assessed_commodity_tax_twd::double as commodity_tax,
                assessed_total_twd::double as assessed, collected_total_twd::double as collected, count_paid::int as paid,
                share_paid_electronically as electronic, mean_days_to_payment as mean_days, median_days_to_payment as median_days,
                count_paid_late::int as late
            from fct_revenue_monthly order by month`);
        expect(result).toEqual([
            { month: '2024-01', assessments: 1, duty: 1000, business_tax: 500, commodity_tax: 0, assessed: 1500, collected: 0, paid: 0,
                electronic: null, mean_days: null, median_days: null, late: 0 },
            // March: P1, P2, P4, P6. Duty 100 + 200 + 300 + 80 = 680; tax 50 + 100 + 150 + 40 = 340; commodity 10;
            // collected 150 + 310 + 100 = 560; 1 of 3 paid electronically; days 0, 18, 1 → mean 19 / 3, median 1; P2 late.
            { month: '2024-03', assessments: 4, duty: 680, business_tax: 340, commodity_tax: 10, assessed: 1030, collected: 560, paid: 3,
                electronic: 1 / 3, mean_days: 19 / 3, median_days: 1, late: 1 },
            { month: '2024-04', assessments: 1, duty: 60, business_tax: 30, commodity_tax: 0, assessed: 90, collected: 0, paid: 0,
                electronic: null, mean_days: null, median_days: null, late: 0 },
        ]);
    });
});

describe('arrears ageing', () => {
    it('puts what is outstanding past its due date into 0–30, 31–90 and over-90-day buckets', async () => {
        const result = await rows<Record<string, unknown>>(`
            select bucket, count_assessments::int as assessments, outstanding_twd::double as outstanding from fct_arrears_ageing order by bucket_order`);
        expect(result).toEqual([
            { bucket: '0-30', assessments: 0, outstanding: 0 },
            // P4 45 days (450) and P6 37 days (20).
            { bucket: '31-90', assessments: 2, outstanding: 470 },
            // P3 100 days (1,500).
            { bucket: 'over_90', assessments: 1, outstanding: 1500 },
        ]);
    });
});
