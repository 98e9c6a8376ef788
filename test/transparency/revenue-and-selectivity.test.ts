// Lane shares, selectivity effectiveness, monthly revenue and arrears ageing on eleven hand-made declarations,
// every expected figure worked out by hand. As of 2024-04-30 (2024 is a leap year: February has 29 days).
//
//   declaration  lodged (local time)   lane  AEO  inspection                       assessment (assessed = lodgement day)
//   D00          2024-01-07 10:00      C1    no   —                                P00 due 01-21 unpaid, 2,000 + 1,000 + 0         → 100 days past due
//                                                                                  P11 due 01-31 unpaid, 10 + 5 + 0                → 90 days past due
//   D01          2024-03-01 09:00      C1    yes  —                                P01 due 03-15 paid 03-01 e_payment 1,500 of 1,000 + 500 + 0
//   D02          2024-03-02 09:00      C1    no   —                                P02 due 03-16 unpaid, 300 + 150 + 50            → 45 days past due
//   D03          2024-03-04 09:00      C1    no   —                                P03 due 03-18 paid 03-06 counter 300 of 200 + 100 + 0
//   D04          2024-03-05 09:00      C2    no   classification, 600 more duty    P04 due 03-19 paid 03-29 (late) bank_transfer 700 of 400 + 200 + 100
//   D05          2024-03-06 09:00      C3    yes  value, 5,000 more duty           P05 due 03-20 paid 03-07 e_payment 500 of 600 + 300 + 0 (part) → 400 owed, 41 days
//   D06          2024-03-08 09:00      C3    no   nothing found                    P06 due 03-22 paid 03-08 guarantee_account 150 of 100 + 50 + 0
//   D07          2024-03-31 23:30      C3    no   origin, 1,001 more duty;         P07 due 04-14 paid 05-03 (late, after the as-of date) e_payment
//                                                 inspected 2024-04-01             1,200 of 800 + 400 + 0 → on 04-30 still 1,200 owed, 16 days past due
//   D08          2024-04-01 00:00      C1    no   —                                P08 due 04-15 paid 04-01 e_payment 150 of 100 + 50 + 0
//   D09          2024-04-20 09:00      C3    yes  nothing found                    P09 due 05-04 unpaid, 60 + 30 + 0               → not yet due
//   D10          2024-04-16 09:00      C1    no   —                                P10 due 04-30 unpaid, 40 + 20 + 0               → due on the as-of date: not in arrears
//
// Post-clearance audits: AU1 closed 2024-03-20 with findings, 12,000 recovered; AU2 opened 2024-03-01, still open;
// AU3 closed 2024-04-10 without findings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModels, type ModelRun } from '../../src/db/run-models.js';
import { openWarehouse, queryRows, type Warehouse } from '../../src/db/warehouse.js';

const VARIABLES = { as_of_date: '2024-04-30', target_minutes_c1: 3, target_minutes_c2: 480, target_minutes_c3: 1440, extreme_minutes: 4320 };

let directory: string;
let warehouse: Warehouse;
let runs: ModelRun[];
const rows = <T = Record<string, unknown>>(sql: string) => queryRows<T>(warehouse.connection, sql);

/** A declaration header: only lodgement time, lane and AEO status matter to these marts. */
const declaration = (id: string, lodgementAt: string, lane: string, isAeo: boolean) =>
    `('${id}', 'import', 'home_use', '${lodgementAt}', 'KL01', '1', 'B1', 'T1', null, ${isAeo}, 'JP', 'TW', 'USD', 31.0, 'CIF', 100, 3100, 3000, '${lane}', 1)`;

beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'customs-revenue-selectivity-'));
    warehouse = await openWarehouse(join(directory, 'warehouse.duckdb'));
    const connection = warehouse.connection;
    await connection.run(`insert into declarations values
        ${declaration('D00', '2024-01-07 10:00:00', 'C1', false)},
        ${declaration('D01', '2024-03-01 09:00:00', 'C1', true)},
        ${declaration('D02', '2024-03-02 09:00:00', 'C1', false)},
        ${declaration('D03', '2024-03-04 09:00:00', 'C1', false)},
        ${declaration('D04', '2024-03-05 09:00:00', 'C2', false)},
        ${declaration('D05', '2024-03-06 09:00:00', 'C3', true)},
        ${declaration('D06', '2024-03-08 09:00:00', 'C3', false)},
        ${declaration('D07', '2024-03-31 23:30:00', 'C3', false)},
        ${declaration('D08', '2024-04-01 00:00:00', 'C1', false)},
        ${declaration('D09', '2024-04-20 09:00:00', 'C3', true)},
        ${declaration('D10', '2024-04-16 09:00:00', 'C1', false)}`);
    await connection.run(`insert into inspections values
        ('D04', '2024-03-05 15:00:00', true, 'classification', 600),
        ('D05', '2024-03-06 16:00:00', true, 'value', 5000),
        ('D06', '2024-03-08 14:00:00', false, null, 0),
        ('D07', '2024-04-01 10:00:00', true, 'origin', 1001),
        ('D09', '2024-04-20 15:00:00', false, null, 0)`);
    await connection.run(`insert into post_clearance_audits values
        ('AU1', 'T1', '2023-01-01', '2023-12-31', '2024-01-15', '2024-03-20', true, 'value', 12000),
        ('AU2', 'T2', '2023-01-01', '2023-12-31', '2024-03-01', null, false, null, 0),
        ('AU3', 'T3', '2023-01-01', '2023-12-31', '2024-02-01', '2024-04-10', false, null, 0)`);
    // payment_id, declaration_id, assessed, due, paid, duty, business tax, commodity tax, amount paid, channel
    await connection.run(`insert into payments values
        ('P00', 'D00', '2024-01-07', '2024-01-21', null, 2000, 1000, 0, 0, null),
        ('P11', 'D00', '2024-01-17', '2024-01-31', null, 10, 5, 0, 0, null),
        ('P01', 'D01', '2024-03-01', '2024-03-15', '2024-03-01', 1000, 500, 0, 1500, 'e_payment'),
        ('P02', 'D02', '2024-03-02', '2024-03-16', null, 300, 150, 50, 0, null),
        ('P03', 'D03', '2024-03-04', '2024-03-18', '2024-03-06', 200, 100, 0, 300, 'counter'),
        ('P04', 'D04', '2024-03-05', '2024-03-19', '2024-03-29', 400, 200, 100, 700, 'bank_transfer'),
        ('P05', 'D05', '2024-03-06', '2024-03-20', '2024-03-07', 600, 300, 0, 500, 'e_payment'),
        ('P06', 'D06', '2024-03-08', '2024-03-22', '2024-03-08', 100, 50, 0, 150, 'guarantee_account'),
        ('P07', 'D07', '2024-03-31', '2024-04-14', '2024-05-03', 800, 400, 0, 1200, 'e_payment'),
        ('P08', 'D08', '2024-04-01', '2024-04-15', '2024-04-01', 100, 50, 0, 150, 'e_payment'),
        ('P09', 'D09', '2024-04-20', '2024-05-04', null, 60, 30, 0, 0, null),
        ('P10', 'D10', '2024-04-16', '2024-04-30', null, 40, 20, 0, 0, null)`);
    // declaration_items, clearance_events, hs_chapters and tariff_codes stay empty: the release-time models run on them.
    runs = await runModels(connection, VARIABLES);
});

afterAll(() => {
    warehouse?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
});

describe('the models', () => {
    it('build the payment models before the marts that read them', () => {
        const order = runs.map((run) => run.name);
        expect(order.indexOf('stg_payments')).toBeLessThan(order.indexOf('int_payment_status'));
        expect(order.indexOf('int_payment_status')).toBeLessThan(order.indexOf('fct_revenue_monthly'));
        expect(order.indexOf('int_payment_status')).toBeLessThan(order.indexOf('fct_arrears_ageing'));
        expect(order).toEqual(expect.arrayContaining(['fct_lane_shares', 'fct_selectivity_effectiveness']));
    });
});

