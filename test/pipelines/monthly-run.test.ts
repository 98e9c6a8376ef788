// customs month on a generated world loaded the way production data arrives: every month but the last, then the
// models and the audit targeting in full (customs run); then the last month's files given to customs month. It must
// load them as one batch, recompute that month alone, score with the stored model (the declarations lodged more than
// 48 hours before the month keeping their scores), and publish what customs publish and customs publish stats do
// after customs ingest and customs run --incremental.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/generate/generate-world.js';
import { ingest } from '../../src/ingest/load-batch.js';
import { runModelsAndAuditTargeting } from '../../pipelines/run-models.js';
import { publishTables } from '../../pipelines/publish.js';
import { publishStats } from '../../pipelines/publish-stats.js';
import { rowsRunDeletes, runMonth, type MonthlyRun } from '../../pipelines/monthly-run.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { openWarehouse } from '../../src/db/warehouse.js';
import { parseCsvLine, readCsvFile, readRows } from '../support/csv-files.js';
import { runCli } from '../support/run-cli.js';
import { query } from '../support/warehouse-queries.js';

const LAST_MONTH = '2024-12';

let directory: string;
let world: string;
let monthFiles: string[];
/** Run by customs month. */
let warehouse: string;
/** The same warehouse, run by the four steps in turn. */
let separate: string;
/** The same warehouse before any run of the models. */
let neverRun: string;

beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'customs-month-'));
    world = join(directory, 'world');
    await generateWorld({ outDir: world, declarations: 4000, seed: 11, from: '2024-01', months: 12 });
    const files = readdirSync(world, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith('.csv'))
        .map((entry) => join(entry.parentPath, entry.name));
    monthFiles = files.filter((file) => basename(file) === `${LAST_MONTH}.csv`);
    warehouse = join(directory, 'month.duckdb');
    await ingest({ warehouse, paths: files.filter((file) => !monthFiles.includes(file)) });
    neverRun = join(directory, 'never-run.duckdb');
    copyFileSync(warehouse, neverRun);
    await runModelsAndAuditTargeting({ warehouse });
    separate = join(directory, 'separate.duckdb');
    copyFileSync(warehouse, separate);
});

