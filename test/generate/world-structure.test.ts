// A generated world is what the loader expects: the canonical layout and headers, rows valid against their zod
// records and column metadata, unique keys, resolving references, item lines adding up to their header, and
// clearance milestones in time order.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { generateWorld, type GenerateSummary } from '../../src/generate/generate-world.js';
import { COUNTRY_CODES, CURRENCY_CODES, OFFICES, WCO_UNIT_CODES } from '../../src/generate/reference-codes.js';
import { CLEARANCE_EVENT_TYPES } from '../../src/schema/code-lists.js';
import { columnMeta } from '../../src/schema/columns.js';
import { GENERATED_TABLES } from '../../src/schema/tables.js';
import { isValidTariffCode } from '../../src/schema/tariff-code.js';
import { parseCsvLine, readCsvFile, readRows, tableFiles, typedRow } from '../support/csv-files.js';

// Four months across a year end, a leap day and a Lunar New Year, with one round of post-clearance audits (January).
const OPTIONS = { declarations: 3_000, seed: 7, from: '2023-11', months: 4 };
const WINDOW_END = '2024-02-29';
const LATEST_DUE_DATE = '2024-03-14';
const STATIC_REFERENCE = fileURLToPath(new URL('../../data/reference/', import.meta.url));

let world: string;
let summary: GenerateSummary;
const rows = new Map<string, Record<string, string>[]>();
const table = (name: string) => rows.get(name)!;

beforeAll(async () => {
    world = mkdtempSync(join(tmpdir(), 'customs-world-'));
    summary = await generateWorld({ ...OPTIONS, outDir: world });
    for (const { name } of GENERATED_TABLES) rows.set(name, readRows(world, name));
}, 60_000);

/** Rows grouped by a column, keeping file order. */
function groupBy(list: Record<string, string>[], column: string): Map<string, Record<string, string>[]> {
    const groups = new Map<string, Record<string, string>[]>();
    for (const row of list) {
        const key = row[column]!;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push(row);
    }
    return groups;
}

const cents = (text: string) => Math.round(Number(text) * 100);

