// An amendment of an item line after release revises the trade statistics: on a generated world (3,000 declarations,
// seed 7) 2025-06 is published, then an amendments file raises the customs value of one import line of 2025-03 by a
// known amount, and the next release shows exactly the cells holding that line revised by that amount. The expected
// cell values are summed here from the warehouse's declarations and item lines, not read from the models.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishStats, type StatsRelease } from '../../pipelines/publish-stats.js';
import { runWarehouseModels } from '../../pipelines/run-models.js';
import { ingest, type BatchSummary } from '../../src/ingest/load-batch.js';
import { parseCsvLine } from '../support/csv-files.js';
import { writeFiles } from '../support/mini-world.js';
import { query, quarantine } from '../support/warehouse-queries.js';
import { generatedWarehouse, type GeneratedWarehouse } from './generated-warehouse.js';

/** What the amendment adds to the line's customs value, in cents: TWD 12,345.67. */
const DELTA_CENTS = 1_234_567;

interface Line {
    declaration_id: string;
    line_number: string;
    tariff_code: string;
    origin_country: string;
    net_mass_kg: string;
    customs_value_twd: string;
    lodgement_at: string;
    cif_value_twd: string;
    fob_value_twd: string;
}

/** The cells a line of flow M counts in: each commodity level of its code, for all partners and for its origin. */
interface CellKey {
    commodity_level: string;
    commodity_code: string;
    partner_code: string;
}

type Row = Record<string, string>;
function readCsv(path: string): Row[] {
    const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
    const columns = parseCsvLine(header!);
    return lines.map((line) => Object.fromEntries(parseCsvLine(line).map((field, index) => [columns[index]!, field])));
}

const cents = (value: string | number) => Math.round(Number(value) * 100);
const keyText = (key: CellKey) => `${key.commodity_level}|${key.commodity_code}|${key.partner_code}`;

let world: GeneratedWarehouse;
let configDir: string;
let line: Line;
let section: string;
let cells: CellKey[];
/** Each cell's value in cents, summed from the declared item lines of 2025-03 imports. */
let declaredCents: Map<string, number>;
let first: StatsRelease;
let batch: BatchSummary;
let second: StatsRelease;

/** Σ customs value (cents) of the import lines lodged in 2025-03 that fall in a cell, from the raw tables. */
async function declaredCellCents(key: CellKey): Promise<number> {
    const code = key.commodity_level === 'TOTAL' ? 'true'
        : key.commodity_level === 'SECTION' ? `chapters.section_code = '${key.commodity_code}'`
            : `starts_with(items.tariff_code, '${key.commodity_code}')`;
    const partner = key.partner_code === 'W00' ? 'true' : `items.origin_country = '${key.partner_code}'`;
    const [row] = await query<{ value_twd: string }>(world.warehouse, `
        select coalesce(sum(items.customs_value_twd), 0)::varchar as value_twd
        from declaration_items items
        join declarations using (declaration_id)
        join hs_chapters chapters on chapters.chapter_code = left(items.tariff_code, 2)
        where declarations.declaration_type = 'import' and strftime(declarations.lodgement_at, '%Y-%m') = '2025-03'
            and ${code} and ${partner}`);
    return cents(row!.value_twd);
}

