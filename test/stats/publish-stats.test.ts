// `customs publish stats` on a generated world (3,000 declarations, seed 7) with one confidential code and one
// confidential trader: the published files reconcile to the item lines, nothing withheld can be recovered by
// subtraction, the files carry the statuses and metadata, and a late declaration revises the month it belongs to.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishStats, type StatsRelease } from '../../pipelines/publish-stats.js';
import { runWarehouseModels, runWarehouseModelsWithPlan } from '../../pipelines/run-models.js';
import { ingest } from '../../src/ingest/load-batch.js';
import { parseCsvLine } from '../support/csv-files.js';
import { runCli } from '../support/run-cli.js';
import { execute, query } from '../support/warehouse-queries.js';
import { writeFiles } from '../support/mini-world.js';
import { generatedWarehouse, type GeneratedWarehouse } from './generated-warehouse.js';

/** Processors n.e.s. (traded with several partners in 2025-06) and the 4th-largest trader of 2025-06. */
const CONFIDENTIAL_CODE = '85423200006';
const CONFIDENTIAL_TRADER = 'T69902216';

let world: GeneratedWarehouse;
let configDir: string;
let first: StatsRelease;
let firstOut: string;

type Row = Record<string, string>;
function readCsv(path: string): Row[] {
    const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
    const columns = parseCsvLine(header!);
    return lines.map((line) => Object.fromEntries(parseCsvLine(line).map((field, index) => [columns[index]!, field])));
}

beforeAll(async () => {
    world = await generatedWarehouse();
    configDir = join(world.directory, 'config');
    writeFiles({
        'confidentiality.csv': `item_kind,item_code,reason\ntariff_code,${CONFIDENTIAL_CODE},test\ntrader,${CONFIDENTIAL_TRADER},"test, at the trader's request"\n`,
        'release-calendar.csv': 'period_month,scheduled_release_date\n2025-06-01,2025-07-07\n',
    }, configDir);
    await runWarehouseModels({ warehouse: world.warehouse, configDir });
    firstOut = join(world.directory, 'release-1');
    first = await publishStats({ warehouse: world.warehouse, period: '2025-06', outDir: firstOut });
});
afterAll(() => rmSync(world.directory, { recursive: true, force: true }));

/** Chapter → section, as any reader can look it up in the nomenclature. */
async function sectionsOfChapters(): Promise<Map<string, string>> {
    const rows = await query<{ chapter_code: string; section_code: string }>(world.warehouse, 'select chapter_code, section_code from hs_chapters');
    return new Map(rows.map((row) => [row.chapter_code, row.section_code]));
}

/**
 * The attack: every published total equals the sum of its parts (commodity parent = its children, per partner;
 * all partners = the partners, per code). Wherever exactly one member is blank, solve for it; repeat with what was
 * solved until nothing more comes out. Returns the blank cells recovered.
 */
function recoverBySubtraction(rows: Row[], sections: Map<string, string>): string[] {
    const key = (row: Row, level = row.commodity_level!, code = row.commodity_code!, partner = row.partner_code!) =>
        [row.month, row.flow_code, level, code, partner].join('|');
    const parentOf: Record<string, [string, (code: string) => string]> = {
        SECTION: ['TOTAL', () => 'TOTAL'], HS2: ['SECTION', (code) => sections.get(code)!],
        HS4: ['HS2', (code) => code.slice(0, 2)], HS6: ['HS4', (code) => code.slice(0, 4)], CCC: ['HS6', (code) => code.slice(0, 6)],
    };
    const known = new Map<string, number | null>(rows.map((row) => [key(row), row.value_twd === '' ? null : Number(row.value_twd)]));
    const equations = new Map<string, string[]>();
    for (const row of rows) {
        const parent = parentOf[row.commodity_level!];
        if (parent) {
            const total = key(row, parent[0], parent[1](row.commodity_code!));
            equations.set(`c:${total}`, [...(equations.get(`c:${total}`) ?? [total]), key(row)]);
        }
        if (row.partner_code !== 'W00') {
            const total = key(row, row.commodity_level, row.commodity_code, 'W00');
            equations.set(`p:${total}`, [...(equations.get(`p:${total}`) ?? [total]), key(row)]);
        }
    }
    const recovered: string[] = [];
    let progress = true;
    while (progress) {
        progress = false;
        for (const [total = '', ...parts] of equations.values()) {
            const unknown = [total, ...parts].filter((member) => known.get(member) === null);
            if (unknown.length !== 1) continue;
            const sumParts = parts.reduce((sum, part) => sum + (known.get(part) ?? 0), 0);
            const value = unknown[0] === total ? sumParts : known.get(total)! - sumParts;
            known.set(unknown[0]!, value);
            recovered.push(unknown[0]!);
            progress = true;
        }
    }
    return recovered;
}

