// The main job on the embedded default (`npm start`): generate the default synthetic world into data/, load it
// into data/warehouse/customs.duckdb, run the models and the audit targeting, publish the files and the dashboards,
// and (when asked to serve) publish a snapshot and serve the dashboards and the API on localhost with a demo token
// per role.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, openWarehouse, queryRows } from '../src/db/warehouse.js';
import { GENERATOR_VERSION, generateWorld } from '../src/generate/generate-world.js';
import { ingest } from '../src/ingest/load-batch.js';
import { buildDashboards } from './build-dashboards.js';
import { publishSnapshot } from '../src/db/publish-snapshot.js';
import { createDemoTokens, startServer, type RunningServer } from './serve.js';
import { publishTables } from './publish.js';
import { formatRelease, latestCompleteMonth, publishStats } from './publish-stats.js';
import { runWarehouseModels } from './run-models.js';
import { runAuditTargeting } from './audit-targeting.js';

export const DEMO_WORLD = { seed: 20240101, from: '2024-01', months: 24 } as const;

export interface DemoOptions {
    declarations: number;
    dataDir?: string;
    log: (line: string) => void;
    /** Serve the dashboards and the API when done (port 0: any free port); the caller closes the server. */
    serve?: { port: number };
}

export async function runDemo(options: DemoOptions): Promise<{ server?: RunningServer }> {
    const dataDir = options.dataDir ?? join(PROJECT_ROOT, 'data');
    const worldDir = join(dataDir, 'world');
    const warehouse = join(dataDir, 'warehouse', 'customs.duckdb');
    const log = options.log;
    const started = Date.now();

    const wanted = { declarations: options.declarations, ...DEMO_WORLD };
    if (sameWorld(worldDir, wanted)) {
        log(`1/6 Synthetic world already in ${worldDir} (${options.declarations.toLocaleString('en-US')} declarations, seed ${DEMO_WORLD.seed}).`);
    } else {
        log(`1/6 Generating the synthetic world: ${options.declarations.toLocaleString('en-US')} declarations over ${DEMO_WORLD.months} months from ${DEMO_WORLD.from}, seed ${DEMO_WORLD.seed} …`);
        const summary = await generateWorld({ outDir: worldDir, ...wanted });
        log(`    wrote ${worldDir} in ${summary.seconds.toFixed(1)} s`);
        // The demo warehouse holds only the demo world: a new world replaces it rather than colliding with it.
        for (const file of [warehouse, `${warehouse}.wal`]) rmSync(file, { force: true });
    }

    log(`2/6 Loading it into ${warehouse} …`);
    const batch = await ingest({ warehouse, paths: [worldDir] });
    if (batch.batchId === null) {
        log('    already loaded (every file has been loaded before).');
    } else {
        log(`    batch ${batch.batchId}: ${batch.totals.read.toLocaleString('en-US')} rows read, ${batch.totals.loaded.toLocaleString('en-US')} loaded, ${batch.totals.quarantined.toLocaleString('en-US')} quarantined in ${batch.seconds.toFixed(1)} s`);
        for (const [table, counts] of Object.entries(batch.tables)) {
            log(`      ${table.padEnd(22)} ${counts.loaded.toLocaleString('en-US').padStart(12)} rows`);
        }
    }
    log(`3/6 Running the SQL models (sql/staging → intermediate → marts) …`);
    const runs = await runWarehouseModels({ warehouse });
    log(`    ${runs.length} models in ${runs.reduce((sum, run) => sum + run.seconds, 0).toFixed(1)} s: ${runs.filter((run) => run.layer === 'marts').map((run) => run.name).join(', ')}`);
    for (const line of await headlineFigures(warehouse)) log(`    ${line}`);
    log('4/6 Audit targeting: training the model on earlier checks, scoring the last 3 months …');
    const audit = await runAuditTargeting({ warehouse });
    log(`    ${audit.trainingRows.toLocaleString('en-US')} checks trained (validation AUC ${audit.validationAuc.toFixed(3)}) in ${audit.seconds.train.toFixed(1)} s; ${audit.scoredRows.toLocaleString('en-US')} declarations from ${audit.windows.scoringFrom} scored, ${audit.selectedRows.toLocaleString('en-US')} on the audit list (fct_audit_targets, fct_audit_plan)`);
    log(`5/6 Publishing the tables and the month's trade statistics into ${join(dataDir, 'published')} …`);
    const published = await publishTables({ warehouse, outDir: join(dataDir, 'published') });
    log(`    published: ${published.map((file) => file.path).join(', ')}`);
    const period = await latestCompleteMonth(warehouse);
    log(`    trade statistics for ${period} …`);
    const release = await publishStats({ warehouse, period, outDir: join(dataDir, 'published', 'stats') });
    for (const line of formatRelease(release).split('\n')) log(`    ${line}`);
    log('6/6 Building the dashboards (Observable Framework) …');
    const dashboards = await buildDashboards({ warehouse, outDir: join(dataDir, 'dashboards') });
    log(`    dashboards: ${dashboards.pages.length} pages built into ${dashboards.outDir} in ${dashboards.seconds.toFixed(1)} s`);
    log('');
    log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    log(`  world (CSV):  ${worldDir}`);
    log(`  warehouse:    ${warehouse}   (open read-only with DuckDB; load history in ingest_batches, ingest_files, quarantined_rows)`);
    log(`  dashboards:   ${dashboards.outDir}   (a static site; customs serve serves it at /)`);
    if (!options.serve) return {};

    const snapshot = join(dataDir, 'warehouse', 'published.duckdb');
    await publishSnapshot({ warehouse, to: snapshot });
    const tokensFile = join(dataDir, 'api', 'tokens.json');
    const tokens = createDemoTokens(tokensFile);
    const server = await startServer({ warehouse: snapshot, tokensFile, port: options.serve.port, site: dashboards.outDir });
    log('');
    log(`Serving the published snapshot ${snapshot}:`);
    log(`  dashboards:   ${server.siteUrl}`);
    log(`  API:          ${server.url}   (docs ${server.docsUrl})`);
    log(`  demo tokens (send "Authorization: Bearer TOKEN"; made anew on each start, hashes in ${tokensFile}):`);
    for (const [role, token] of Object.entries(tokens)) log(`    ${role.padEnd(13)} ${token}`);
    log(`  e.g. curl -H "Authorization: Bearer ${tokens.auditor}" "${server.url}/audit/targets?limit=5"`);
    log('Stop with Ctrl-C.');
    return { server };
}