describe('a generated world', () => {
    it('has every table, each file headed by exactly its schema columns, and a manifest that matches', () => {
        for (const loadable of GENERATED_TABLES) {
            const files = tableFiles(world, loadable.name);
            expect(files.length, loadable.name).toBeGreaterThan(0);
            for (const path of files) {
                expect(readCsvFile(path).header, path).toBe(Object.keys(loadable.schema.shape).join(','));
                if (loadable.kind !== 'reference') expect(basename(path), path).toMatch(/^\d{4}-\d{2}\.csv$/);
            }
        }
        const manifest = JSON.parse(readFileSync(join(world, 'manifest.json'), 'utf8'));
        expect(manifest.options).toEqual({ declarations: 3000, seed: 7, from: '2023-11', months: 4 });
        expect(JSON.stringify(manifest)).not.toContain(world);
        for (const { name } of GENERATED_TABLES) expect(manifest.rows[name], name).toBe(table(name).length);
        expect(summary.rows).toEqual(manifest.rows);
        expect(table('declarations')).toHaveLength(3000);
    });

    it('copies the static reference files, whose codes are the ones the generator uses', () => {
        for (const name of ['hs_sections', 'hs_chapters', 'countries', 'currencies', 'wco_units', 'offices']) {
            expect(readFileSync(join(world, 'reference', `${name}.csv`), 'utf8')).toBe(readFileSync(join(STATIC_REFERENCE, `${name}.csv`), 'utf8'));
        }
        expect(table('countries').map((row) => row.country_code)).toEqual([...COUNTRY_CODES]);
        expect(table('currencies').map((row) => row.currency_code)).toEqual([...CURRENCY_CODES]);
        expect(table('wco_units').map((row) => row.unit_code)).toEqual([...WCO_UNIT_CODES]);
        expect(Object.fromEntries(table('offices').map((row) => [row.office_id, row.office_kind]))).toEqual(OFFICES);
    });

    it('writes only rows valid against their zod record, in the canonical text formats', () => {
        const problems: string[] = [];
        for (const loadable of GENERATED_TABLES) {
            for (const row of table(loadable.name)) {
                const result = loadable.schema.safeParse(typedRow(loadable, row));
                if (!result.success) problems.push(`${loadable.name} ${JSON.stringify(row)}: ${result.error.message}`);
                for (const [column, schema] of Object.entries(loadable.schema.shape)) {
                    const text = row[column]!;
                    if (text === '') continue;
                    const meta = columnMeta(schema as z.ZodType);
                    const format = meta.sql === 'DECIMAL(18,2)' ? /^\d+\.\d{2}$/
                        : meta.sql === 'DOUBLE' ? /^\d+(\.\d{1,6})?$/
                            : meta.sql === 'INTEGER' ? /^\d+$/
                                : meta.sql === 'TIMESTAMP' ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/
                                    : meta.sql === 'DATE' ? /^\d{4}-\d{2}-\d{2}$/ : null;
                    if (format && !format.test(text)) problems.push(`${loadable.name}.${column} = "${text}" is not in canonical form`);
                    if (meta.pattern === '[0-9]{11}' && !isValidTariffCode(text)) problems.push(`${loadable.name}.${column} = ${text} fails its check digit`);
                    if (meta.sql === 'DATE' || meta.sql === 'TIMESTAMP') {
                        // Nothing happens after the window; a due date may fall up to 14 days beyond it.
                        const latest = column === 'due_date' ? LATEST_DUE_DATE : WINDOW_END;
                        if (text < '1990-01-01' || text.slice(0, 10) > latest) problems.push(`${loadable.name}.${column} = ${text} is outside the window`);
                    }
                }
            }
        }
        expect(problems.slice(0, 10)).toEqual([]);
    });

    it('has unique keys and references that resolve', () => {
        const problems: string[] = [];
        for (const loadable of GENERATED_TABLES) {
            const keys = new Set<string>();
            for (const row of table(loadable.name)) {
                const key = loadable.key.map((column) => row[column]).join('|');
                if (keys.has(key)) problems.push(`${loadable.name}: key ${key} repeats`);
                keys.add(key);
            }
            for (const [column, schema] of Object.entries(loadable.schema.shape)) {
                const ref = columnMeta(schema as z.ZodType).ref;
                if (!ref) continue;
                const [refTable, refColumn] = ref.split('.') as [string, string];
                const known = new Set(table(refTable).map((row) => row[refColumn]));
                for (const row of table(loadable.name)) {
                    if (row[column] !== '' && !known.has(row[column])) problems.push(`${loadable.name}.${column} = ${row[column]} is not in ${ref}`);
                }
            }
        }
        expect(problems.slice(0, 10)).toEqual([]);
    });

    it('writes each fact row in the file of its declaration\'s lodgement month', () => {
        const month = new Map(table('declarations').map((row) => [row.declaration_id!, row.lodgement_at!.slice(0, 7)]));
        for (const name of ['declaration_items', 'clearance_events', 'inspections', 'payments', 'planted_fraud']) {
            for (const path of tableFiles(world, name)) {
                const file = readCsvFile(path);
                const idColumn = file.header.split(',').indexOf('declaration_id');
                for (const line of file.lines) expect(month.get(parseCsvLine(line)[idColumn]!), `${name} ${line}`).toBe(basename(path, '.csv'));
            }
        }
        for (const path of tableFiles(world, 'declarations')) {
            for (const line of readCsvFile(path).lines) expect(line.split(',')[3]!.slice(0, 7)).toBe(basename(path, '.csv'));
        }
        expect(dirname(tableFiles(world, 'declarations')[0]!)).toBe(join(world, 'declarations'));
    });

    it('has item lines that add up to their header to the cent, and taxes only on imports for home use', () => {
        const items = groupBy(table('declaration_items'), 'declaration_id');
        const payments = new Map(table('payments').map((row) => [row.declaration_id!, row]));
        for (const header of table('declarations')) {
            const lines = items.get(header.declaration_id!) ?? [];
            expect(lines.map((line) => Number(line.line_number))).toEqual(lines.map((_, index) => index + 1));
            expect(lines).toHaveLength(Number(header.item_count));
            const headerValue = header.declaration_type === 'import' ? header.cif_value_twd! : header.fob_value_twd!;
            expect(lines.reduce((sum, line) => sum + cents(line.customs_value_twd!), 0), header.declaration_id).toBe(cents(headerValue));
            if (header.declaration_type === 'import') expect(cents(header.fob_value_twd!)).toBeLessThanOrEqual(cents(header.cif_value_twd!));
            else expect(cents(header.cif_value_twd!)).toBeGreaterThanOrEqual(cents(header.fob_value_twd!));

            const taxes = { duty: 0, business: 0, commodity: 0 };
            for (const line of lines) {
                taxes.duty += cents(line.duty_twd!);
                taxes.business += cents(line.business_tax_twd!);
                taxes.commodity += cents(line.commodity_tax_twd!);
                expect(Number(line.gross_mass_kg)).toBeGreaterThanOrEqual(Number(line.net_mass_kg));
            }
            const total = taxes.duty + taxes.business + taxes.commodity;
            const homeUse = header.declaration_type === 'import' && header.customs_procedure === 'home_use';
            if (!homeUse) expect(total, header.declaration_id).toBe(0);
            const payment = payments.get(header.declaration_id!);
            expect(payment !== undefined, header.declaration_id).toBe(total > 0);
            if (payment) {
                expect([cents(payment.duty_twd!), cents(payment.business_tax_twd!), cents(payment.commodity_tax_twd!)]).toEqual([taxes.duty, taxes.business, taxes.commodity]);
                expect(cents(payment.amount_paid_twd!)).toBeLessThanOrEqual(total);
                expect(payment.assessed_date).toBe(header.lodgement_at!.slice(0, 10));
                if (payment.paid_date) expect(payment.paid_date >= payment.assessed_date!).toBe(true);
                else expect([payment.amount_paid_twd, payment.channel]).toEqual(['0.00', '']);
            }
        }
    });

    it('uses the month\'s exchange rate and an office that serves the mode of transport', () => {
        const rates = new Map(table('exchange_rates').map((row) => [`${row.currency_code}|${row.rate_month!.slice(0, 7)}`, row.twd_per_unit]));
        const officeKinds: Record<string, string[]> = { 1: ['sea'], 4: ['air'], 5: ['post'], 3: ['sea', 'air'], 9: ['sea', 'air'] };
        for (const header of table('declarations')) {
            expect(header.exchange_rate).toBe(rates.get(`${header.currency_code}|${header.lodgement_at!.slice(0, 7)}`));
            expect(officeKinds[header.transport_mode_code!], header.declaration_id).toContain(OFFICES[header.office_id as keyof typeof OFFICES]);
        }
    });

    it('orders each declaration\'s clearance milestones in time', () => {
        const order = (type: string) => CLEARANCE_EVENT_TYPES.indexOf(type as (typeof CLEARANCE_EVENT_TYPES)[number]);
        const lodged = new Map(table('declarations').map((row) => [row.declaration_id!, row]));
        const events = groupBy(table('clearance_events'), 'declaration_id');
        expect(events.size).toBe(lodged.size);
        for (const [id, list] of events) {
            const at = Object.fromEntries(list.map((event) => [event.event_type!, event.event_at!]));
            expect(at.lodgement, id).toBe(lodged.get(id)!.lodgement_at);
            for (let i = 1; i < list.length; i++) expect(list[i]!.event_at! >= list[i - 1]!.event_at!, id).toBe(true);
            // Every milestone but arrival and payment follows the one before it in the TRS order.
            const chain = list.filter((event) => event.event_type !== 'arrival' && event.event_type !== 'payment');
            expect(chain.map((event) => order(event.event_type!)), id).toEqual(chain.map((event) => order(event.event_type!)).sort((a, b) => a - b));
            if (at.arrival && at.release) expect(at.arrival <= at.release, id).toBe(true);
            if (at.exit) expect(at.release, id).toBeDefined();
        }
    });

    it('records inspections only for C2 and C3 declarations', () => {
        const lane = new Map(table('declarations').map((row) => [row.declaration_id!, row.lane!]));
        for (const inspection of table('inspections')) {
            expect(['C2', 'C3']).toContain(lane.get(inspection.declaration_id!));
            expect(inspection.discrepancy_kind === '').toBe(inspection.is_discrepancy_found === 'false');
        }
    });
});

