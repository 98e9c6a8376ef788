// customs run --incremental on a generated world loaded the way production data arrives: every month but the last,
// a full run, then the last month in a batch of its own that also brings late rows for older months — the release
// (and exit) events of one declaration of 2024-03 and the payment of one declaration of 2024-05, held back from the
// first batch. The incremental run must give the same marts as a full rebuild of the same warehouse, recompute the
// months the late rows revise, and leave every other month as it was.
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/generate/generate-world.js';
import { ingest } from '../../src/ingest/load-batch.js';
import { openWarehouse, queryRows, type Warehouse } from '../../src/db/warehouse.js';
import { REFRESHED_MARTS } from '../../src/db/run-models.js';
import type { RunPlan } from '../../src/db/incremental-plan.js';
import { runWarehouseModelsWithPlan } from '../../pipelines/run-models.js';
import { countUnmatchedRows } from '../support/compare-tables.js';
import { parseCsvLine, readCsvFile, readRows } from '../support/csv-files.js';

const LAST_MONTH = '2025-12';

let directory: string;
let world: string;
let incremental: string;
let rebuilt: string;
let lateDeclarationId: string;
let latePayment: Record<string, string>;
let before: { released: number; notReleased: number; assessments: number; duty: number };
let plan: RunPlan;
/** The incremental warehouse after its first full run, before the last month came in. */
let beforeLastMonth: string;
/** The two parts of the split shipment planted across the turn of 2025-11 and 2025-12. */
let splitParts: [string, string];

/** Moves the lines of a CSV file that `take` picks into a file of the same table under `lateDir`. */
function holdBack(path: string, lateDir: string, table: string, take: (line: string) => boolean): string[] {
    const file = readCsvFile(path);
    const held = file.lines.filter(take);
    writeFileSync(path, [file.header, ...file.lines.filter((line) => !take(line))].join('\n') + '\n');
    mkdirSync(join(lateDir, table), { recursive: true });
    writeFileSync(join(lateDir, table, `late-${basename(path)}`), [file.header, ...held].join('\n') + '\n');
    return held;
}

/**
 * Plants a split shipment across the turn of the month: copies of one low-value import declaration of 2025-11 (same
 * trader, same seller), with their item lines, lodged 2025-11-30 23:00 and 2025-12-01 01:00, whose ids it returns,
 * and two more before them: 2025-11-29 01:00, 47 hours before the turn (a part the run revises, 48 hours from the
 * part of 2025-12), and 2025-11-27 06:00, 90 hours before it (a part the run must read to count that one's).
 */
function plantSplitAcrossMonths(worldDir: string): [string, string] {
    const declarationsFile = join(worldDir, 'declarations', '2025-11.csv');
    const columns = readCsvFile(declarationsFile).header.split(',');
    const field = (line: string, column: string) => parseCsvLine(line)[columns.indexOf(column)]!;
    const original = readCsvFile(declarationsFile).lines.find((line) =>
        field(line, 'declaration_type') === 'import' && Number(field(line, 'cif_value_twd')) <= 2000 && field(line, 'foreign_party_id') !== '')!;
    const id = field(original, 'declaration_id');
    const items = readCsvFile(join(worldDir, 'declaration_items', '2025-11.csv')).lines.filter((line) => line.startsWith(`${id},`));
    const copies: [string, string][] = [[`${id}X1`, '2025-11-30T23:00:00'], [`${id}X2`, `${LAST_MONTH}-01T01:00:00`],
        [`${id}X3`, '2025-11-29T01:00:00'], [`${id}X4`, '2025-11-27T06:00:00']];
    for (const [copyId, lodgedAt] of copies) {
        const month = lodgedAt.slice(0, 7);
        appendFileSync(join(worldDir, 'declarations', `${month}.csv`),
            `${original.replace(`${id},`, `${copyId},`).replace(`,${field(original, 'lodgement_at')},`, `,${lodgedAt},`)}\n`);
        appendFileSync(join(worldDir, 'declaration_items', `${month}.csv`),
            items.map((line) => `${line.replace(`${id},`, `${copyId},`)}\n`).join(''));
    }
    return [copies[0]![0], copies[1]![0]];
}

/** The rows of one CSV file as records of column → text. */
function rowsOfFile(path: string): Record<string, string>[] {
    const file = readCsvFile(path);
    const columns = file.header.split(',');
    return file.lines.map((line) => Object.fromEntries(parseCsvLine(line).map((field, index) => [columns[index]!, field])));
}

function filesOf(dir: string): string[] {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith('.csv'))
        .map((entry) => join(entry.parentPath, entry.name));
}

async function withWarehouse<T>(path: string, read: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    const warehouse = await openWarehouse(path);
    try {
        return await read(warehouse);
    } finally {
        warehouse.close();
    }
}