/** The figures a manager looks at first, read back from the release-time mart: the latest month, by lane. */
async function headlineFigures(path: string): Promise<string[]> {
    const warehouse = await openWarehouse(path, { readOnly: true });
    try {
        const lanes = await queryRows<{ month: string; lane: string; share: number; median_minutes: number; within: number }>(warehouse.connection, `
            select strftime(month_date, '%Y-%m') as month, lane,
                count_declarations / sum(count_declarations) over () as share,
                median_lodgement_to_release_minutes as median_minutes,
                share_within_target as within
            from fct_release_times
            where breakdown = 'lane' and month_date = (select max(month_date) from fct_release_times)
            order by lane`);
        return lanes.map((row) => `${row.month} ${row.lane}: ${(100 * row.share).toFixed(1)}% of declarations, median lodgement → release ${formatMinutes(row.median_minutes)}, ${(100 * row.within).toFixed(0)}% within target`);
    } finally {
        warehouse.close();
    }
}

function formatMinutes(minutes: number): string {
    return minutes < 120 ? `${minutes.toFixed(1)} min` : `${(minutes / 60).toFixed(1)} h`;
}

function sameWorld(dir: string, wanted: Record<string, unknown>): boolean {
    const manifestPath = join(dir, 'manifest.json');
    if (!existsSync(manifestPath)) return false;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: string; options?: Record<string, unknown> };
    return manifest.version === GENERATOR_VERSION && Object.entries(wanted).every(([key, value]) => manifest.options?.[key] === value);
}
