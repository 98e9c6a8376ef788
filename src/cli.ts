// The `customs` command line: parses arguments, calls a pipeline or a capability, prints the result.
// Each command imports what it runs when it runs, so that one command does not pay for loading the others (the
// API server's and the dashboards' libraries take about a second).
import { Command, InvalidArgumentError } from 'commander';
import { ingest, type BatchSummary } from './ingest/load-batch.js';
import { parseEncoding } from './ingest/transcode-file.js';
import { UserError } from './user-error.js';
import type { ModelRun } from './db/run-models.js';
import type { RunPlan } from './db/incremental-plan.js';
import { DEFAULT_MEMORY_LIMIT, MONTH_MEMORY_LIMIT, openWarehouse } from './db/warehouse.js';
import { reportResourceUsageOnExit } from './report-resource-usage.js';
import { TRADE_SYSTEMS, type TradeSystem } from './schema/trade-statistics.js';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from './api/rate-limit.js';
import { ROLES, addToken, roleSchema } from './api/tokens.js';
import { DEFAULT_EXTREME_MINUTES, DEFAULT_TARGETS, runModelsAndAuditTargeting, type ServiceTargets } from '../pipelines/run-models.js';
import { AUDIT_DEFAULTS } from '../pipelines/audit-targeting.js';

const program = new Command('customs')
    .description('Customs trade analytics on DuckDB: loss-free loading, trade statistics, transparency metrics, audit targeting, dashboards and a query API (npm start runs it all on a seeded synthetic customs world).')
    .enablePositionalOptions()
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });

function positiveInteger(value: string): number {
    const number = Number(value);
    if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive whole number.');
    return number;
}

function portNumber(value: string): number {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535.');
    return number;
}
const MEMORY_LIMIT_HELP = `DuckDB memory limit, e.g. 4GB (default: CUSTOMS_MEMORY_LIMIT, else ${DEFAULT_MEMORY_LIMIT}); what does not fit spills to CUSTOMS_TEMP_DIRECTORY (default: beside the warehouse)`;

function month(value: string): string {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError('expected a month written YYYY-MM.');
    return value;
}

program.command('generate')
    .description('Write a seeded synthetic customs world (reference data, declarations, items, events, inspections, payments, audits, planted fraud) as CSV files')
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--declarations <n>', 'number of declarations', positiveInteger, 200_000)
    .option('--seed <s>', 'random seed; the same seed gives byte-identical files', positiveInteger, 1)
    .option('--from <YYYY-MM>', 'first month', month, '2024-01')
    .option('--months <m>', 'number of months', positiveInteger, 24)
    .action(async (options: { out: string; declarations: number; seed: number; from: string; months: number }) => {
        const { generateWorld } = await import('./generate/generate-world.js');
        const summary = await generateWorld({
            outDir: options.out, declarations: options.declarations, seed: options.seed, from: options.from, months: options.months,
            onProgress: progressPrinter('generate'),
        });
        process.stderr.write('\n');
        console.log(JSON.stringify(summary, null, 2));
    });

program.command('ingest')
    .description('Load files (CSV, JSON Lines, Parquet in the canonical layout) into the warehouse as one batch; rows that break a rule go to quarantined_rows with the reason')
    .requiredOption('--warehouse <file>', 'DuckDB warehouse file (created if missing)')
    .option('--encoding <name>', 'text encoding of CSV and JSON Lines files: utf-8 or big5', 'utf-8')
    .option('--json', 'print the batch summary as JSON')
    .option('--memory-limit <size>', MEMORY_LIMIT_HELP)
    .argument('<paths...>', 'files, or folders such as the output of customs generate')
    .action(async (paths: string[], options: { warehouse: string; encoding: string; json?: boolean; memoryLimit?: string }) => {
        const summary = await ingest({
            warehouse: options.warehouse, paths, encoding: parseEncoding(options.encoding), memoryLimit: options.memoryLimit,
            onProgress: (message) => process.stderr.write(`${message}\n`),
        });
        console.log(options.json ? JSON.stringify(summary, null, 2) : formatBatch(summary));
    });

