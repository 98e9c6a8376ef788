// The `customs` command line: parses arguments, calls a pipeline or a capability, prints the result.
import { Command, InvalidArgumentError } from 'commander';
import { generateWorld } from './generate/generate-world.js';
import { ingest, type BatchSummary } from './ingest/load-batch.js';
import { parseEncoding } from './ingest/transcode-file.js';
import { UserError } from './user-error.js';
import { evaluateKcs, formatKcsEvaluation } from './evaluate/kcs-evaluation.js';
import { writeFileSync } from 'node:fs';
import { runDemo } from '../pipelines/demo.js';
import { formatBench, runBench } from '../pipelines/bench.js';
import { publishTables } from '../pipelines/publish.js';
import { DEFAULT_EXTREME_MINUTES, DEFAULT_TARGETS, runWarehouseModels, type ServiceTargets } from '../pipelines/run-models.js';

const program = new Command('customs')
    .description('Customs trade analytics: a seeded synthetic customs world and loss-free loading into a DuckDB warehouse.')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });

function positiveInteger(value: string): number {
    const number = Number(value);
    if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive whole number.');
    return number;
}

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
    .argument('<paths...>', 'files, or folders such as the output of customs generate')
    .action(async (paths: string[], options: { warehouse: string; encoding: string; json?: boolean }) => {
        const summary = await ingest({
            warehouse: options.warehouse, paths, encoding: parseEncoding(options.encoding),
            onProgress: (message) => process.stderr.write(`${message}\n`),
        });
        console.log(options.json ? JSON.stringify(summary, null, 2) : formatBatch(summary));
    });

function serviceTarget(value: string, previous: ServiceTargets): ServiceTargets {
    const match = /^(C[123])=(\d+(?:\.\d+)?)$/.exec(value);
    if (!match) throw new InvalidArgumentError('expected LANE=MINUTES, e.g. C1=3.');
    return { ...previous, [match[1]!]: Number(match[2]) };
}

program.command('run')
    .description('Run the SQL models (sql/staging → intermediate → marts) over a warehouse: release times, lane shares, selectivity, revenue and arrears')
    .requiredOption('--warehouse <file>', 'DuckDB warehouse file')
    .option('--target <lane=minutes>', `service target from lodgement to release, repeatable (default ${Object.entries(DEFAULT_TARGETS).map(([lane, minutes]) => `${lane}=${minutes}`).join(', ')})`, serviceTarget, DEFAULT_TARGETS)
    .option('--extreme-minutes <n>', 'lodgement → release longer than this is reported as extreme', positiveInteger, DEFAULT_EXTREME_MINUTES)
    .option('--as-of <YYYY-MM-DD>', 'data cut-off for arrears ageing (default: the last lodgement or payment date)')
    .option('--json', 'print the models run as JSON')
    .action(async (options: { warehouse: string; target: ServiceTargets; extremeMinutes: number; asOf?: string; json?: boolean }) => {
        const runs = await runWarehouseModels({
            warehouse: options.warehouse, targets: options.target, extremeMinutes: options.extremeMinutes, asOfDate: options.asOf,
            onModel: options.json ? undefined : (run) => console.log(`${run.layer.padEnd(13)} ${run.name.padEnd(34)} ${run.rows.toLocaleString('en-US').padStart(12)} rows  ${run.seconds.toFixed(2)} s`),
        });
        if (options.json) console.log(JSON.stringify(runs, null, 2));
    });

program.command('publish')
    .description('Write the publication tables (pub_…, aggregates only) of a warehouse as CSV files')
    .requiredOption('--warehouse <file>', 'DuckDB warehouse file')
    .requiredOption('--out <dir>', 'folder to write into')
    .action(async (options: { warehouse: string; out: string }) => {
        for (const file of await publishTables({ warehouse: options.warehouse, outDir: options.out })) {
            console.log(`${file.table.padEnd(32)} ${file.rows.toLocaleString('en-US').padStart(8)} rows  ${file.path}`);
        }
    });

program.command('demo')
    .description('Generate the default synthetic world into data/, load it into data/warehouse/customs.duckdb, and run the pipelines')
    .option('--declarations <n>', 'number of declarations', positiveInteger, 200_000)
    .action(async (options: { declarations: number }) => {
        await runDemo({ declarations: options.declarations, log: (line) => console.log(line) });
    });

program.command('bench')
    .description('Time generation and loading of a synthetic world of N item lines against a bare DuckDB load of the same files')
    .option('--lines <n>', 'item lines to generate', positiveInteger, 10_000_000)
    .option('--quick', 'a quick run of 200,000 item lines')
    .option('--json', 'print the table as JSON')
    .action(async (options: { lines: number; quick?: boolean; json?: boolean }) => {
        const lines = options.quick ? 200_000 : options.lines;
        const stages = await runBench({ lines, log: (line) => process.stderr.write(`${line}\n`) });
        console.log(options.json ? JSON.stringify({ lines, stages }, null, 2) : formatBench(stages));
    });

program.command('evaluate')
    .description('Evaluate the audit model on a labelled data set: train on --train, stop early on --valid, score --test; precision and recall at the top 1, 2, 5 and 10%, AUC, training seconds')
    .requiredOption('--format <name>', 'layout of the files: kcs (Korea Customs Service import declarations)')
    .requiredOption('--train <file>', 'training file')
    .requiredOption('--valid <file>', 'validation file (early stopping)')
    .requiredOption('--test <file>', 'file to score')
    .option('--json', 'print {precisionAt, recallAt, auc, trainSeconds} as JSON')
    .action(async (options: { format: string; train: string; valid: string; test: string; json?: boolean }) => {
        if (options.format !== 'kcs') throw new UserError('unknown_format', `Unknown --format "${options.format}". The one format is kcs (the Korea Customs Service data set layout).`);
        const result = await evaluateKcs({ train: options.train, valid: options.valid, test: options.test });
        console.log(options.json
            ? JSON.stringify({ precisionAt: result.precisionAt, recallAt: result.recallAt, auc: result.auc, trainSeconds: result.trainSeconds })
            : formatKcsEvaluation(result));
    });

// The benchmark runs each stage as a child process and asks it to leave its resource usage here.
if (process.env.CUSTOMS_RUSAGE_FILE) {
    const file = process.env.CUSTOMS_RUSAGE_FILE;
    process.on('exit', () => writeFileSync(file, JSON.stringify(process.resourceUsage())));
}

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