describe('lane shares', () => {
    it('give each lane\'s count and share of its month, for all traders, AEOs and the others', async () => {
        const result = await rows(`
            select strftime(month_date, '%Y-%m-%d') as month_date, trader_group, lane, count_declarations::int as count_declarations,
                share_of_month_group
            from fct_lane_shares order by month_date, trader_group, lane`);
        expect(result).toEqual([
            // January: D00 alone.
            { month_date: '2024-01-01', trader_group: 'all', lane: 'C1', count_declarations: 1, share_of_month_group: 1 },
            { month_date: '2024-01-01', trader_group: 'non_aeo', lane: 'C1', count_declarations: 1, share_of_month_group: 1 },
            // March, AEO: D01 (C1), D05 (C3) → 1/2 each.
            { month_date: '2024-03-01', trader_group: 'aeo', lane: 'C1', count_declarations: 1, share_of_month_group: 0.5 },
            { month_date: '2024-03-01', trader_group: 'aeo', lane: 'C3', count_declarations: 1, share_of_month_group: 0.5 },
            // March, all 7: C1 D01 D02 D03 → 3/7; C2 D04 → 1/7; C3 D05 D06 D07 (lodged 03-31 23:30 local) → 3/7.
            { month_date: '2024-03-01', trader_group: 'all', lane: 'C1', count_declarations: 3, share_of_month_group: 3 / 7 },
            { month_date: '2024-03-01', trader_group: 'all', lane: 'C2', count_declarations: 1, share_of_month_group: 1 / 7 },
            { month_date: '2024-03-01', trader_group: 'all', lane: 'C3', count_declarations: 3, share_of_month_group: 3 / 7 },
            // March, non-AEO 5: C1 D02 D03 → 2/5; C2 D04 → 1/5; C3 D06 D07 → 2/5.
            { month_date: '2024-03-01', trader_group: 'non_aeo', lane: 'C1', count_declarations: 2, share_of_month_group: 0.4 },
            { month_date: '2024-03-01', trader_group: 'non_aeo', lane: 'C2', count_declarations: 1, share_of_month_group: 0.2 },
            { month_date: '2024-03-01', trader_group: 'non_aeo', lane: 'C3', count_declarations: 2, share_of_month_group: 0.4 },
            // April: D08 (04-01 00:00) and D10 in C1, D09 (AEO) in C3.
            { month_date: '2024-04-01', trader_group: 'aeo', lane: 'C3', count_declarations: 1, share_of_month_group: 1 },
            { month_date: '2024-04-01', trader_group: 'all', lane: 'C1', count_declarations: 2, share_of_month_group: 2 / 3 },
            { month_date: '2024-04-01', trader_group: 'all', lane: 'C3', count_declarations: 1, share_of_month_group: 1 / 3 },
            { month_date: '2024-04-01', trader_group: 'non_aeo', lane: 'C1', count_declarations: 2, share_of_month_group: 1 },
        ]);
    });
});

describe('selectivity effectiveness', () => {
    it('gives checks, hits, hit rate and revenue for C2, C3 (month of lodgement) and closed audits (month closed)', async () => {
        const result = await rows(`
            select strftime(month_date, '%Y-%m-%d') as month_date, check_kind, count_checks::int as count_checks,
                count_hits::int as count_hits, hit_rate, additional_revenue_twd::varchar as additional_revenue_twd,
                revenue_per_check_twd::varchar as revenue_per_check_twd
            from fct_selectivity_effectiveness order by month_date, check_kind`);
        expect(result).toEqual([
            // D04: 1 check, 1 hit, 600 → 600 per check.
            { month_date: '2024-03-01', check_kind: 'C2', count_checks: 1, count_hits: 1, hit_rate: 1,
                additional_revenue_twd: '600.00', revenue_per_check_twd: '600.00' },
            // D05 (5,000), D06 (nothing), D07 (1,001; inspected in April, lodged in March): 2 hits of 3,
            // 6,001 / 3 = 2,000.333… → 2,000.33 per check.
            { month_date: '2024-03-01', check_kind: 'C3', count_checks: 3, count_hits: 2, hit_rate: 2 / 3,
                additional_revenue_twd: '6001.00', revenue_per_check_twd: '2000.33' },
            // AU1 closed in March with findings; AU2 (opened in March, still open) is not counted.
            { month_date: '2024-03-01', check_kind: 'post_clearance_audit', count_checks: 1, count_hits: 1, hit_rate: 1,
                additional_revenue_twd: '12000.00', revenue_per_check_twd: '12000.00' },
            // D09: nothing found.
            { month_date: '2024-04-01', check_kind: 'C3', count_checks: 1, count_hits: 0, hit_rate: 0,
                additional_revenue_twd: '0.00', revenue_per_check_twd: '0.00' },
            // AU3 closed in April without findings.
            { month_date: '2024-04-01', check_kind: 'post_clearance_audit', count_checks: 1, count_hits: 0, hit_rate: 0,
                additional_revenue_twd: '0.00', revenue_per_check_twd: '0.00' },
        ]);
    });
});

