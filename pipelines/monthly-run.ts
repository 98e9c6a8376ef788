// `customs month`: the job to run when a month's files arrive, in one process: load them as a batch, run the models
// incrementally (only the months the batch affects), score with the stored audit model, publish the tables and the
// trade statistics of the latest complete month. The same as customs ingest, customs run --incremental, customs
// publish and customs publish stats in turn, without starting the command four times (about a second and a half
// each), on one DuckDB instance of the warehouse, with a smaller buffer pool than the other commands unless one is
// configured (MONTH_MEMORY_LIMIT: a month reads what it reads once).
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunPlan } from '../src/db/incremental-plan.js';
import { REFRESHED_MARTS, resetRunPeriods, setRunPeriods, type ModelRun } from '../src/db/run-models.js';
import { DEFAULT_MEMORY_LIMIT, MONTH_MEMORY_LIMIT, configuredMemoryLimit, openWarehouse, queryRows, raiseMemoryLimit } from '../src/db/warehouse.js';
import { ingestInto, type BatchSummary } from '../src/ingest/load-batch.js';
import type { AuditTargetingSummary } from './audit-targeting.js';
import { publishTablesFrom, type PublishedFile } from './publish.js';
import { latestCompleteMonthOf, publishStatsFrom, type StatsRelease } from './publish-stats.js';
import { runAuditTargetingAfter, runModelsWithPlanOn } from './run-models.js';

export interface MonthlyRunOptions {
    warehouse: string;
    /** The month's files, or folders of them. */
    paths: string[];
    /** Where the publication tables go; the release goes into its stats/ folder. */
    outDir: string;
    memoryLimit?: string;
    log?: (line: string) => void;
}

export interface MonthlyRun {
    batch: BatchSummary;
    plan: RunPlan;
    models: ModelRun[];
    audit: AuditTargetingSummary;
    published: PublishedFile[];
    release: StatsRelease;
    /**
     * DuckDB's memory limit for the models and what follows them, as DuckDB reports it: the configured one, else
     * MONTH_MEMORY_LIMIT for an incremental run and DEFAULT_MEMORY_LIMIT when the models had to run in full.
     */
    memoryLimit: string;
    /** Whether the models' run deleted fewer rows than a row group, and so committed without DuckDB's vacuum (see rowsRunDeletes). */
    vacuumSkipped: boolean;
    /** Seconds of each step: loading, the models, the audit targeting (scoring and scored marts), publication. */
    seconds: { ingest: number; models: number; audit: number; publication: number };
}