async function marchAndMay(connection: DuckDBConnection) {
    const [row] = await queryRows<{ released: string; not_released: string; assessments: string; duty: string }>(connection, `
        select
            (select count_released from fct_release_times where breakdown = 'month' and month_date = '2024-03-01') as released,
            (select count_not_released from fct_release_times where breakdown = 'month' and month_date = '2024-03-01') as not_released,
            (select count_assessments from fct_revenue_monthly where month_date = '2024-05-01') as assessments,
            (select assessed_duty_twd from fct_revenue_monthly where month_date = '2024-05-01') as duty`);
    return { released: Number(row!.released), notReleased: Number(row!.not_released), assessments: Number(row!.assessments), duty: Number(row!.duty) };
}

beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'customs-incremental-'));
    world = join(directory, 'world');
    await generateWorld({ outDir: world, declarations: 3000, seed: 11, from: '2024-01', months: 24 });
    splitParts = plantSplitAcrossMonths(world);
    const late = join(directory, 'late');
    // a declaration of 2024-03 whose release and exit arrive late, and a payment assessed in 2024-05 that does
    const march = readRows(world, 'declarations').find((row) => row.lodgement_at!.startsWith('2024-03'))!;
    lateDeclarationId = march.declaration_id!;
    const heldEvents = holdBack(join(world, 'clearance_events', '2024-03.csv'), late, 'clearance_events',
        (line) => line.startsWith(`${lateDeclarationId},release,`) || line.startsWith(`${lateDeclarationId},exit,`));
    expect(heldEvents.length).toBeGreaterThanOrEqual(1);
    // payments/2024-05.csv holds the payments of declarations lodged in 2024-05
    latePayment = rowsOfFile(join(world, 'payments', '2024-05.csv')).find((row) => row.assessed_date!.startsWith('2024-05') && Number(row.duty_twd) > 0)!;
    holdBack(join(world, 'payments', '2024-05.csv'), late, 'payments', (line) => line.startsWith(`${latePayment.payment_id},`));

    incremental = join(directory, 'incremental.duckdb');
    const all = filesOf(world);
    await ingest({ warehouse: incremental, paths: all.filter((file) => basename(file) !== `${LAST_MONTH}.csv`) });
    await runWarehouseModelsWithPlan({ warehouse: incremental });
    before = await withWarehouse(incremental, (warehouse) => marchAndMay(warehouse.connection));
    beforeLastMonth = join(directory, 'before-last-month.duckdb');
    copyFileSync(incremental, beforeLastMonth);
    await ingest({ warehouse: incremental, paths: [...all.filter((file) => basename(file) === `${LAST_MONTH}.csv`), ...filesOf(late)] });

    // the same warehouse, rebuilt whole
    rebuilt = join(directory, 'rebuilt.duckdb');
    copyFileSync(incremental, rebuilt);
    await runWarehouseModelsWithPlan({ warehouse: rebuilt });
    plan = (await runWarehouseModelsWithPlan({ warehouse: incremental, incremental: true })).plan;
}, 300_000);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('customs run --incremental after a monthly batch with late rows', () => {
    it('recomputes the months of the new batch, the first month the late rows revise and every month after it', () => {
        // from 2024-03 (the late release) to 2025-12: 22 months
        const months = Array.from({ length: 22 }, (_, index) => new Date(Date.UTC(2024, 2 + index, 1)).toISOString().slice(0, 10));
        expect(months.at(-1)).toBe(`${LAST_MONTH}-01`);
        // every quarter's references are made anew: those of every quarter after 2024-Q1 read 2024-03, and 2024-Q1, the
        // world's first quarter, has none to keep (no month before it)
        const quarters = ['2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01', '2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01'];
        // the months hold declarations loaded before the run, so every row of them is read (not only the new ones)
        expect(plan).toEqual({ kind: 'incremental', months, quarters, fullReason: null, newRowsAfter: null });
    });

    it('gives every mart exactly as a full rebuild of the same warehouse does', async () => {
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        try {
            await connection.run(`attach '${incremental}' as incremental (read_only)`);
            await connection.run(`attach '${rebuilt}' as rebuilt (read_only)`);
            const marts = (await queryRows<{ table_name: string }>(connection, `
                select table_name from information_schema.tables
                where table_catalog = 'rebuilt' and table_schema = 'main' and (table_name like 'fct_%' or table_name like 'pub_%')
                order by table_name`)).map((row) => row.table_name);
            expect(marts).toEqual(expect.arrayContaining([...Object.keys(REFRESHED_MARTS), 'fct_declaration_risk_features', 'fct_arrears_ageing', 'fct_trade_price_indices']));
            const unmatched: Record<string, number> = {};
            for (const mart of marts) unmatched[mart] = await countUnmatchedRows(connection, mart, 'incremental', 'rebuilt');
            expect(unmatched).toEqual(Object.fromEntries(marts.map((mart) => [mart, 0])));
            // the new month is there, and with every declaration of it
            const [month] = await queryRows<{ n: string }>(connection,
                `select count_declarations as n from incremental.fct_release_times where breakdown = 'month' and month_date = '${LAST_MONTH}-01'`);
            expect(Number(month!.n)).toBe(readRows(world, 'declarations').filter((row) => row.lodgement_at!.startsWith(LAST_MONTH)).length);
        } finally {
            connection.closeSync();
        }
    });

    it('counts the late release in 2024-03 and the late payment in 2024-05', async () => {
        const marchDeclarations = readRows(world, 'declarations').filter((row) => row.lodgement_at!.startsWith('2024-03')).length;
        // the world's files no longer hold the late payment: it came in the second batch
        const mayPayments = readRows(world, 'payments').filter((row) => row.assessed_date!.startsWith('2024-05'));
        const cents = (text: string) => Math.round(Number(text) * 100);
        const mayDutyCents = mayPayments.reduce((sum, row) => sum + cents(row.duty_twd!), 0);
        // before the late rows: one declaration of 2024-03 not released, one payment of 2024-05 missing
        expect(before).toEqual({ released: marchDeclarations - 1, notReleased: 1, assessments: mayPayments.length, duty: mayDutyCents / 100 });
        const after = await withWarehouse(incremental, (warehouse) => marchAndMay(warehouse.connection));
        expect(after).toEqual({
            released: marchDeclarations, notReleased: 0,
            assessments: mayPayments.length + 1, duty: (mayDutyCents + cents(latePayment.duty_twd!)) / 100,
        });
    });
});