describe('monthly revenue', () => {
    it('gives amounts assessed and collected, e-payment share, days to payment and late payments per month of assessment', async () => {
        const result = await rows(`
            select strftime(month_date, '%Y-%m-%d') as month_date, count_assessments::int as count_assessments,
                assessed_duty_twd::varchar as assessed_duty_twd, assessed_business_tax_twd::varchar as assessed_business_tax_twd,
                assessed_commodity_tax_twd::varchar as assessed_commodity_tax_twd, assessed_total_twd::varchar as assessed_total_twd,
                collected_total_twd::varchar as collected_total_twd, count_paid::int as count_paid, share_paid_electronically,
                mean_days_to_payment, median_days_to_payment, count_paid_late::int as count_paid_late
            from fct_revenue_monthly order by month_date`);
        expect(result).toEqual([
            // January: P00 and P11, both unpaid. Duty 2,000 + 10; business tax 1,000 + 5; total 3,015; nothing paid,
            // so no share or days.
            { month_date: '2024-01-01', count_assessments: 2, assessed_duty_twd: '2010.00', assessed_business_tax_twd: '1005.00',
                assessed_commodity_tax_twd: '0.00', assessed_total_twd: '3015.00', collected_total_twd: '0.00', count_paid: 0,
                share_paid_electronically: null, mean_days_to_payment: null, median_days_to_payment: null, count_paid_late: 0 },
            // March: P01–P07. Duty 1,000 + 300 + 200 + 400 + 600 + 100 + 800 = 3,400;
            // business tax 500 + 150 + 100 + 200 + 300 + 50 + 400 = 1,700; commodity tax 50 + 100 = 150; total 5,250.
            // Collected 1,500 + 300 + 700 + 500 + 150 + 1,200 = 4,350 (P02 unpaid; P05 part-paid; P07 paid 05-03).
            // Paid: P01 P03 P04 P05 P06 P07 = 6, of which e_payment P01 P05 P07 = 3 → 0.5.
            // Days to payment 0, 2, 24, 1, 0, 33 → mean 60 / 6 = 10, median of 0 0 1 2 24 33 = (1 + 2) / 2 = 1.5.
            // Late: P04 (03-29 > 03-19) and P07 (05-03 > 04-14).
            { month_date: '2024-03-01', count_assessments: 7, assessed_duty_twd: '3400.00', assessed_business_tax_twd: '1700.00',
                assessed_commodity_tax_twd: '150.00', assessed_total_twd: '5250.00', collected_total_twd: '4350.00', count_paid: 6,
                share_paid_electronically: 0.5, mean_days_to_payment: 10, median_days_to_payment: 1.5, count_paid_late: 2 },
            // April: P08 (paid same day by e_payment), P09 and P10 unpaid, not late.
            // Duty 100 + 60 + 40 = 200; business tax 50 + 30 + 20 = 100; total 300; collected 150.
            { month_date: '2024-04-01', count_assessments: 3, assessed_duty_twd: '200.00', assessed_business_tax_twd: '100.00',
                assessed_commodity_tax_twd: '0.00', assessed_total_twd: '300.00', collected_total_twd: '150.00', count_paid: 1,
                share_paid_electronically: 1, mean_days_to_payment: 0, median_days_to_payment: 0, count_paid_late: 0 },
        ]);
    });
});

describe('arrears ageing', () => {
    it('buckets what is outstanding past its due date on the as-of date into 0-30, 31-90 and over 90 days', async () => {
        const result = await rows(`
            select bucket_order::int as bucket_order, bucket, strftime(as_of_date, '%Y-%m-%d') as as_of_date,
                count_assessments::int as count_assessments, outstanding_twd::varchar as outstanding_twd
            from fct_arrears_ageing order by bucket_order`);
        expect(result).toEqual([
            // P07: 16 days past due; paid on 05-03, after the as-of date, so all 1,200 was still owed on 04-30.
            { bucket_order: 1, bucket: '0-30', as_of_date: '2024-04-30', count_assessments: 1, outstanding_twd: '1200.00' },
            // P02 45 days (500), P05 41 days (900 − 500 paid = 400), P11 90 days (15): 915.
            { bucket_order: 2, bucket: '31-90', as_of_date: '2024-04-30', count_assessments: 3, outstanding_twd: '915.00' },
            // P00 100 days (3,000). P09 (due 05-04) and P10 (due 04-30, the as-of date) are not yet in arrears.
            { bucket_order: 3, bucket: 'over_90', as_of_date: '2024-04-30', count_assessments: 1, outstanding_twd: '3000.00' },
        ]);
    });

    it('still has all three buckets, with zero counts and amounts, when nothing is in arrears', async () => {
        const empty = await openWarehouse(join(directory, 'empty.duckdb'));
        try {
            await runModels(empty.connection, VARIABLES);
            const result = await queryRows(empty.connection, `
                select bucket_order::int as bucket_order, bucket, count_assessments::int as count_assessments,
                    outstanding_twd::varchar as outstanding_twd
                from fct_arrears_ageing order by bucket_order`);
            // No payments at all: each bucket 0 assessments, 0.00 outstanding.
            expect(result).toEqual([
                { bucket_order: 1, bucket: '0-30', count_assessments: 0, outstanding_twd: '0.00' },
                { bucket_order: 2, bucket: '31-90', count_assessments: 0, outstanding_twd: '0.00' },
                { bucket_order: 3, bucket: 'over_90', count_assessments: 0, outstanding_twd: '0.00' },
            ]);
        } finally {
            empty.close();
        }
    });
});