describe('publish stats', () => {
    it('withholds the confidential cells and the cells that would give them away', async () => {
        const rows = readCsv(join(firstOut, 'trade-cells.csv'));
        const withheld = rows.filter((row) => row.conf_status !== 'F');
        expect(first.withheldPrimary).toBeGreaterThan(0);
        expect(first.withheldSecondary).toBeGreaterThan(0);
        expect(withheld.length).toBe(first.withheldPrimary + first.withheldSecondary);
        for (const row of withheld) {
            expect(row.obs_status).toBe('C');
            expect([row.value_twd, row.value_usd, row.fob_value_twd, row.net_mass_kg, row.quantity, row.count_estimated_lines]).toEqual(['', '', '', '', '', '']);
        }
        // Every national-code cell of the confidential code is withheld, for every partner.
        const codeCells = rows.filter((row) => row.commodity_level === 'CCC' && row.commodity_code === CONFIDENTIAL_CODE);
        expect(codeCells.length).toBeGreaterThan(0);
        expect(codeCells.every((row) => row.conf_status === 'C')).toBe(true);
    });

    it('lets no withheld cell be recovered by subtracting published cells from published totals', async () => {
        const rows = readCsv(join(firstOut, 'trade-cells.csv'));
        const sections = await sectionsOfChapters();
        expect(recoverBySubtraction(rows, sections)).toEqual([]);
        // The attack works: had only the confidential cells been blanked, it would have recovered some of them.
        const primaryOnly = rows.map((row) => ({ ...row, value_twd: row.conf_status === 'C' ? '' : String(valueOf(row)) }));
        expect(recoverBySubtraction(primaryOnly, sections).length).toBeGreaterThan(0);
    });

    it('withholds the breakdown rows dominated by confidential lines, and the smallest other row of a breakdown with one', async () => {
        // Worked out from the loaded lines: each month × flow × breakdown × code, its value and the value of its lines of
        // the confidential code or trader. M and X hold every import and export, RM and RX the re-imports and re-exports.
        const expected = await query<{ key: string; value: number; confidential: number; count_confidential: string }>(world.warehouse, `
            with
            lines as (
                select strftime(lodgement_at, '%Y-%m') as month,
                    case declaration_type when 'import' then 'M' else 'X' end as flow_code,
                    customs_procedure, transport_mode_code, coalesce(consignment_country, '--') as consignment_country,
                    customs_value_twd as value,
                    tariff_code = '${CONFIDENTIAL_CODE}' or trader_id = '${CONFIDENTIAL_TRADER}' as is_confidential
                from declaration_items join declarations using (declaration_id)
                where lodgement_at >= '2024-06-01' and lodgement_at < '2025-07-01'
            ),
            flowed as (
                select * from lines
                union all
                select * replace ('R' || flow_code as flow_code) from lines where customs_procedure in ('re_import', 're_export')
            ),
            keyed as (
                select month, flow_code, 'transport_mode' as breakdown, transport_mode_code as code, value, is_confidential from flowed
                union all
                select month, flow_code, 'customs_procedure', customs_procedure, value, is_confidential from flowed
                union all
                select month, flow_code, 'consignment_country', consignment_country, value, is_confidential from flowed
            )
            select concat_ws('|', month, flow_code, breakdown, code) as key, sum(value)::double as value,
                coalesce(sum(value) filter (where is_confidential), 0)::double as confidential, count(*) filter (where is_confidential) as count_confidential
            from keyed group by all`);
        const truth = new Map(expected.map((row) => [row.key, row]));
        const rows = readCsv(join(firstOut, 'trade-breakdowns.csv'));
        expect(Object.keys(rows[0]!)).toEqual(['month', 'flow_code', 'breakdown', 'breakdown_code', 'count_lines', 'value_twd', 'value_usd', 'fob_value_twd', 'net_mass_kg', 'conf_status']);
        expect(rows.length).toBe(expected.length);
        // '--' (no country of consignment) is written with an apostrophe before it, made safe for spreadsheets
        const key = (row: Row) => [row.month, row.flow_code, row.breakdown, row.breakdown_code!.replace(/^'(?=[=+\-@])/, '')].join('|');
        const dominated = expected.filter((row) => Number(row.count_confidential) > 0 && row.confidential > 0.5 * row.value).map((row) => row.key).sort();
        expect(dominated.length).toBeGreaterThan(0);
        expect(rows.filter((row) => row.conf_status === 'C').map(key).sort()).toEqual(dominated);
        for (const row of rows) {
            const withheld = row.conf_status !== 'F';
            expect([row.value_twd, row.value_usd, row.fob_value_twd, row.net_mass_kg].every((value) => value === ''), key(row)).toBe(withheld);
            if (!withheld) expect(Math.round(Number(row.value_twd) * 100), key(row)).toBe(Math.round(truth.get(key(row))!.value * 100));
        }
        // The rows of a breakdown add up to the flow's published total: none may be the only one withheld (unless it is
        // the only row), and the second one withheld is the smallest of the others.
        const groups = new Map<string, Row[]>();
        for (const row of rows) {
            const group = [row.month, row.flow_code, row.breakdown].join('|');
            groups.set(group, [...(groups.get(group) ?? []), row]);
        }
        let secondary = 0;
        for (const [group, members] of groups) {
            const withheld = members.filter((row) => row.conf_status !== 'F');
            if (members.length > 1) expect(withheld.length, group).not.toBe(1);
            const primary = members.filter((row) => row.conf_status === 'C');
            const others = members.filter((row) => row.conf_status !== 'C').sort((a, b) => truth.get(key(a))!.value - truth.get(key(b))!.value);
            const expectedSecondary = primary.length === 1 && others.length > 0 ? [key(others[0]!)] : [];
            expect(members.filter((row) => row.conf_status === 'D').map(key), group).toEqual(expectedSecondary);
            secondary += expectedSecondary.length;
        }
        expect(secondary).toBeGreaterThan(0);
        // the release says how many it withheld, in its summary and its metadata
        const withheld = { rows: rows.length, withheldPrimary: dominated.length, withheldSecondary: secondary };
        expect(first.breakdowns).toEqual(withheld);
        const metadata = JSON.parse(readFileSync(join(firstOut, 'trade-metadata.json'), 'utf8'));
        expect(metadata.counts).toMatchObject({ breakdown_rows: withheld.rows, breakdown_rows_withheld_primary: withheld.withheldPrimary, breakdown_rows_withheld_secondary: withheld.withheldSecondary });
    });

    it('counts withheld detail in the totals: the published flow totals equal the sums of the loaded item lines', async () => {
        const rows = readCsv(join(firstOut, 'trade-cells.csv')).filter((row) => row.commodity_level === 'TOTAL' && row.partner_code === 'W00');
        const raw = await query<{ month: string; flow_code: string; value: string }>(world.warehouse, `
            select strftime(lodgement_at, '%Y-%m') as month, case declaration_type when 'import' then 'M' else 'X' end as flow_code,
                sum(customs_value_twd)::varchar as value
            from declaration_items join declarations using (declaration_id)
            where lodgement_at >= '2024-06-01' and lodgement_at < '2025-07-01' group by all`);
        expect(raw.length).toBe(2 * 13);
        for (const line of raw) {
            const cell = rows.find((row) => row.month === line.month && row.flow_code === line.flow_code)!;
            expect(Math.round(Number(cell.value_twd) * 100), `${line.month} ${line.flow_code}`).toBe(Math.round(Number(line.value) * 100));
        }
    });

    it('publishes each figure to its decimals, rounded from the warehouse\'s unrounded sums', async () => {
        const rows = readCsv(join(firstOut, 'trade-cells.csv')).filter((row) => row.conf_status === 'F');
        const stored = new Map((await query<{ key: string; value_usd: number; net_mass_kg: number; value_twd: number; quantity: number | null }>(world.warehouse, `
            select concat_ws('|', strftime(month_date, '%Y-%m'), flow_code, commodity_level, commodity_code, partner_code) as key,
                value_usd, net_mass_kg, value_twd, quantity
            from stat_release_cells where release_id = ${first.releaseId}`)).map((row) => [row.key, row]));
        const decimals = (value: string) => (value.split('.')[1] ?? '').length;
        let unitValues = 0;
        for (const row of rows) {
            const key = [row.month, row.flow_code, row.commodity_level, row.commodity_code, row.partner_code].join('|');
            const cell = stored.get(key)!;
            for (const [column, places] of [['value_twd', 2], ['value_usd', 2], ['fob_value_twd', 2], ['net_mass_kg', 3], ['quantity', 3], ['unit_value_twd', 4]] as const) {
                expect(decimals(row[column]!), `${key} ${column} ${row[column]}`).toBeLessThanOrEqual(places);
            }
            // within half a unit of the last decimal of the unrounded sum
            expect(Math.abs(Number(row.value_usd) - Number(cell.value_usd)), key).toBeLessThanOrEqual(0.005 + 1e-6);
            expect(Math.abs(Number(row.net_mass_kg) - Number(cell.net_mass_kg)), key).toBeLessThanOrEqual(0.0005 + 1e-6);
            if (row.unit_value_twd !== '') {
                unitValues += 1;
                const unitValue = Number(cell.value_twd) / Number(cell.quantity);
                expect(Math.abs(Number(row.unit_value_twd) - unitValue), key).toBeLessThanOrEqual(0.00005 + 1e-6 * Math.abs(unitValue));
            }
        }
        expect(rows.length).toBeGreaterThan(1000);
        expect(unitValues).toBeGreaterThan(1000);
        // the unrounded sums do carry more decimals than are published: the rounding is not idle
        expect([...stored.values()].some((cell) => decimals(String(cell.value_usd)) > 2)).toBe(true);
        const metadata = JSON.parse(readFileSync(join(firstOut, 'trade-metadata.json'), 'utf8'));
        expect(metadata.rounding).toMatch(/to the cent/);
    });

    it('names each cell\'s goods and partner from the reference tables, by the cell\'s level', async () => {
        const rows = readCsv(join(firstOut, 'trade-cells.csv'));
        const titles = async (sql: string) => new Map((await query<{ code: string; title: string }>(world.warehouse, sql)).map((row) => [row.code, row.title]));
        const byLevel: Record<string, Map<string, string>> = {
            SECTION: await titles('select section_code as code, title_en as title from hs_sections'),
            HS2: await titles('select chapter_code as code, title_en as title from hs_chapters'),
            CCC: await titles('select tariff_code as code, description_en as title from tariff_codes'),
        };
        const countries = await titles('select country_code as code, name_en as title from countries');
        const levels = new Set<string>();
        for (const row of rows) {
            levels.add(row.commodity_level!);
            const expected = row.commodity_level === 'TOTAL' ? 'All goods' : byLevel[row.commodity_level!]?.get(row.commodity_code!) ?? '';
            expect(row.commodity_title_en, `${row.commodity_level} ${row.commodity_code}`).toBe(expected);
            expect(row.partner_name_en, row.partner_code).toBe(row.partner_code === 'W00' ? 'World' : countries.get(row.partner_code!) ?? '');
        }
        expect([...levels].sort()).toEqual(['CCC', 'HS2', 'HS4', 'HS6', 'SECTION', 'TOTAL']);
        // the titles are there to check: every section, chapter and tariff code in the file has one
        expect(rows.filter((row) => ['SECTION', 'HS2', 'CCC'].includes(row.commodity_level!) && row.commodity_title_en === '')).toEqual([]);
    });

    it('writes the bilingual release bulletin with the published headline', async () => {
        const bulletin = readFileSync(join(firstOut, 'trade-bulletin.html'), 'utf8');
        expect(bulletin).toContain('June 2025');
        expect(bulletin).toContain('2025年6月');
        // Imports of 2025-06 in TWD million, as the bulletin prints them (one decimal, thousands separated).
        const millions = (first.headline.imports_twd / 1e6).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
        expect(bulletin).toContain(millions);
        expect(bulletin).toContain('<svg');
        expect(bulletin).not.toMatch(/(src|href)="https?:/);
    });

    it('writes SDMX-CSV with the required dimensions, measures and statuses, Parquet, and the metadata', async () => {
        const sdmx = readCsv(join(firstOut, 'trade-cells.sdmx.csv'));
        expect(Object.keys(sdmx[0]!)).toEqual(['STRUCTURE', 'STRUCTURE_ID', 'ACTION', 'FREQ', 'REPORTER', 'PARTNER', 'FLOW', 'CMD_LEVEL', 'CMD_CODE',
            'TIME_PERIOD', 'VALUE_TWD', 'VALUE_USD', 'NET_MASS_KG', 'QUANTITY', 'QTY_UNIT', 'OBS_STATUS', 'CONF_STATUS']);
        expect(sdmx.length).toBe(first.cells);
        expect(new Set(sdmx.map((row) => row.FLOW))).toEqual(new Set(['M', 'X', 'RM', 'RX']));
        expect(sdmx.filter((row) => row.OBS_STATUS === 'C').length).toBe(first.withheldPrimary + first.withheldSecondary);
        expect(sdmx.some((row) => row.OBS_STATUS === 'E')).toBe(true);
        const parquet = await query<{ n: string }>(world.warehouse, `select count(*) as n from '${join(firstOut, 'trade-cells.parquet')}'`);
        expect(Number(parquet[0]!.n)).toBe(first.cells);
        const metadata = JSON.parse(readFileSync(join(firstOut, 'trade-metadata.json'), 'utf8'));
        expect(metadata.vintage).toMatchObject({ release_id: 1, reference_period: '2025-06', revised_periods: '2024-06 to 2025-06', scheduled_release_date: '2025-07-07' });
        // Released today in Taiwan (UTC+8); the data cut-off is the end of the load, not after the release.
        expect(metadata.vintage.release_date).toBe(new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10));
        expect(metadata.data_cutoff_at.slice(0, 10) <= metadata.vintage.release_date).toBe(true);
        expect(metadata.trade_system).toMatch(/^general/);
        expect(metadata.valuation.imports).toMatch(/^CIF/);
        expect(metadata.partner_attribution.imports).toBe('country of origin');
    });

    it('records a late declaration as a revision of its month in the next release', async () => {
        // A declaration for 2025-03 arrives late: a copy of IM25030000001 (5 lines) lodged on 2025-03-15.
        const header = readFileSync(join(world.worldDir, 'declarations', '2025-03.csv'), 'utf8').split('\n');
        const items = readFileSync(join(world.worldDir, 'declaration_items', '2025-03.csv'), 'utf8').split('\n');
        const late = header.find((line) => line.startsWith('IM25030000001,'))!.replace('IM25030000001', 'IM25039999999').replace(/2025-03-01T\d\d:\d\d:\d\d/, '2025-03-15T10:00:00');
        const lateItems = items.filter((line) => line.startsWith('IM25030000001,')).map((line) => line.replace('IM25030000001', 'IM25039999999'));
        const batchDir = writeFiles({
            'declarations/late.csv': `${header[0]}\n${late}\n`,
            'declaration_items/late.csv': `${items[0]}\n${lateItems.join('\n')}\n`,
        }, mkdtempSync(join(world.directory, 'late-')));
        const batch = await ingest({ warehouse: world.warehouse, paths: [batchDir] });
        expect(batch.totals.quarantined).toBe(0);
        const added = lateItems.reduce((sum, line) => sum + Math.round(Number(parseCsvLine(line)[9]) * 100), 0);

        // the monthly way: the models of the months the batch affects (the others are left as they were, to the bit)
        const { plan } = await runWarehouseModelsWithPlan({ warehouse: world.warehouse, configDir, incremental: true });
        expect(plan.kind).toBe('incremental');
        // A copy of the warehouse without the first release's fingerprints, whose release suppresses every month anew.
        const anew = join(world.directory, 'anew.duckdb');
        copyFileSync(world.warehouse, anew);
        await execute(anew, 'delete from stat_release_months');
        const second = await publishStats({ warehouse: world.warehouse, period: '2025-06', outDir: join(world.directory, 'release-2') });
        expect(second.releaseId).toBe(2);
        expect(second.revisedCells).toBeGreaterThan(0);
        // Only the months the run recomputed are suppressed anew (March, and the months after it whose estimated
        // quantities read March's unit values); the others keep the first release's withheld cells, and the release
        // is the one suppressing every month anew makes, cell for cell, statuses included.
        expect(first.monthsKept).toEqual([]);
        const releaseMonths = Array.from({ length: 13 }, (_, index) => new Date(Date.UTC(2024, 5 + index, 1)).toISOString().slice(0, 7));
        const recomputed = plan.months.map((month) => month.slice(0, 7));
        expect(recomputed).toContain('2025-03');
        expect(second.monthsKept).toEqual(releaseMonths.filter((month) => !recomputed.includes(month)));
        expect(second.monthsKept).toContain('2025-02');
        const suppressedAnew = await publishStats({ warehouse: anew, period: '2025-06', outDir: join(world.directory, 'release-2-anew') });
        expect(suppressedAnew.monthsKept).toEqual([]);
        expect(readFileSync(join(world.directory, 'release-2', 'trade-cells.csv'), 'utf8')).toBe(readFileSync(join(world.directory, 'release-2-anew', 'trade-cells.csv'), 'utf8'));
        expect(second).toMatchObject({ withheldPrimary: suppressedAnew.withheldPrimary, withheldSecondary: suppressedAnew.withheldSecondary, revisedCells: suppressedAnew.revisedCells });
        expect((await query<{ month: string }>(world.warehouse,
            "select strftime(month_date, '%Y-%m') as month from stat_release_months where release_id = 2 and suppressed_in_release_id = 2 order by month")).map((row) => row.month))
            .toEqual(releaseMonths.filter((month) => recomputed.includes(month)));

        const cell = (rows: Row[]) => rows.find((row) => row.month === '2025-03' && row.flow_code === 'M' && row.commodity_level === 'TOTAL' && row.partner_code === 'W00')!;
        const before = cell(readCsv(join(firstOut, 'trade-cells.csv')));
        const after = cell(readCsv(join(world.directory, 'release-2', 'trade-cells.csv')));
        expect(after.obs_status).toBe('R');
        expect(Math.round(Number(after.value_twd) * 100) - Math.round(Number(before.value_twd) * 100)).toBe(added);
        // Months the late declaration did not touch are not revised.
        const untouched = readCsv(join(world.directory, 'release-2', 'trade-cells.csv')).filter((row) => row.month === '2025-05');
        expect(untouched.some((row) => row.obs_status === 'R')).toBe(false);

        // The release bulletin lists the revision; the first release's had none to list.
        expect(readFileSync(join(firstOut, 'trade-bulletin.html'), 'utf8')).not.toContain('<table class="revisions">');
        const bulletin = readFileSync(join(world.directory, 'release-2', 'trade-bulletin.html'), 'utf8');
        expect(bulletin).toMatch(/<table class="revisions">[\s\S]*March 2025[\s\S]*<\/table>/);

        const [revision] = await query<Record<string, string | number>>(world.warehouse, `
            select first_release_id, latest_release_id, count_releases, first_value_twd, latest_value_twd, revision_twd
            from fct_trade_revisions where month_date = '2025-03-01' and flow_code = 'M' and commodity_level = 'TOTAL' and partner_code = 'W00'`);
        expect(revision).toMatchObject({ first_release_id: 1, latest_release_id: 2, count_releases: '2' });
        expect(Math.round(Number(revision!.revision_twd) * 100)).toBe(added);
        const [summary] = await query<{ mean_absolute_revision_twd: number; count_cells_revised: string }>(world.warehouse, `
            select mean_absolute_revision_twd, count_cells_revised from fct_trade_revision_summary
            where month_date = '2025-03-01' and flow_code = 'M' and commodity_level = 'TOTAL'`);
        // TOTAL level: the all-partner cell and the cell of each origin of the late lines moved; other partners did not.
        const origins = new Set(lateItems.map((line) => parseCsvLine(line)[4]));
        expect(Number(summary!.count_cells_revised)).toBe(1 + origins.size);
        expect(summary!.mean_absolute_revision_twd).toBeGreaterThan(0);
    });

    it('is the customs publish stats command, with an error saying what to do for a month not loaded', () => {
        const result = runCli(['publish', 'stats', '--warehouse', world.warehouse, '--period', '2030-01', '--out', join(world.directory, 'none')]);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/no figures for 2030-01 .*2024-01 to 2025-12/);
    });
});

/** The true value of a cell, from the mart (for the counterfactual attack only). */
const trueValues = new Map<string, number>();
function valueOf(row: Row): number {
    return row.value_twd === '' ? trueValues.get([row.month, row.flow_code, row.commodity_level, row.commodity_code, row.partner_code].join('|'))! : Number(row.value_twd);
}
beforeAll(async () => {
    const rows = await query<Row & { value: number }>(world.warehouse, `
        select strftime(month_date, '%Y-%m') as month, flow_code, commodity_level, commodity_code, partner_code, value_twd::double as value
        from fct_trade_cells where month_date between '2024-06-01' and '2025-06-01'`);
    for (const row of rows) trueValues.set([row.month, row.flow_code, row.commodity_level, row.commodity_code, row.partner_code].join('|'), row.value);
});
