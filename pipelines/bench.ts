// `npm run bench -- [--lines N | --quick] [--json]`: generates a synthetic world of about N item lines, then times
// each stage in a child process of its own (seconds, rows per second, peak memory), next to the engine's limit
// measured in the same run on the same files: a bare DuckDB read_csv of each table's files into a table.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { PROJECT_ROOT, sqlString } from '../src/db/warehouse.js';

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
}

export async function runBench(options: { lines: number; log: (line: string) => void }): Promise<BenchStage[]> {
    const work = mkdtempSync(join(tmpdir(), 'customs-bench-'));
    const world = join(work, 'world');
    const warehouse = join(work, 'warehouse.duckdb');
    const declarations = Math.max(1, Math.round(options.lines / ITEM_LINES_PER_DECLARATION));
    const stages: BenchStage[] = [];
    try {
        options.log(`Generating about ${options.lines.toLocaleString('en-US')} item lines (${declarations.toLocaleString('en-US')} declarations) in ${work} …`);
        const generate = runStage(['generate', '--out', world, '--declarations', String(declarations), '--seed', '1']);
        const manifest = JSON.parse(readFileSync(join(world, 'manifest.json'), 'utf8')) as { rows: Record<string, number> };
        const generatedRows = Object.values(manifest.rows).reduce((sum, n) => sum + n, 0);
        stages.push(stage('generate', generate, generatedRows, null));

        options.log('Loading it with customs ingest …');
        const ingest = runStage(['ingest', '--warehouse', warehouse, '--json', world]);
        const summary = JSON.parse(ingest.stdout) as { totals: { read: number } };
        options.log('Measuring the engine\'s limit: a bare DuckDB read_csv of the same files …');
        const limit = await bareLoadSeconds(world, join(work, 'bare.duckdb'));
        stages.push(stage('ingest', ingest, summary.totals.read, limit));

        options.log('Running the SQL models with customs run …');
        const models = runStage(['run', '--warehouse', warehouse, '--json']);
        const modelRuns = (JSON.parse(models.stdout) as { models: { name: string; layer: string; seconds: number }[] }).models;
        const declarationsLoaded = (summary as { tables?: Record<string, { loaded: number }> }).tables?.declarations?.loaded ?? 0;
        stages.push(stage('models', models, declarationsLoaded, null));
        for (const run of modelRuns.filter((model) => model.layer !== 'staging')) {
            stages.push({ name: `  ${run.name}`, seconds: run.seconds, rows: 0, rowsPerSecond: 0, peakRssMb: 0, limitSeconds: null, ratio: null });
        }
        return stages;
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}

interface StageRun {
    seconds: number;
    peakRssMb: number;
    stdout: string;
}

/** Runs `customs ARGS` in a child process and reads its peak resident memory from the file it leaves. */
function runStage(args: string[]): StageRun {
    const rusageFile = join(mkdtempSync(join(tmpdir(), 'customs-rusage-')), 'rusage.json');
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'src', 'customs.js'), ...args], {
        encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, CUSTOMS_RUSAGE_FILE: rusageFile }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`customs ${args.join(' ')} failed with exit code ${result.status}`);
    const rusage = JSON.parse(readFileSync(rusageFile, 'utf8')) as { maxRSS: number };
    return { seconds, peakRssMb: rusage.maxRSS / 1024, stdout: result.stdout };
}

function stage(name: string, run: StageRun, rows: number, limitSeconds: number | null): BenchStage {
    return {
        name, seconds: run.seconds, rows, rowsPerSecond: rows / run.seconds, peakRssMb: run.peakRssMb,
        limitSeconds, ratio: limitSeconds === null ? null : run.seconds / limitSeconds,
    };
}

/**
 * Seconds for DuckDB alone to read the world's CSV files into tables of a new database file: one read_csv over
 * all files of a table (as the loader reads them), each reference file on its own.
 */
async function bareLoadSeconds(world: string, path: string): Promise<number> {
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    const loads: [string, string[]][] = [];
    for (const folder of readdirSync(world).filter((name) => statSync(join(world, name)).isDirectory())) {
        const files = readdirSync(join(world, folder)).filter((name) => name.endsWith('.csv')).map((name) => join(world, folder, name));
        if (folder === 'reference') for (const file of files) loads.push([`reference_${loads.length}`, [file]]);
        else loads.push([folder, files]);
    }
    const started = process.hrtime.bigint();
    for (const [table, files] of loads) {
        await connection.run(`create table ${table} as select * from read_csv([${files.map(sqlString).join(', ')}], header = true)`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    connection.closeSync();
    instance.closeSync();
    return seconds;
}

export function formatBench(stages: BenchStage[]): string {
    const width = Math.max(10, ...stages.map((s) => s.name.length));
    const header = `${'stage'.padEnd(width)} ${'seconds'.padStart(8)} ${'rows'.padStart(12)} ${'rows/s'.padStart(10)} ${'peak MB'.padStart(8)} ${'limit s'.padStart(8)} ${'ratio'.padStart(6)}`;
    const lines = stages.map((s) => [
        s.name.padEnd(width), s.seconds.toFixed(1).padStart(8), (s.rows > 0 ? s.rows.toLocaleString('en-US') : '–').padStart(12),
        (s.rows > 0 ? Math.round(s.rowsPerSecond).toLocaleString('en-US') : '–').padStart(10), (s.peakRssMb > 0 ? Math.round(s.peakRssMb).toString() : '–').padStart(8),
        (s.limitSeconds === null ? '–' : s.limitSeconds.toFixed(1)).padStart(8), (s.ratio === null ? '–' : s.ratio.toFixed(2)).padStart(6),
    ].join(' '));
    return [header, ...lines].join('\n');
}
