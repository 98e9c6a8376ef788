// `npm run bench -- [--lines N | --quick] [--json]`: generates a synthetic world of about N item lines, then times
// each stage of the nightly run in a child process of its own (seconds, rows per second, peak resident memory),
// next to the engine's limit for the same work measured in the same run (pipelines/bench-limits.ts).
// The world is loaded in two batches: every month but the last, then the last month alone, the incremental
// monthly load. Between them the models run in full, as the night before would have; after the month's batch they
// run incrementally (the month's models), then the mart groups are timed in full on the whole warehouse (the
// nightly run's models), then training, scoring and publication.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PROJECT_ROOT, openWarehouse, queryRows } from '../src/db/warehouse.js';
import { bareLoadSeconds, bareModelsSeconds, flushWrites, worldFiles } from './bench-limits.js';
import { addMonths, type AuditTargetingSummary, type ScoringSummary } from './audit-targeting.js';
import { benchApi } from './bench-api.js';
import type { ModelRun } from '../src/db/run-models.js';
import type { BatchSummary } from '../src/ingest/load-batch.js';
import type { MonthlyRun } from './monthly-run.js';

/** The generator writes about three item lines per declaration. */
const ITEM_LINES_PER_DECLARATION = 3;

export interface BenchStage {
    name: string;
    seconds: number;
    rows: number;
    rowsPerSecond: number;
    peakRssMb: number;
    limitSeconds: number | null;
    ratio: number | null;
    /** API stages: the 99th percentile latency of the route under load. */
    p99Ms?: number;
}

const NEW_MONTH = 'one new month (customs month: its batch → publication)';
const NEW_MONTH_MODELS = 'models, incremental (the new month)';
const NEW_MONTH_SCORING = 'scoring (the new month, stored model)';
const NEW_MONTH_SCORED_MARTS = 'scored marts (the new month)';
const NEW_MONTH_PUBLICATION = 'publication (the new month)';