function serviceTarget(value: string, previous: ServiceTargets): ServiceTargets {
    const match = /^(C[123])=(\d+(?:\.\d+)?)$/.exec(value);
    if (!match) throw new InvalidArgumentError('expected LANE=MINUTES, e.g. C1=3.');
    return { ...previous, [match[1]!]: Number(match[2]) };
}

function describePlan(plan: RunPlan): string {
    if (plan.kind === 'full') return `models        full run: ${plan.fullReason}`;
    const months = plan.months.map((month) => month.slice(0, 7));
    const quarters = plan.quarters.map((quarter) => `${quarter.slice(0, 4)}-Q${(Number(quarter.slice(5, 7)) + 2) / 3}`);
    return `models        incremental run: ${months.length === 0 ? 'no month affected' : months.join(', ')} (${months.length} month${months.length === 1 ? '' : 's'} recomputed; `
        + `unit-value references and Benford tests made anew for ${quarters.length === 0 ? 'no quarter' : quarters.join(', ')})`;
}

function share(value: string): number {
    const number = Number(value);
    if (!(number >= 0 && number <= 1)) throw new InvalidArgumentError('expected a share between 0 and 1, e.g. 0.05.');
    return number;
}

program.command('run')
    .description('Run the SQL models (sql/staging → intermediate → marts: transparency, statistics, risk indicators), then train the audit model, score the latest months and build the audit list and plan')
    .requiredOption('--warehouse <file>', 'DuckDB warehouse file')
    .option('--target <lane=minutes>', `service target from lodgement to release, repeatable (default ${Object.entries(DEFAULT_TARGETS).map(([lane, minutes]) => `${lane}=${minutes}`).join(', ')})`, serviceTarget, DEFAULT_TARGETS)
    .option('--extreme-minutes <n>', 'lodgement → release longer than this is reported as extreme', positiveInteger, DEFAULT_EXTREME_MINUTES)
    .option('--as-of <YYYY-MM-DD>', 'data cut-off for arrears ageing (default: the last lodgement or payment date)')
    .option('--trade-system <system>', 'trade statistics: general (every declaration, customs warehouses and free zones included) or special (goods in free circulation only)', (value: string) => {
        if (!(TRADE_SYSTEMS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${TRADE_SYSTEMS.join(', ')}.`);
        return value as TradeSystem;
    }, 'general')
    .option('--scoring-months <n>', 'audit targeting: months at the end of the data to score', positiveInteger, AUDIT_DEFAULTS.scoringMonths)
    .option('--select-share <share>', 'audit targeting: share of scored declarations on the audit list', share, AUDIT_DEFAULTS.selectShare)
    .option('--exploration-share <share>', 'audit targeting: share of the audit list picked at random from the rest', share, AUDIT_DEFAULTS.explorationShare)
    .option('--rank-by <what>', 'audit targeting: expected_revenue (probability × predicted revenue) or probability', AUDIT_DEFAULTS.rankBy)
    .option('--audit-exclusion-months <n>', 'audit plan: leave out traders audited within this many months', positiveInteger, AUDIT_DEFAULTS.auditExclusionMonths)
    .option('--incremental', 'recompute only the months affected by the rows loaded since the last run (full when there is no run to start from, or settings changed), and score with the stored audit model instead of training one')
    .option('--json', 'print the models run as JSON')
    .option('--memory-limit <size>', MEMORY_LIMIT_HELP)
    .action(async (options: {
        warehouse: string; target: ServiceTargets; extremeMinutes: number; asOf?: string; json?: boolean; memoryLimit?: string; tradeSystem: TradeSystem;
        scoringMonths: number; selectShare: number; explorationShare: number; rankBy: string; auditExclusionMonths: number; incremental?: boolean;
    }) => {
        if (options.rankBy !== 'expected_revenue' && options.rankBy !== 'probability') {
            throw new UserError('bad_option', `--rank-by must be expected_revenue or probability, not ${options.rankBy}.`);
        }
        const print = (run: ModelRun) => console.log(`${run.layer.padEnd(13)} ${run.name.padEnd(34)} ${run.rows.toLocaleString('en-US').padStart(12)} rows  ${run.seconds.toFixed(2)} s`);
        const { plan, runs, audit } = await runModelsAndAuditTargeting({
            warehouse: options.warehouse, targets: options.target, extremeMinutes: options.extremeMinutes, asOfDate: options.asOf,
            tradeSystem: options.tradeSystem, memoryLimit: options.memoryLimit, incremental: options.incremental,
            onModel: options.json ? undefined : print,
            onPlan: options.json || !options.incremental ? undefined : async (plan) => console.log(describePlan(plan)),
        }, {
            scoringMonths: options.scoringMonths, selectShare: options.selectShare, explorationShare: options.explorationShare,
            rankBy: options.rankBy, auditExclusionMonths: options.auditExclusionMonths,
            log: options.json ? undefined : (line) => console.log(`audit         ${line}`),
        });
        if (options.json) {
            console.log(JSON.stringify({ plan, models: [...runs, ...audit.scoredModels], audit }, null, 2));
        } else {
            audit.scoredModels.forEach(print);
            console.log(`audit         model ${audit.modelId}${audit.trained ? '' : ' (stored)'}: ${audit.trainingRows.toLocaleString('en-US')} checks trained, validation AUC ${audit.validationAuc.toFixed(3)}; ${audit.scoredRows.toLocaleString('en-US')} declarations scored from ${audit.windows.scoringFrom}${audit.keptRows > 0 ? ` (${audit.keptRows.toLocaleString('en-US')} more kept their scores)` : ''}, ${audit.selectedRows.toLocaleString('en-US')} on the audit list`);
        }
    });

program.command('month')
    .description("The monthly job in one go: load a month's files as a batch, run the models for the months they affect (customs run --incremental), score with the stored audit model, and publish the tables and the trade statistics of the latest complete month")
    .requiredOption('--warehouse <file>', 'DuckDB warehouse file, run before (customs run) so that the month can be run incrementally')
    .requiredOption('--out <dir>', 'folder for the publication tables; the trade-statistics release goes into its stats folder')
    .option('--json', 'print what was loaded, recomputed, scored and published as JSON')
    .option('--memory-limit <size>', `DuckDB memory limit, e.g. 2GB (default: CUSTOMS_MEMORY_LIMIT, else ${MONTH_MEMORY_LIMIT} for a month's work and ${DEFAULT_MEMORY_LIMIT} when the models must run in full); what does not fit spills to CUSTOMS_TEMP_DIRECTORY (default: beside the warehouse)`)
    .argument('<paths...>', "the month's files, or folders of them")
    .action(async (paths: string[], options: { warehouse: string; out: string; json?: boolean; memoryLimit?: string }) => {
        const { runMonth } = await import('../pipelines/monthly-run.js');
        const { formatRelease } = await import('../pipelines/publish-stats.js');
        const run = await runMonth({ warehouse: options.warehouse, paths, outDir: options.out, memoryLimit: options.memoryLimit, log: (line) => process.stderr.write(`${line}\n`) });
        if (options.json) {
            console.log(JSON.stringify(run, null, 2));
        } else {
            console.log(formatBatch(run.batch));
            console.log(describePlan(run.plan));
            console.log(formatRelease(run.release));
            console.log(`seconds: loading ${run.seconds.ingest.toFixed(1)}, models ${run.seconds.models.toFixed(1)}, audit targeting ${run.seconds.audit.toFixed(1)}, publication ${run.seconds.publication.toFixed(1)}`);
        }
    });

const publish = program.command('publish')
    .enablePositionalOptions()
    .description('Write the publication tables (pub_…, aggregates only) of a warehouse as CSV files; `publish stats` makes the monthly trade-statistics release')
    .option('--warehouse <file>', 'DuckDB warehouse file')
    .option('--out <dir>', 'folder to write into')
    .action(async (options: { warehouse?: string; out?: string }) => {
        const { publishTables } = await import('../pipelines/publish.js');
        if (!options.warehouse || !options.out) throw new UserError('usage', 'customs publish needs --warehouse FILE and --out DIR.');
        for (const file of await publishTables({ warehouse: options.warehouse, outDir: options.out })) {
            console.log(`${file.table.padEnd(32)} ${file.rows.toLocaleString('en-US').padStart(8)} rows  ${file.path}`);
        }
    });

publish.command('stats')
    .description('Publish the trade statistics of a month (and revise the 12 before it) as a new vintage: cells as CSV, Parquet and SDMX-CSV, breakdowns, indices, terms of trade and revisions as CSV, metadata, and the bilingual release bulletin (HTML)')
    .requiredOption('--warehouse <file>', 'DuckDB warehouse file, with the marts built by customs run')
    .requiredOption('--period <YYYY-MM>', 'reference month', month)
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--json', 'print the release as JSON')
    .action(async (options: { warehouse: string; period: string; out: string; json?: boolean }) => {
        const { formatRelease, publishStats } = await import('../pipelines/publish-stats.js');
        const release = await publishStats({ warehouse: options.warehouse, period: options.period, outDir: options.out });
        console.log(options.json ? JSON.stringify(release, null, 2) : formatRelease(release));
    });

program.command('mirror')
    .description("Load a partner country's reported trade with us (CSV: partner, flow, hs, period, value in USD) for the mirror asymmetry mart")
    .requiredOption('--warehouse <file>', 'DuckDB warehouse file')
    .argument('<file>', 'CSV file')
    .action(async (file: string, options: { warehouse: string }) => {
        const { importMirrorTrade } = await import('./stats/mirror-import.js');
        const warehouse = await openWarehouse(options.warehouse);
        try {
            const rows = await importMirrorTrade(warehouse.connection, file);
            console.log(`${rows.toLocaleString('en-US')} mirror figures loaded into mirror_trade; customs run rebuilds fct_trade_mirror_asymmetries.`);
        } finally {
            warehouse.close();
        }
    });

program.command('snapshot')
    .description('Publish a snapshot of the warehouse for the API: copied beside the served file and renamed over it, so a running server swaps to it without a restart')
    .requiredOption('--warehouse <file>', 'DuckDB warehouse file the pipelines write')
    .requiredOption('--to <file>', 'the file customs serve reads')
    .action(async (options: { warehouse: string; to: string }) => {
        const { publishSnapshot } = await import('./db/publish-snapshot.js');
        const snapshot = await publishSnapshot({ warehouse: options.warehouse, to: options.to });
        console.log(`Published ${snapshot.from} as ${snapshot.to} (${(snapshot.sizeBytes / 1e6).toFixed(1)} MB).`);
    });

program.command('serve')
    .description('Serve the query API (Fastify, read-only) over a published warehouse snapshot on localhost; docs at /docs')
    .requiredOption('--warehouse <file>', 'the published snapshot to serve (see customs snapshot); swapped when a new one is published')
    .option('--port <n>', 'port to listen on (0: any free port)', portNumber, 3000)
    .option('--tokens <file>', 'tokens file (customs token add)', 'data/api/tokens.json')
    .option('--access-log <file>', 'append-only access log (JSON lines); default: access-log.jsonl beside the tokens file')
    .option('--rate-limit <n>', 'requests per minute per token (or per address without one)', positiveInteger, DEFAULT_RATE_LIMIT_PER_MINUTE)
    .option('--site <dir>', 'the dashboards built by customs dashboards build, served at /', 'data/dashboards')
    .action(async (options: { warehouse: string; port: number; tokens: string; accessLog?: string; rateLimit: number; site: string }) => {
        const { defaultAccessLogFile, startServer } = await import('../pipelines/serve.js');
        const server = await startServer({
            warehouse: options.warehouse, port: options.port, tokensFile: options.tokens, accessLogFile: options.accessLog,
            rateLimitPerMinute: options.rateLimit, logger: true, site: options.site,
            snapshot: { onSwap: (snapshot) => console.log(`${new Date().toISOString()} serving a new warehouse snapshot (${snapshot.id}); requests in flight finish on the previous one.`) },
        });
        console.log(`Dashboards on ${server.siteUrl}, API on ${server.url} (docs ${server.docsUrl}); tokens from ${options.tokens}; access log ${options.accessLog ?? defaultAccessLogFile(options.tokens)}. Stop with Ctrl-C.`);
        const stop = () => void server.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
    });

program.command('token')
    .description('API tokens')
    .command('add')
    .description('Make a token with one role; prints it once and stores only its SHA-256')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, (value: string) => {
        const parsed = roleSchema.safeParse(value);
        if (!parsed.success) throw new InvalidArgumentError(`expected one of ${ROLES.join(', ')}.`);
        return parsed.data;
    })
    .requiredOption('--name <name>', 'who or what uses it (shown in the access log)')
    .option('--tokens <file>', 'tokens file', 'data/api/tokens.json')
    .action((options: { role: (typeof ROLES)[number]; name: string; tokens: string }) => {
        const token = addToken(options.tokens, options.role, options.name);
        console.error(`Token "${options.name}" (${options.role}) added to ${options.tokens}. It is shown only now; keep it secret:`);
        console.log(token);
    });

program.command('dashboards')
    .description('The dashboards (Observable Framework, in dashboards/)')
    .command('build')
    .description('Build the dashboards into a static site from a warehouse (read-only; aggregates only in the files)')
    .requiredOption('--warehouse <file>', 'DuckDB warehouse file, with the marts built by customs run')
    .option('--out <dir>', 'folder to write the site into (replaced)', 'data/dashboards')
    .action(async (options: { warehouse: string; out: string }) => {
        const { buildDashboards } = await import('../pipelines/build-dashboards.js');
        const built = await buildDashboards({ warehouse: options.warehouse, outDir: options.out });
        console.log(`Built ${built.pages.length} pages into ${built.outDir} in ${built.seconds.toFixed(1)} s.`);
    });

program.command('export')
    .description('Export the warehouse in another format')
    .command('parquet')
    .description('Write the fact tables (declarations, item lines, clearance events, payments, inspections, amendments, and the fct_ marts by month) as Hive-partitioned Parquet: OUT/<table>/year=YYYY/month=MM/*.parquet')
    .requiredOption('--warehouse <file>', 'DuckDB warehouse file')
    .requiredOption('--out <dir>', 'folder to write into; each table\'s folder in it is replaced')
    .option('--memory-limit <size>', MEMORY_LIMIT_HELP)
    .action(async (options: { warehouse: string; out: string; memoryLimit?: string }) => {
        const { exportParquet } = await import('../pipelines/export-parquet.js');
        for (const table of await exportParquet({ warehouse: options.warehouse, outDir: options.out, memoryLimit: options.memoryLimit })) {
            console.log(`${table.table.padEnd(32)} ${table.rows.toLocaleString('en-US').padStart(12)} rows  ${String(table.partitions).padStart(4)} months  ${table.path}`);
        }
    });

program.command('demo')
    .description('Generate the default synthetic world into data/, load it into data/warehouse/customs.duckdb, and run the pipelines')
    .option('--declarations <n>', 'number of declarations', positiveInteger, 200_000)
    .option('--port <n>', 'port for the dashboards and the API (0: any free port)', portNumber, 3000)
    .option('--no-serve', 'stop when everything is built instead of serving it')
    .action(async (options: { declarations: number; port: number; serve: boolean }) => {
        const { runDemo } = await import('../pipelines/demo.js');
        const { server } = await runDemo({
            declarations: options.declarations, log: (line) => console.log(line), serve: options.serve ? { port: options.port } : undefined,
        });
        if (server) {
            const stop = () => void server.close().then(() => process.exit(0));
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
        }
    });

program.command('bench')
    .description('Time each stage of the nightly run on a synthetic world of N item lines (generate, ingest, marts, training, scoring, publication), each next to the engine\'s limit for the same work where there is one')
    .option('--lines <n>', 'item lines to generate', positiveInteger, 10_000_000)
    .option('--quick', 'a quick run of 200,000 item lines')
    .option('--json', 'print the table as JSON')
    .action(async (options: { lines: number; quick?: boolean; json?: boolean }) => {
        const { formatBench, runBench } = await import('../pipelines/bench.js');
        const lines = options.quick ? 200_000 : options.lines;
        const stages = await runBench({ lines, log: (line) => process.stderr.write(`${line}\n`) });
        console.log(options.json ? JSON.stringify({ lines, stages }, null, 2) : formatBench(stages));
    });

program.command('evaluate')
    .description('Evaluate the audit model. kcs: train on --train, stop early on --valid, score --test (the Korea Customs Service layout). canonical: train on a warehouse of the synthetic world as customs run does and grade its scoring window against the planted ground truth, beside rules and random picks. Prints precision, recall (and revenue where it exists) at the top 1, 2, 5 and 10%, AUC and training seconds')
    .requiredOption('--format <name>', 'kcs (Korea Customs Service CSV files) or canonical (a warehouse of the synthetic world)')
    .option('--train <file>', 'kcs: training file')
    .option('--valid <file>', 'kcs: validation file (early stopping)')
    .option('--test <file>', 'kcs: file to score')
    .option('--warehouse <file>', 'canonical: DuckDB warehouse with the marts built by customs run')
    .option('--json', 'print {precisionAt, recallAt, revenueAt?, auc, trainSeconds} as JSON')
    .action(async (options: { format: string; train?: string; valid?: string; test?: string; warehouse?: string; json?: boolean }) => {
        if (options.format === 'kcs') {
            const { train, valid, test } = options;
            if (!train || !valid || !test) throw new UserError('missing_option', '--format kcs needs --train, --valid and --test (the KCS CSV files).');
            const { evaluateKcs, formatKcsEvaluation } = await import('./evaluate/kcs-evaluation.js');
            const result = await evaluateKcs({ train, valid, test });
            console.log(options.json
                ? JSON.stringify({ precisionAt: result.precisionAt, recallAt: result.recallAt, auc: result.auc, trainSeconds: result.trainSeconds })
                : formatKcsEvaluation(result));
        } else if (options.format === 'canonical') {
            if (!options.warehouse) throw new UserError('missing_option', '--format canonical needs --warehouse FILE (a warehouse built by customs run, e.g. data/warehouse/customs.duckdb).');
            const { evaluateCanonical, formatCanonicalEvaluation } = await import('../pipelines/evaluate-canonical.js');
            const result = await evaluateCanonical({ warehouse: options.warehouse });
            console.log(options.json
                ? JSON.stringify({ ...result.model, trainSeconds: result.trainSeconds, byProbability: result.modelByProbability, rules: result.rules, random: result.random })
                : formatCanonicalEvaluation(result));
        } else {
            throw new UserError('unknown_format', `Unknown --format "${options.format}". Use kcs (the Korea Customs Service data set layout) or canonical (a warehouse of the synthetic world).`);
        }
    });

reportResourceUsageOnExit();

export function formatBatch(summary: BatchSummary): string {
    const lines: string[] = [];
    if (summary.batchId === null) {
        lines.push(`Nothing new: every file was loaded before (same SHA-256). Warehouse: ${summary.warehouse}`);
        return lines.join('\n');
    }
    lines.push(`Batch ${summary.batchId} into ${summary.warehouse}: ${summary.status} in ${summary.seconds.toFixed(1)} s`);
    const width = Math.max(...Object.keys(summary.tables).map((name) => name.length), 5);
    lines.push(`${'table'.padEnd(width)}  ${'read'.padStart(12)}  ${'loaded'.padStart(12)}  ${'quarantined'.padStart(12)}`);
    const row = (name: string, counts: { read: number; loaded: number; quarantined: number }) =>
        `${name.padEnd(width)}  ${fmt(counts.read)}  ${fmt(counts.loaded)}  ${fmt(counts.quarantined)}`;
    for (const [name, counts] of Object.entries(summary.tables)) lines.push(row(name, counts));
    lines.push(row('total', summary.totals));
    const skipped = summary.files.filter((file) => file.status === 'skipped').length;
    if (skipped > 0) lines.push(`${skipped} file(s) skipped: loaded before.`);
    if (Object.keys(summary.quarantinedByRule).length > 0) {
        lines.push('Quarantined by rule (see table quarantined_rows):');
        for (const [rule, count] of Object.entries(summary.quarantinedByRule)) lines.push(`  ${rule.padEnd(26)} ${fmt(count)}`);
    }
    return lines.join('\n');
}

const fmt = (n: number) => n.toLocaleString('en-US').padStart(12);

function progressPrinter(label: string): (done: number, total: number) => void {
    let last = 0;
    return (done, total) => {
        const now = Date.now();
        if (now - last < 500 && done < total) return;
        last = now;
        process.stderr.write(`\r${label}: ${Math.floor((100 * done) / Math.max(total, 1))}% (${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')})`);
    };
}

try {
    await program.parseAsync(process.argv);
} catch (error) {
    if (error instanceof UserError) {
        console.error(`error [${error.code}]: ${error.message}`);
        process.exit(2);
    }
    throw error;
}