describe('customs run --incremental after a batch of the newest month alone', () => {
    it('recomputes that month alone and revises the split shipments of the 48 hours before it, as a full rebuild would', async () => {
        const lastMonthFiles = filesOf(world).filter((file) => basename(file) === `${LAST_MONTH}.csv`);
        await ingest({ warehouse: beforeLastMonth, paths: lastMonthFiles });
        const full = join(directory, 'last-month-full.duckdb');
        copyFileSync(beforeLastMonth, full);
        await runWarehouseModelsWithPlan({ warehouse: full });
        const run = await runWarehouseModelsWithPlan({ warehouse: beforeLastMonth, incremental: true });
        // the references of 2025-Q4, made from the months before 2025-10, are kept
        // every declaration of the month is new, so the run reads only the item lines and events loaded after the
        // last run's: rowids 0 … n − 1 held the lines of the files of the months before
        const linesBefore = (table: string) => filesOf(world)
            .filter((file) => file.includes(`/${table}/`) && basename(file) !== `${LAST_MONTH}.csv`)
            .reduce((sum, file) => sum + readCsvFile(file).lines.length, 0);
        expect(run.plan).toEqual({
            kind: 'incremental', months: [`${LAST_MONTH}-01`], quarters: [], fullReason: null,
            newRowsAfter: { declaration_items: linesBefore('declaration_items') - 1, clearance_events: linesBefore('clearance_events') - 1 },
        });
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        try {
            await connection.run(`attach '${beforeLastMonth}' as incremental (read_only)`);
            await connection.run(`attach '${full}' as rebuilt (read_only)`);
            // the split shipment planted across the turn of the month is counted whole on both sides of it: the part of
            // 2025-11, a month the run leaves, is revised
            const parts = await queryRows<{ declaration_id: string; n: string }>(connection, `
                select declaration_id, count_parts_48h as n from incremental.fct_declaration_risk_features
                where declaration_id in ('${splitParts[0]}', '${splitParts[1]}') order by declaration_id`);
            expect(parts.map((row) => [row.declaration_id, Number(row.n) >= 2])).toEqual([[splitParts[0], true], [splitParts[1], true]]);
            // preference shifts of the month, found from the traders' first imports of the months before it, kept as a mart
            const [shifts] = await queryRows<{ n: string }>(connection, `
                select count_if(has_preference_shift) as n from incremental.fct_declaration_risk_features where month_date = '${LAST_MONTH}-01'`);
            expect(Number(shifts!.n)).toBeGreaterThan(0);
            for (const mart of ['fct_declaration_risk_features', 'fct_trader_first_imports', 'fct_trader_months', 'fct_trade_monthly', 'fct_release_times', 'fct_unit_value_references', 'fct_trader_benford']) {
                expect(await countUnmatchedRows(connection, mart, 'incremental', 'rebuilt'), mart).toBe(0);
            }
        } finally {
            connection.closeSync();
        }
    });
});