export async function runBench(options: { lines: number; log: (line: string) => void }): Promise<BenchStage[]> {
    const work = mkdtempSync(join(tmpdir(), 'customs-bench-'));
    const world = join(work, 'world');
    const warehouse = join(work, 'warehouse.duckdb');
    const declarations = Math.max(1, Math.round(options.lines / ITEM_LINES_PER_DECLARATION));
    const stages: BenchStage[] = [];
    const log = (line: string) => options.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);
    try {
        log(`Generating about ${options.lines.toLocaleString('en-US')} item lines (${declarations.toLocaleString('en-US')} declarations) in ${work} …`);
        const generate = runStage(['generate', '--out', world, '--declarations', String(declarations), '--seed', '1']);
        const manifest = JSON.parse(readFileSync(join(world, 'manifest.json'), 'utf8')) as { rows: Record<string, number>; window: { last_month: string } };
        stages.push(stage('generate', generate, Object.values(manifest.rows).reduce((sum, n) => sum + n, 0), null));

        // Monthly files are named YYYY-MM.csv; reference files, loaded with the first batch, are named otherwise.
        const lastMonthFile = `${manifest.window.last_month}.csv`;
        const files = worldFiles(world);
        const history = files.filter((file) => basename(file) !== lastMonthFile);
        const lastMonth = files.filter((file) => basename(file) === lastMonthFile);

        log(`Loading every month but ${manifest.window.last_month} with customs ingest …`);
        const ingest = runStage(['ingest', '--warehouse', warehouse, '--json', ...history]);
        log('Engine limit: a bare DuckDB read_csv of the same files …');
        const loadLimit = await bareLoadSeconds(history, join(work, 'bare.duckdb'));
        stages.push(stage('ingest', ingest, (JSON.parse(ingest.stdout) as BatchSummary).totals.read, loadLimit));

        // the run the monthly batch starts from: every model, in full, over the months before it
        log('Running every model in full over the months before the last (the run an incremental one starts from) …');
        const before = await tableCounts(warehouse);
        const fullModels = runStage(['models', warehouse], BENCH_STAGE);
        stages.push(stage('models, full run (months before the last)', fullModels, before.declarations, null));
        log('Training the audit model and scoring over the months before the last (the model the monthly run scores with) …');
        const auditBefore = runStage(['audit', warehouse], BENCH_STAGE);
        stages.push(stage('audit targeting, full run (months before the last)', auditBefore, (JSON.parse(auditBefore.stdout) as AuditTargetingSummary).scoredRows, null));
        const monthBefore = addMonths(`${manifest.window.last_month}-01`, -1).slice(0, 7);
        log(`Publishing the trade statistics of ${monthBefore} (the release the monthly one revises) …`);
        const releaseBefore = runStage(['publish', 'stats', '--warehouse', warehouse, '--period', monthBefore, '--out', join(work, 'published-stats-before')]);
        stages.push(stage(RELEASE_BEFORE, releaseBefore, 0, null));

        // The month as an operator runs it: customs month loads its files, runs the models incrementally, scores with
        // the stored model and publishes, in one process; its parts are timed inside it.
        log(`Running ${manifest.window.last_month} alone with customs month (its batch, the models incrementally, scoring with the stored model, publication) …`);
        const monthRun = runStage(['month', '--warehouse', warehouse, '--out', join(work, 'published-month'), '--json', ...lastMonth]);
        const month = JSON.parse(monthRun.stdout) as MonthlyRun;
        if (month.plan.kind !== 'incremental') throw new Error(`the month's models ran in full: ${month.plan.fullReason}`);
        if (month.audit.trained) throw new Error('the monthly run trained a model: the stored one was not found');
        log(`… recomputed ${month.plan.months.map((recomputed) => recomputed.slice(0, 7)).join(', ')}; ${month.audit.keptRows.toLocaleString('en-US')} scores kept, ${month.audit.scoredRows.toLocaleString('en-US')} scored`);
        log('Engine limit: a bare DuckDB read_csv of the same files …');
        const monthLimit = await bareLoadSeconds(lastMonth, join(work, 'bare-month.duckdb'));
        const counts = await tableCounts(warehouse);
        const { audit: monthAudit } = month;
        stages.push(part('ingest one month', month.seconds.ingest, month.batch.totals.read, monthRun.peakRssMb, monthLimit));
        stages.push(part(NEW_MONTH_MODELS, month.seconds.models, counts.declarations - before.declarations, monthRun.peakRssMb));
        stages.push(part(NEW_MONTH_SCORING, monthAudit.seconds.read + monthAudit.seconds.score + monthAudit.seconds.write, monthAudit.scoredRows, monthRun.peakRssMb));
        stages.push(part(NEW_MONTH_SCORED_MARTS, monthAudit.seconds.marts, monthAudit.scoredRows + monthAudit.keptRows, monthRun.peakRssMb));
        stages.push(part(NEW_MONTH_PUBLICATION, month.seconds.publication, 0, monthRun.peakRssMb));

        const modelGroups: { name: string; folders: string[]; rows: number }[] = [
            { name: 'transparency marts', folders: ['marts'], rows: counts.declarations },
            { name: 'statistics marts', folders: ['marts/trade'], rows: counts.declaration_items },
            { name: 'risk features', folders: ['marts/audit'], rows: counts.declaration_items },
        ];
        for (const group of modelGroups) {
            log(`Building the ${group.name} (sql/${group.folders.join(', sql/')} and what they read) …`);
            const run = runStage(['models', warehouse, ...group.folders], BENCH_STAGE);
            log('Engine limit: the same SQL models made by DuckDB alone …');
            stages.push(stage(group.name, run, group.rows, await bareModelsSeconds(warehouse, group.folders)));
        }

        log('Training the audit model and scoring the last months …');
        const audit = runStage(['audit', warehouse], BENCH_STAGE);
        const summary = JSON.parse(audit.stdout) as AuditTargetingSummary;
        stages.push(part('model training', summary.seconds.train, summary.trainingRows, audit.peakRssMb));
        stages.push(part('scoring', summary.seconds.read + summary.seconds.score + summary.seconds.write, summary.scoredRows, audit.peakRssMb));
        stages.push(part('scored marts', summary.seconds.marts, summary.scoredRows, audit.peakRssMb));

        log(`Publishing: customs publish, and customs publish stats for ${manifest.window.last_month} …`);
        const publish = runStage(['publish', '--warehouse', warehouse, '--out', join(work, 'published')]);
        const publishStats = runStage(['publish', 'stats', '--warehouse', warehouse, '--period', manifest.window.last_month, '--out', join(work, 'published-stats')]);
        stages.push(part('publication', publish.seconds + publishStats.seconds, 0, Math.max(publish.peakRssMb, publishStats.peakRssMb)));

        // The nightly run loads both batches, rebuilds every model whole and trains the audit model. A new month alone
        // is customs month's one process: its batch, the models incrementally, scoring with the stored model, publication.
        const monthOnly = [NEW_MONTH_MODELS, NEW_MONTH_SCORING, NEW_MONTH_SCORED_MARTS, NEW_MONTH_PUBLICATION];
        const beforeTheNight = ['generate', 'models, full run (months before the last)', 'audit targeting, full run (months before the last)', RELEASE_BEFORE];
        const nightly = stages.filter((s) => ![...beforeTheNight, ...monthOnly].includes(s.name));
        stages.push(part('nightly run (ingest → publication)', sum(nightly.map((s) => s.seconds)), 0, Math.max(...nightly.map((s) => s.peakRssMb))));
        stages.push(part(NEW_MONTH, monthRun.seconds, 0, monthRun.peakRssMb));

        // After the nightly totals: the dashboards and the API serve what the night made, they are not part of it.
        log('Building the dashboards with customs dashboards build …');
        const dashboards = runStage(['dashboards', 'build', '--warehouse', warehouse, '--out', join(work, 'dashboards')]);
        stages.push(stage('dashboards build', dashboards, 0, null));
        // The server runs in a child process of benchApi's own, so its memory is not measured here. The limit of
        // the targets route is the server's own ceiling: the time /health takes for as many requests.
        log('API load: autocannon against /api/v1/health and /api/v1/audit/targets …');
        const api = await benchApi({ warehouse, log });
        stages.push({ ...part('API /health', api.seconds, api.health.requests, 0), p99Ms: api.health.p99Ms });
        const targetsLimit = api.targets.requests * (api.seconds / api.health.requests);
        stages.push({
            ...part('API /audit/targets', api.seconds, api.targets.requests, 0),
            limitSeconds: targetsLimit, ratio: api.seconds / targetsLimit, p99Ms: api.targets.p99Ms,
        });

        // Throughput: as many declarations as the world has item lines (10 million at the default size: the
        // warehouse's own, then copies of them), each scored (read, both models, reasons, the list, written), the
        // measure for "10 million declarations in under a minute". It replaces the features and the scores, so it
        // runs last.
        log(`Scoring ${counts.declaration_items.toLocaleString('en-US')} declarations with the stored model (the warehouse's, then copies) …`);
        runStage(['copy-features', warehouse, String(counts.declaration_items)], BENCH_STAGE);
        const scoreAll = runStage(['score-all', warehouse], BENCH_STAGE);
        const all = JSON.parse(scoreAll.stdout) as ScoringSummary;
        stages.push(part('scoring as many declarations as lines', sum(Object.values(all.seconds)), all.rows, scoreAll.peakRssMb));
        return stages;
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}