beforeAll(async () => {
    world = await generatedWarehouse();
    // No confidential items, so that no cell is withheld and every revision shows.
    configDir = writeFiles({
        'confidentiality.csv': 'item_kind,item_code,reason\n',
        'release-calendar.csv': 'period_month,scheduled_release_date\n2025-06-01,2025-07-07\n',
    }, join(world.directory, 'config'));
    await runWarehouseModels({ warehouse: world.warehouse, configDir });
    first = await publishStats({ warehouse: world.warehouse, period: '2025-06', outDir: join(world.directory, 'release-1') });

    // The line to amend: line 1 of the first import for home use lodged in 2025-03 (home use: it counts in M only).
    const [picked] = await query<Line>(world.warehouse, `
        select items.declaration_id, items.line_number::varchar as line_number, items.tariff_code, items.origin_country,
            items.net_mass_kg::varchar as net_mass_kg, items.customs_value_twd::varchar as customs_value_twd,
            strftime(declarations.lodgement_at, '%Y-%m-%dT%H:%M:%S') as lodgement_at,
            declarations.cif_value_twd::varchar as cif_value_twd, declarations.fob_value_twd::varchar as fob_value_twd
        from declaration_items items join declarations using (declaration_id)
        where declarations.declaration_type = 'import' and declarations.customs_procedure = 'home_use'
            and strftime(declarations.lodgement_at, '%Y-%m') = '2025-03' and items.line_number = 1
        order by declarations.lodgement_at, items.declaration_id
        limit 1`);
    line = picked!;
    const [chapter] = await query<{ section_code: string }>(world.warehouse,
        `select section_code from hs_chapters where chapter_code = '${line.tariff_code.slice(0, 2)}'`);
    section = chapter!.section_code;
    const codes: [string, string][] = [
        ['TOTAL', 'TOTAL'], ['SECTION', section], ['HS2', line.tariff_code.slice(0, 2)], ['HS4', line.tariff_code.slice(0, 4)],
        ['HS6', line.tariff_code.slice(0, 6)], ['CCC', line.tariff_code],
    ];
    cells = codes.flatMap(([level, code]) => ['W00', line.origin_country].map((partner) =>
        ({ commodity_level: level, commodity_code: code, partner_code: partner })));
    declaredCents = new Map();
    for (const key of cells) declaredCents.set(keyText(key), await declaredCellCents(key));

    // Three amendments of the line (the latest one, by time then id, raises it by DELTA), one of a line that does not
    // exist, one dated before the declaration was lodged.
    const value = (addCents: number) => ((cents(line.customs_value_twd) + addCents) / 100).toFixed(2);
    const id = line.declaration_id;
    const batchDir = writeFiles({
        'declaration_amendments.csv': [
            'amendment_id,declaration_id,line_number,amended_at,customs_value_twd,net_mass_kg,quantity,tariff_code,origin_country,reason',
            `AMD0000001,${id},1,2025-04-10T09:00:00,${value(50_000)},${line.net_mass_kg},,,,trader's correction (superseded)`,
            `AMD0000002,${id},1,2025-05-02T14:00:00,${value(777_700)},${line.net_mass_kg},,,,same time as AMD0000003 but a lower id`,
            `AMD0000003,${id},1,2025-05-02T14:00:00,${value(DELTA_CENTS)},${line.net_mass_kg},,,,post-clearance audit: royalties added`,
            `AMD0000004,${id},99,2025-05-02T14:00:00,${value(DELTA_CENTS)},${line.net_mass_kg},,,,no such line`,
            `AMD0000005,${id},1,2025-02-01T08:00:00,${value(DELTA_CENTS)},${line.net_mass_kg},,,,dated before lodgement`,
        ].join('\n') + '\n',
    }, join(world.directory, 'amendments'));
    batch = await ingest({ warehouse: world.warehouse, paths: [batchDir] });
    await runWarehouseModels({ warehouse: world.warehouse, configDir });
    second = await publishStats({ warehouse: world.warehouse, period: '2025-06', outDir: join(world.directory, 'release-2') });
});
afterAll(() => rmSync(world.directory, { recursive: true, force: true }));

/** The release's cells of 2025-03 imports, by cell key. */
function releasedCells(release: string): Map<string, Row> {
    const rows = readCsv(join(world.directory, release, 'trade-cells.csv')).filter((row) => row.month === '2025-03' && row.flow_code === 'M');
    return new Map(rows.map((row) => [keyText(row as unknown as CellKey), row]));
}

