// `customs generate`: writes a seeded synthetic customs world as CSV files in the layout the loader reads.
//   DIR/reference/            static reference files (copied) plus traders, exchange_rates, tariff_codes, tariff_rates
//   DIR/<table>/<YYYY-MM>.csv declarations, declaration_items, clearance_events, inspections, payments, planted_fraud
//                             by the lodgement month of their declaration; post_clearance_audits by opened month
//   DIR/manifest.json         options, row counts, generator version (no time stamps or paths)
// The same options give byte-identical files. Months are generated one after another, so memory depends on the
// number of traders, not of declarations.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { GENERATED_TABLES } from '../schema/tables.js';
import { AuditLedger, planAuditRound, startsAuditRound } from './audit-planner.js';
import { monthlyDeclarationCounts } from './declaration-calendar.js';
import { ExchangeRates } from './exchange-rates.js';
import { timeWindow, TimeText } from './local-time.js';
import { MONTH_TABLES, MonthGenerator } from './month-generator.js';
import { STATIC_REFERENCE_TABLES } from './reference-codes.js';
import { TariffBook } from './tariff-book.js';
import { TraderPopulation } from './trader-population.js';

/** Bumped whenever the same options would give different files. */
export const GENERATOR_VERSION = '1.0.0';

const STATIC_REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'reference');
/** Declarations between two progress reports. */
const PROGRESS_EVERY = 4096;

export interface GenerateOptions {
    outDir: string;
    declarations: number;
    seed: number;
    /** First month, YYYY-MM. */
    from: string;
    months: number;
    onProgress?: (done: number, total: number) => void;
}

export interface GenerateSummary {
    outDir: string;
    /** Rows written per table, reference tables included. */
    rows: Record<string, number>;
    seconds: number;
}

export async function generateWorld(options: GenerateOptions): Promise<GenerateSummary> {
    const started = performance.now();
    const { seed, declarations } = options;
    if (!Number.isInteger(declarations) || declarations < 1) throw new Error(`declarations must be a positive whole number, got ${declarations}`);
    if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number, got ${seed}`);
    if (!Number.isInteger(options.months) || options.months < 1) throw new Error(`months must be a positive whole number, got ${options.months}`);
    const window = timeWindow(options.from, options.months);
    const outDir = resolve(options.outDir);
    const referenceDir = join(outDir, 'reference');
    if (referenceDir === resolve(STATIC_REFERENCE_DIR)) {
        throw new Error(`${outDir} holds the project's static reference files; generate into another folder`);
    }
    clearEarlierWorld(outDir);
    mkdirSync(referenceDir, { recursive: true });

    const rows: Record<string, number> = {};
    for (const table of STATIC_REFERENCE_TABLES) {
        const source = join(STATIC_REFERENCE_DIR, `${table}.csv`);
        copyFileSync(source, join(referenceDir, `${table}.csv`));
        rows[table] = readFileSync(source, 'utf8').split('\n').filter((line) => line !== '').length - 1;
    }

    const book = new TariffBook(seed);
    const population = new TraderPopulation(seed, declarations, window, book);
    const rates = new ExchangeRates(seed, window);
    // Days cached for formatting: from a year before the window (audit periods) to after it (due dates).
    const timeText = new TimeText(window.firstDay - 400, window.endDay + 60);
    rows.traders = population.write(referenceDir, timeText);
    rows.exchange_rates = rates.write(referenceDir, timeText);
    Object.assign(rows, book.write(referenceDir));

    const ledger = new AuditLedger(population.traders.length);
    let done = 0;
    const generator = new MonthGenerator({
        seed, outDir, window, book, population, rates, ledger, timeText,
        onDeclaration: () => {
            done++;
            if (done % PROGRESS_EVERY === 0) options.onProgress?.(done, declarations);
        },
    });
    const counts = monthlyDeclarationCounts(window, declarations);
    let audits = 0;
    for (const month of window.months) {
        if (startsAuditRound(month)) {
            audits += planAuditRound(seed, month, window, ledger, population, outDir, timeText);
            ledger.clearSlot(AuditLedger.slotOf(month));
        }
        generator.generate(month, counts[month.index]!);
        // Let the event loop breathe between months (progress output, signals).
        await new Promise((next) => setImmediate(next));
    }
    Object.assign(rows, generator.rows);
    rows.post_clearance_audits = audits;
    options.onProgress?.(declarations, declarations);

    // Row counts in load order.
    const ordered = Object.fromEntries(GENERATED_TABLES.map((table) => [table.name, rows[table.name] ?? 0]));
    const manifest = {
        generator: 'customs synthetic world',
        version: GENERATOR_VERSION,
        options: { declarations, seed, from: options.from, months: options.months },
        window: { first_month: window.months[0]!.label, last_month: window.months[window.months.length - 1]!.label },
        rows: ordered,
    };
    writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return { outDir, rows: ordered, seconds: (performance.now() - started) / 1000 };
}

/**
 * Removes the monthly files of an earlier run (which may have covered other months) and its manifest, so the
 * folder holds exactly one world. Only files this generator writes are touched.
 */
function clearEarlierWorld(outDir: string): void {
    for (const table of [...MONTH_TABLES, 'post_clearance_audits']) {
        const dir = join(outDir, table);
        if (!existsSync(dir)) continue;
        for (const name of readdirSync(dir)) {
            if (/^\d{4}-\d{2}\.csv$/.test(name)) rmSync(join(dir, name));
        }
    }
    rmSync(join(outDir, 'manifest.json'), { force: true });
}