export async function runMonth(options: MonthlyRunOptions): Promise<MonthlyRun> {
    const configured = configuredMemoryLimit(options.memoryLimit);
    const log = options.log ?? (() => {});
    const since = (started: number) => (Date.now() - started) / 1000;
    // One instance for the whole job: the warehouse is opened once and written to disk once, when it closes.
    const warehouse = await openWarehouse(options.warehouse, { memoryLimit: configured ?? MONTH_MEMORY_LIMIT });
    try {
        let started = Date.now();
        log(`1/4 Loading ${options.paths.join(', ')} …`);
        const batch = await ingestInto(warehouse.connection, { warehouse: options.warehouse, paths: options.paths, onProgress: (message) => log(`    ${message.trim()}`) });
        const ingestSeconds = since(started);
        started = Date.now();
        // The release bulletin's renderer (vega, vega-lite: about 0.9 s to load) is loaded while the models run, when
        // JavaScript only waits on DuckDB, rather than when the publication needs it, side by side with the audit
        // targeting, whose statements wait on JavaScript's one thread. (A failure shows where it is imported again.)
        void import('../src/publish/bulletin/render-bulletin.js').catch(() => {});
        log('2/4 Running the models for the months the batch affects …');
        let vacuumSkipped = false;
        const { plan, runs } = await runModelsWithPlanOn(warehouse.connection, {
            incremental: true,
            onPlan: async (planned) => {
                // the month's small buffer pool is for a month's work: models that must run in full get the usual one
                if (planned.kind === 'full' && configured === undefined) await raiseMemoryLimit(warehouse.connection, DEFAULT_MEMORY_LIMIT);
                // A run that deletes next to nothing commits without DuckDB's vacuum (see rowsRunDeletes), and so does
                // the rest of the job: a later checkpoint would do the merges the models' commit left.
                vacuumSkipped = await rowsRunDeletes(warehouse.connection, planned) < ROW_GROUP_ROWS;
                if (vacuumSkipped) await warehouse.connection.run('set max_vacuum_tasks = 0');
            },
        });
        const [setting] = await queryRows<{ limit: string }>(warehouse.connection, "select current_setting('memory_limit') as limit");
        const modelSeconds = since(started);
        log(plan.kind === 'incremental'
            ? `    recomputed ${plan.months.length === 0 ? 'no month' : plan.months.map((month) => month.slice(0, 7)).join(', ')} in ${modelSeconds.toFixed(1)} s (DuckDB memory limit ${setting!.limit}${vacuumSkipped ? '; committed without the vacuum' : ''})`
            : `    a full run (${plan.fullReason}) in ${modelSeconds.toFixed(1)} s (DuckDB memory limit ${setting!.limit})`);
        // The audit targeting and the publication read what the models made and write tables of their own, so they
        // run side by side, each on a connection of its own: while one waits on JavaScript (scoring threads,
        // cell suppression, files), the other has the engine.
        log('3/4 Audit targeting, and 4/4 publishing the tables and the trade statistics, side by side …');
        const publication = await warehouse.instance.connect();
        const [audit, published] = await settleBoth(
            () => timed(() => runAuditTargetingAfter(warehouse.connection, plan)),
            () => timed(async () => {
                try {
                    const period = await latestCompleteMonthOf(publication, options.warehouse);
                    const tables = await publishTablesFrom(publication, options.outDir);
                    return { tables, release: await publishStatsFrom(publication, { period, outDir: join(options.outDir, 'stats') }) };
                } finally {
                    publication.closeSync();
                }
            }),
        );
        log(`    audit targeting: ${audit.result.scoredRows.toLocaleString('en-US')} declarations scored, ${audit.result.keptRows.toLocaleString('en-US')} kept their scores, ${audit.result.selectedRows.toLocaleString('en-US')} on the audit list (model ${audit.result.modelId}${audit.result.trained ? ', trained anew' : ''}) in ${audit.seconds.toFixed(1)} s`);
        log(`    publication: ${published.result.tables.length} tables and the trade statistics of ${published.result.release.period} into ${options.outDir} in ${published.seconds.toFixed(1)} s`);
        return {
            batch, plan, models: [...runs, ...audit.result.scoredModels], audit: audit.result, published: published.result.tables, release: published.result.release,
            memoryLimit: setting!.limit,
            vacuumSkipped,
            seconds: { ingest: ingestSeconds, models: modelSeconds, audit: audit.seconds, publication: published.seconds },
        };
    } finally {
        warehouse.close();
    }
}

/** Rows in a row group of DuckDB's storage (its default ROW_GROUP_SIZE). */
const ROW_GROUP_ROWS = 122_880;

/**
 * The rows an incremental run of the models deletes to make them anew: those of the refreshed marts in the months
 * or quarters it recomputes. A new month's run deletes next to none (at 10 million lines, one row of
 * fct_selectivity_effectiveness: December's checks of November's declarations). When they are fewer than a row
 * group, the month commits without DuckDB's vacuum (max_vacuum_tasks 0): the vacuum merges the partly filled row
 * group each table's new rows end in with the one before (rewriting both: 2.4 s of the models' commit at 10
 * million lines, 0.5 s without), and reclaims deleted rows only when neighbouring row groups lose a row group's
 * worth together (row groups whose rows are all deleted go without it: audit_scores, replaced whole, keeps none;
 * fct_audit_targets, whose rows all leave the scoring window within three months, no more than a window's worth).
 * Such a month leaves one more partly filled row group per table, and its few deleted rows marked deleted; a run
 * that deletes more commits with the vacuum, as every other command does, and customs run rebuilds the marts whole.
 */
export async function rowsRunDeletes(connection: DuckDBConnection, plan: RunPlan): Promise<number> {
    if (plan.kind !== 'incremental') return Number.POSITIVE_INFINITY;
    await setRunPeriods(connection, plan);
    try {
        let rows = 0;
        for (const [mart, refreshed] of Object.entries(REFRESHED_MARTS)) {
            rows += (await queryRows<{ n: number }>(connection, `select count(*)::integer as n from ${mart} where ${refreshed}`))[0]!.n;
        }
        return rows;
    } finally {
        await resetRunPeriods(connection);
    }
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
    const started = Date.now();
    const result = await work();
    return { result, seconds: (Date.now() - started) / 1000 };
}

/** Both results, once both have finished: neither is left running on the warehouse when the other fails. */
async function settleBoth<A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
    const [first, second] = await Promise.allSettled([a(), b()]);
    if (first.status === 'rejected') throw first.reason;
    if (second.status === 'rejected') throw second.reason;
    return [first.value, second.value];
}