describe('an amendment of an item line after release', () => {
    it('first publishes the line at its declared value, in cells that equal the sums of the declared lines', () => {
        expect(first.releaseId).toBe(1);
        expect(cells).toHaveLength(12);
        expect(line.origin_country).not.toBe('W00');
        const published = releasedCells('release-1');
        for (const key of cells) {
            const cell = published.get(keyText(key));
            expect(cell, keyText(key)).toBeDefined();
            expect(cell!.conf_status, keyText(key)).toBe('F');
            expect(cents(cell!.value_twd!), keyText(key)).toBe(declaredCents.get(keyText(key)));
        }
    });

    it('loads the amendments of an existing line and quarantines the others with their reason', async () => {
        expect(batch.totals).toEqual({ read: 5, loaded: 3, quarantined: 2 });
        const refused = (await quarantine(world.warehouse)).filter((row) => row.target_table === 'declaration_amendments');
        expect(refused.map((row) => [row.raw_text!.slice(0, 10), row.rule, row.column_name])).toEqual([
            ['AMD0000004', 'unknown_reference', 'line_number'],
            ['AMD0000005', 'date_order', 'amended_at'],
        ]);
        expect(refused[0]!.message).toBe(`declaration ${line.declaration_id} has no item line 99; an amendment can only correct a loaded item line`);
        expect(refused[1]!.message).toContain(`is before the declaration was lodged (${line.lodgement_at})`);
        const loaded = await query<{ amendment_id: string }>(world.warehouse, 'select amendment_id from declaration_amendments order by amendment_id');
        expect(loaded.map((row) => row.amendment_id)).toEqual(['AMD0000001', 'AMD0000002', 'AMD0000003']);
        // The declared line itself is kept as declared.
        const [declared] = await query<{ customs_value_twd: string }>(world.warehouse,
            `select customs_value_twd::varchar as customs_value_twd from declaration_items where declaration_id = '${line.declaration_id}' and line_number = 1`);
        expect(declared!.customs_value_twd).toBe(line.customs_value_twd);
    });

    it('revises exactly the cells holding the line, by the latest amendment less the declared value', () => {
        expect(second.releaseId).toBe(2);
        const published = releasedCells('release-2');
        for (const key of cells) {
            const cell = published.get(keyText(key))!;
            expect(cell.obs_status, keyText(key)).toBe('R');
            expect(cents(cell.value_twd!), keyText(key)).toBe(declaredCents.get(keyText(key))! + DELTA_CENTS);
        }
        // Nothing else moved: no other cell of any month of the release is revised.
        const revised = readCsv(join(world.directory, 'release-2', 'trade-cells.csv')).filter((row) => row.obs_status === 'R');
        expect(revised.map((row) => `${row.month}|${row.flow_code}|${keyText(row as unknown as CellKey)}`).sort())
            .toEqual(cells.map((key) => `2025-03|M|${keyText(key)}`).sort());
        expect(second.revisedCells).toBe(12);
    });

    it('shares the amended value out to the FOB value by the header FOB/CIF ratio', () => {
        const total = (release: string) => releasedCells(release).get('TOTAL|TOTAL|W00')!;
        const fobDelta = Number(total('release-2').fob_value_twd) - Number(total('release-1').fob_value_twd);
        expect(fobDelta).toBeCloseTo((DELTA_CENTS / 100) * Number(line.fob_value_twd) / Number(line.cif_value_twd), 1);
    });

    it('shows the revision of exactly the amendment in fct_trade_revisions and fct_trade_revision_summary', async () => {
        const revisions = await query<CellKey & { month: string; flow_code: string; first_release_id: number; latest_release_id: number; revision_twd: number }>(world.warehouse, `
            select strftime(month_date, '%Y-%m') as month, flow_code, commodity_level, commodity_code, partner_code,
                first_release_id, latest_release_id, revision_twd
            from fct_trade_revisions where abs(revision_twd) >= 0.005`);
        expect(revisions.map((row) => `${row.month}|${row.flow_code}|${keyText(row)}`).sort())
            .toEqual(cells.map((key) => `2025-03|M|${keyText(key)}`).sort());
        for (const row of revisions) {
            expect(row).toMatchObject({ first_release_id: 1, latest_release_id: 2 });
            expect(cents(row.revision_twd), keyText(row)).toBe(DELTA_CENTS);
        }
        const [summary] = await query<{ count_cells_republished: string; count_cells_revised: string; total_revision_twd: number; mean_absolute_revision_twd: number }>(world.warehouse, `
            select count_cells_republished, count_cells_revised, total_revision_twd, mean_absolute_revision_twd
            from fct_trade_revision_summary
            where month_date = '2025-03-01' and flow_code = 'M' and commodity_level = 'TOTAL'`);
        // At the TOTAL level: the all-partner cell and the origin's cell, each by DELTA.
        expect(Number(summary!.count_cells_revised)).toBe(2);
        expect(cents(summary!.total_revision_twd)).toBe(DELTA_CENTS);
        expect(summary!.mean_absolute_revision_twd).toBeCloseTo((2 * DELTA_CENTS / 100) / Number(summary!.count_cells_republished), 6);
    });
});