describe('customs month', () => {
    it('loads the month, recomputes it alone, keeps the scores of the declarations it left as they were, and publishes as the four steps in turn do', async () => {
        const out = join(directory, 'published');
        const result = runCli(['month', '--warehouse', warehouse, '--out', out, '--json', ...monthFiles]);
        expect(result.stderr).not.toMatch(/error/i);
        expect(result.status).toBe(0);
        const run = JSON.parse(result.stdout) as MonthlyRun;

        // every line of the month's files read, in one batch
        const lines = monthFiles.reduce((sum, file) => sum + readCsvFile(file).lines.length, 0);
        expect([run.batch.batchId, run.batch.totals.read]).toEqual([2, lines]);
        // the month alone recomputed, with every declaration of it
        // (all of it new, so only the item lines and events loaded after those of the months before are read)
        const linesBefore = (table: string) => readdirSync(join(world, table)).filter((name) => name !== `${LAST_MONTH}.csv`)
            .reduce((sum, name) => sum + readCsvFile(join(world, table, name)).lines.length, 0);
        expect(run.plan).toEqual({
            kind: 'incremental', months: [`${LAST_MONTH}-01`], quarters: [], fullReason: null,
            newRowsAfter: { declaration_items: linesBefore('declaration_items') - 1, clearance_events: linesBefore('clearance_events') - 1 },
        });
        // with the month's memory limit, not the usual 3 GB
        expect(run.memoryLimit).toBe(await memoryLimitReported('1GB'));
        // a new month: next to nothing deleted, committed without DuckDB's vacuum; audit_scores, replaced whole, keeps
        // no deleted rows all the same, and the rows the audit targeting took out of fct_audit_targets (scored anew, or
        // out of the window) may stay in its row groups, but no more than it took out
        expect(run.vacuumSkipped).toBe(true);
        const storedRows = async (path: string, table: string) => (await query<{ rows: string; stored: string }>(path, `
            select (select count(*) from ${table}) as rows,
                (select sum(count) from pragma_storage_info('${table}') where column_path = '[0]') as stored`)).map((row) => [Number(row.rows), Number(row.stored)] as const)[0]!;
        for (const table of ['audit_scores', 'fct_audit_targets']) {
            const [rowsBefore, storedBefore] = await storedRows(separate, table);
            expect(storedBefore).toBe(rowsBefore);
            const [rows, stored] = await storedRows(warehouse, table);
            expect(rows).toBe(run.audit.keptRows + run.audit.scoredRows);
            if (table === 'audit_scores') expect(stored).toBe(rows);
            expect(stored).toBeGreaterThanOrEqual(rows);
            expect(stored - rows).toBeLessThanOrEqual(rowsBefore - run.audit.keptRows);
        }
        const [month] = await query<{ n: string }>(warehouse,
            `select count_declarations as n from fct_release_times where breakdown = 'month' and month_date = '${LAST_MONTH}-01'`);
        expect(Number(month!.n)).toBe(readRows(world, 'declarations').filter((row) => row.lodgement_at!.startsWith(LAST_MONTH)).length);
        // scored with the stored model: October and November up to 48 hours before December keep their scores
        const [window] = await query<{ kept: string; scored: string }>(warehouse, `
            select count_if(lodgement_at < '2024-11-29') as kept, count_if(lodgement_at >= '2024-11-29') as scored
            from fct_declaration_risk_features where lodgement_at >= '2024-10-01'`);
        expect([run.audit.trained, run.audit.keptRows, run.audit.scoredRows]).toEqual([false, Number(window!.kept), Number(window!.scored)]);
        // the release of the month, and the publication tables
        expect([run.release.period, run.release.firstMonth]).toEqual([LAST_MONTH, '2024-01']);
        expect(existsSync(join(out, 'pub_average_release_times.csv'))).toBe(true);

        // the same as customs ingest, customs run --incremental, customs publish and customs publish stats
        const separateOut = join(directory, 'published-separately');
        await ingest({ warehouse: separate, paths: monthFiles });
        await runModelsAndAuditTargeting({ warehouse: separate, incremental: true });
        await publishTables({ warehouse: separate, outDir: separateOut });
        await publishStats({ warehouse: separate, period: LAST_MONTH, outDir: join(separateOut, 'stats') });
        const targets = 'select declaration_id, fraud_probability, score_rank, is_selected, reasons from fct_audit_targets order by declaration_id';
        expect(await query(warehouse, targets)).toEqual(await query(separate, targets));
        expect(readFileSync(join(out, 'pub_average_release_times.csv'), 'utf8')).toBe(readFileSync(join(separateOut, 'pub_average_release_times.csv'), 'utf8'));
        // the release's cells (sums of doubles to the cent: their last bits depend on the order DuckDB's threads add them in)
        const cells = `select month_date::varchar as month, flow_code, commodity_level, commodity_code, partner_code, round(value_twd, 2) as value_twd,
            round(fob_value_twd, 2) as fob_value_twd, round(net_mass_kg, 3) as net_mass_kg, round(quantity, 3) as quantity, obs_status, conf_status
            from stat_release_cells order by all`;
        const published = await query(warehouse, cells);
        expect(published.length).toBe(run.release.cells);
        expect(published).toEqual(await query(separate, cells));
        // the files in the publication order, though the audit targeting wrote its tables beside them
        const cellKeys = (dir: string) => readFileSync(join(dir, 'stats', 'trade-cells.csv'), 'utf8').trim().split('\n')
            .map((line) => parseCsvLine(line).slice(1, 7).join('|'));
        expect(cellKeys(out)).toHaveLength(run.release.cells + 1);
        expect(cellKeys(out)).toEqual(cellKeys(separateOut));
    });

    it('counts the rows an incremental run deletes to make them anew: those of the refreshed marts in its months and quarters', async () => {
        const opened = await openWarehouse(warehouse);
        try {
            const plan = (months: string[], quarters: string[] = []) => ({ kind: 'incremental' as const, months, quarters, fullReason: null, newRowsAfter: null });
            const rows = async (sql: string) => Number((await query<{ n: string }>(warehouse, sql))[0]!.n);
            // a month after the data: nothing to delete
            expect(await rowsRunDeletes(opened.connection, plan(['2025-01-01'], ['2025-01-01']))).toBe(0);
            // December, made by the month: its rows of every month-keyed mart
            const december = "month_date = '2024-12-01'";
            const marts = ['fct_release_times', 'pub_average_release_times', 'fct_lane_shares', 'fct_selectivity_effectiveness', 'fct_revenue_monthly',
                'fct_trade_code_months', 'fct_trade_monthly', 'fct_trade_cells', 'fct_trade_breakdowns', 'fct_declaration_risk_features',
                'fct_checked_declarations', 'fct_trader_first_imports', 'fct_trader_months'];
            let expected = 0;
            for (const mart of marts) expected += await rows(`select count(*) as n from ${mart} where ${december}`);
            expect(expected).toBeGreaterThan(1000);
            expect(await rowsRunDeletes(opened.connection, plan(['2024-12-01']))).toBe(expected);
            // the references of the fourth quarter of 2024
            const quarter = "reference_quarter_date = '2024-10-01'";
            const references = await rows(`select count(*) as n from fct_unit_value_references where ${quarter}`) + await rows(`select count(*) as n from fct_trader_benford where ${quarter}`);
            expect(references).toBeGreaterThan(0);
            expect(await rowsRunDeletes(opened.connection, plan(['2025-01-01'], ['2024-10-01']))).toBe(references);
        } finally {
            opened.close();
        }
    });

    it('runs the models in full, with the usual memory limit, when the warehouse has no run to start from', async () => {
        const run = await runMonth({ warehouse: neverRun, paths: monthFiles, outDir: join(directory, 'published-never-run') });
        expect(run.plan.kind).toBe('full');
        expect(run.memoryLimit).toBe(await memoryLimitReported('3GB'));
        // and then scores with a model it trains
        expect(run.audit.trained).toBe(true);
    });
});

/** How DuckDB reports a memory limit it was given. */
async function memoryLimitReported(limit: string): Promise<string> {
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: limit });
    const connection = await instance.connect();
    try {
        return String((await connection.runAndReadAll("select current_setting('memory_limit')")).getRows()[0]![0]);
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}