describe('months an incremental run does not recompute', () => {
    it('are left as they were, and the months it recomputes are made again', async () => {
        // a copy whose marts are marked in a month the run leaves (2024-01) and in months it recomputes
        const marked = join(directory, 'marked.duckdb');
        copyFileSync(rebuilt, marked);
        await withWarehouse(marked, async ({ connection }) => {
            await connection.run("update fct_lane_shares set count_declarations = -1 where month_date in ('2024-01-01', '2024-06-01')");
            await connection.run("update fct_trade_monthly set count_lines = -1 where month_date in ('2024-01-01', '2025-12-01')");
        });
        const run = await runWarehouseModelsWithPlan({ warehouse: marked, incremental: true });
        // nothing was loaded since the rebuild: no month is affected
        expect(run.plan).toEqual({ kind: 'incremental', months: [], quarters: [], fullReason: null, newRowsAfter: null });
        const marks = await withWarehouse(marked, ({ connection }) => queryRows<{ mart: string; month_date: string; n: string }>(connection, `
            select 'fct_lane_shares' as mart, month_date::varchar as month_date, count(*) as n from fct_lane_shares where count_declarations = -1 group by all
            union all
            select 'fct_trade_monthly', month_date::varchar, count(*) from fct_trade_monthly where count_lines = -1 group by all
            order by all`));
        expect(marks.map((row) => [row.mart, row.month_date])).toEqual([
            ['fct_lane_shares', '2024-01-01'], ['fct_lane_shares', '2024-06-01'],
            ['fct_trade_monthly', '2024-01-01'], ['fct_trade_monthly', '2025-12-01'],
        ]);

        // one late payment assessed in 2024-06: 2024-06 and every month after it are recomputed, 2024-01 is not
        const june = rowsOfFile(join(world, 'payments', '2024-06.csv')).find((row) => row.assessed_date!.startsWith('2024-06'))!;
        const lateDir = join(directory, 'late-june', 'payments');
        mkdirSync(lateDir, { recursive: true });
        const header = readCsvFile(join(world, 'payments', '2024-06.csv')).header;
        const columns = header.split(',');
        const row: Record<string, string> = { ...june, payment_id: `${june.payment_id}L` };
        writeFileSync(join(lateDir, 'late.csv'), `${header}\n${columns.map((column) => row[column]).join(',')}\n`);
        await ingest({ warehouse: marked, paths: [lateDir] });
        const again = await runWarehouseModelsWithPlan({ warehouse: marked, incremental: true });
        expect(again.plan.months.map((month) => month.slice(0, 7))).toEqual([
            '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12',
            '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10',
            '2025-11', '2025-12',
        ]);
        expect(again.plan.quarters.map((quarter) => quarter.slice(0, 7))).toEqual([
            '2024-07', '2024-10', '2025-01', '2025-04', '2025-07', '2025-10',
        ]);
        const left = await withWarehouse(marked, ({ connection }) => queryRows<{ mart: string; month_date: string }>(connection, `
            select distinct 'fct_lane_shares' as mart, month_date::varchar as month_date from fct_lane_shares where count_declarations = -1
            union all
            select distinct 'fct_trade_monthly', month_date::varchar from fct_trade_monthly where count_lines = -1
            order by all`));
        expect(left).toEqual([
            { mart: 'fct_lane_shares', month_date: '2024-01-01' },
            { mart: 'fct_trade_monthly', month_date: '2024-01-01' },
        ]);
    });
});

describe('an incremental run that cannot start from the last run', () => {
    it('runs in full and says why: a warehouse never run, then changed settings', async () => {
        const fresh = join(directory, 'fresh.duckdb');
        await ingest({ warehouse: fresh, paths: [join(world, 'reference')] });
        const first = await runWarehouseModelsWithPlan({ warehouse: fresh, incremental: true });
        expect(first.plan).toEqual({ kind: 'full', months: [], quarters: [], fullReason: 'no earlier run of the models is recorded in this warehouse', newRowsAfter: null });
        const changed = await runWarehouseModelsWithPlan({ warehouse: fresh, incremental: true, extremeMinutes: 600 });
        expect(changed.plan).toEqual({
            kind: 'full', months: [], quarters: [], fullReason: 'the SQL models, the run settings or the confidential items changed since the last run', newRowsAfter: null,
        });
        const same = await runWarehouseModelsWithPlan({ warehouse: fresh, incremental: true, extremeMinutes: 600 });
        expect(same.plan.kind).toBe('incremental');
        const runs = await withWarehouse(fresh, ({ connection }) => queryRows<{ run_kind: string; full_reason: string | null }>(connection,
            'select run_kind, full_reason from model_runs order by run_id'));
        expect(runs.map((run) => run.run_kind)).toEqual(['full', 'full', 'incremental']);
    });
});