const CUSTOMS = join(PROJECT_ROOT, 'src', 'customs.js');
const BENCH_STAGE = join(PROJECT_ROOT, 'pipelines', 'bench-stage.ts');
const RELEASE_BEFORE = 'publication, full run (the month before the last)';

interface StageRun {
    seconds: number;
    peakRssMb: number;
    stdout: string;
}

/** Runs `customs ARGS` (or the bench-stage script) in a child process and reads its peak resident memory from the file it leaves. */
function runStage(args: string[], script = CUSTOMS): StageRun {
    const rusageFile = join(mkdtempSync(join(tmpdir(), 'customs-rusage-')), 'rusage.json');
    const node = script === CUSTOMS ? [CUSTOMS] : ['--import', 'tsx', script];
    flushWrites();
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [...node, ...args], {
        cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, CUSTOMS_RUSAGE_FILE: rusageFile }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`${basename(script)} ${args.slice(0, 4).join(' ')} … failed with exit code ${result.status}`);
    const rusage = JSON.parse(readFileSync(rusageFile, 'utf8')) as { maxRSS: number };
    rmSync(join(rusageFile, '..'), { recursive: true, force: true });
    return { seconds, peakRssMb: rusage.maxRSS / 1024, stdout: result.stdout };
}

function stage(name: string, run: StageRun, rows: number, limitSeconds: number | null): BenchStage {
    return {
        name, seconds: run.seconds, rows, rowsPerSecond: rows / run.seconds, peakRssMb: run.peakRssMb,
        limitSeconds, ratio: limitSeconds === null ? null : run.seconds / limitSeconds,
    };
}

/** A stage timed inside a process shared with other stages (training and scoring; the parts of customs month), or a total. */
function part(name: string, seconds: number, rows: number, peakRssMb: number, limitSeconds: number | null = null): BenchStage {
    return { name, seconds, rows, rowsPerSecond: rows / seconds, peakRssMb, limitSeconds, ratio: limitSeconds === null ? null : seconds / limitSeconds };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

async function tableCounts(warehouse: string): Promise<{ declarations: number; declaration_items: number }> {
    const opened = await openWarehouse(warehouse, { readOnly: true });
    try {
        const [row] = await queryRows<{ declarations: string; declaration_items: string }>(opened.connection,
            'select (select count(*) from declarations) as declarations, (select count(*) from declaration_items) as declaration_items');
        return { declarations: Number(row!.declarations), declaration_items: Number(row!.declaration_items) };
    } finally {
        opened.close();
    }
}

export function formatBench(stages: BenchStage[]): string {
    const label = (s: BenchStage) => (s.p99Ms === undefined ? s.name : `${s.name} (p99 ${s.p99Ms} ms)`);
    const width = Math.max(10, ...stages.map((s) => label(s).length));
    const header = `${'stage'.padEnd(width)} ${'seconds'.padStart(8)} ${'rows'.padStart(12)} ${'rows/s'.padStart(10)} ${'peak MB'.padStart(8)} ${'limit s'.padStart(8)} ${'ratio'.padStart(6)}`;
    const lines = stages.map((s) => [
        label(s).padEnd(width), s.seconds.toFixed(1).padStart(8), (s.rows > 0 ? s.rows.toLocaleString('en-US') : '–').padStart(12),
        (s.rows > 0 ? Math.round(s.rowsPerSecond).toLocaleString('en-US') : '–').padStart(10), (s.peakRssMb > 0 ? Math.round(s.peakRssMb).toString() : '–').padStart(8),
        (s.limitSeconds === null ? '–' : s.limitSeconds.toFixed(1)).padStart(8), (s.ratio === null ? '–' : s.ratio.toFixed(2)).padStart(6),
    ].join(' '));
    return [header, ...lines].join('\n');
}
