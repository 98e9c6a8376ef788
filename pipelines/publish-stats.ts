// `customs publish stats`: the monthly trade-statistics release. It publishes the reference month and revises the
// twelve months before it (each release is a vintage kept in stat_releases and stat_release_cells), withholding
// confidential cells and the cells that would give them away (src/stats/secondary-suppression.ts), and writes CSV,
// Parquet and SDMX-CSV files with a metadata file. Figures come from the trade marts built by `customs run`.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DuckDBConnection, INTEGER, TINYINT } from '@duckdb/node-api';
import { discoverModels } from '../src/db/run-models.js';
import { openWarehouse, queryRows, sqlString } from '../src/db/warehouse.js';
import { PRIMARY, PUBLISHED, suppressCells, tradeCellEquations } from '../src/stats/secondary-suppression.js';
import { appendColumns, vectorItems } from '../src/db/typed-columns.js';
import { copySpreadsheetSafeCsv } from '../src/stats/spreadsheet-safe.js';
import { bulletinDataFromRelease } from '../src/stats/bulletin-data-from-release.js';
import { UserError } from '../src/user-error.js';

/** Months before the reference month that each release revises. */
export const REVISION_MONTHS = 12;
export const REPORTER = 'TW';

export interface PublishStatsOptions {
    warehouse: string;
    /** The reference month, YYYY-MM. */
    period: string;
    outDir: string;
}

export interface Headline {
    month: string;
    imports_twd: number;
    exports_twd: number;
    balance_twd: number;
    imports_usd: number;
    exports_usd: number;
    balance_usd: number;
}

export interface StatsRelease {
    releaseId: number;
    period: string;
    firstMonth: string;
    releaseDate: string;
    scheduledReleaseDate: string | null;
    /** End of the last ingest batch whose data the release holds (Taiwan local time). */
    dataCutoffAt: string;
    tradeSystem: string;
    cells: number;
    withheldPrimary: number;
    withheldSecondary: number;
    revisedCells: number;
    /** Months (YYYY-MM) whose cells were as at the last release: their withheld cells are that release's. */
    monthsKept: string[];
    /** Rows of trade-breakdowns.csv, and those withheld (see breakdownsQuery). */
    breakdowns: BreakdownCounts;
    headline: Headline;
    files: string[];
}

export interface BreakdownCounts {
    rows: number;
    withheldPrimary: number;
    withheldSecondary: number;
}

export async function publishStats(options: PublishStatsOptions): Promise<StatsRelease> {
    const warehouse = await openWarehouse(options.warehouse);
    try {
        return await publishStatsFrom(warehouse.connection, options);
    } finally {
        warehouse.close();
    }
}

/** publishStats, on a warehouse the caller has open (customs month's one instance). */
export async function publishStatsFrom(connection: DuckDBConnection, options: Omit<PublishStatsOptions, 'warehouse'>): Promise<StatsRelease> {
    const outDir = resolve(options.outDir);
    mkdirSync(outDir, { recursive: true });
    const periodMonth = `${options.period}-01`;
    const firstMonth = await releaseMonths(connection, periodMonth);
    await connection.run('begin transaction');
    let release: StoredRelease;
    try {
        release = await storeRelease(connection, { periodMonth, firstMonth, releaseDate: taiwanToday() });
        await refreshRevisionMarts(connection);
        await connection.run('commit');
    } catch (error) {
        await connection.run('rollback');
        throw error;
    }
    const { files, breakdowns } = await writeReleaseFiles(connection, release, outDir);
    return { ...release, breakdowns, headline: await headline(connection, release.releaseId, periodMonth), files };
}

/** Releases are dated in Taiwan time (UTC+8), like the warehouse's timestamps. */
function taiwanToday(): string {
    return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Checks the marts hold the reference month; returns the first month the release covers. */
async function releaseMonths(connection: DuckDBConnection, periodMonth: string): Promise<string> {
    const built = await queryRows(connection, "select 1 from information_schema.tables where table_name = 'fct_trade_cells' and table_schema = 'main'");
    if (built.length === 0) throw new UserError('no_trade_marts', 'The warehouse has no trade marts yet. Build them with: customs run --warehouse FILE');
    const [range] = await queryRows<{ first: string | null; last: string | null; has_period: boolean }>(connection, `
        select min(month_date)::varchar as first, max(month_date)::varchar as last,
            bool_or(month_date = ${sqlString(periodMonth)}::date) as has_period from (select distinct month_date from fct_trade_cells)`);
    if (!range?.has_period) {
        throw new UserError('period_not_loaded', `The trade marts have no figures for ${periodMonth.slice(0, 7)} (they cover ${range?.first?.slice(0, 7) ?? 'nothing'} to ${range?.last?.slice(0, 7) ?? 'nothing'}). Load that month's declarations and run customs run, or choose a month in that range.`);
    }
    const [first] = await queryRows<{ month: string }>(connection,
        `select greatest(${sqlString(periodMonth)}::date - interval ${REVISION_MONTHS} months, ${sqlString(range.first!)}::date)::date::varchar as month`);
    return first!.month;
}

async function storeRelease(connection: DuckDBConnection, release: { periodMonth: string; firstMonth: string; releaseDate: string }) {
    const months = `month_date between ${sqlString(release.firstMonth)} and ${sqlString(release.periodMonth)}`;
    const [ids] = await queryRows<{ release_id: number; cutoff: string; scheduled: string | null }>(connection, `
        select
            (select coalesce(max(release_id), 0) + 1 from stat_releases)::integer as release_id,
            (select coalesce(max(finished_at), current_timestamp::timestamp)::varchar from ingest_batches) as cutoff,
            (select scheduled_release_date::varchar from stat_release_calendar where period_month = ${sqlString(release.periodMonth)}) as scheduled`);
    const releaseId = ids!.release_id;
    const kept = await monthsKeptFromLastRelease(connection, months);
    // the months suppressed anew: those whose cells changed since the last release (all of them in a first release)
    const suppressed = kept.months.length === 0 ? months : `${months} and month_date not in (${kept.months.map(sqlString).join(', ')})`;
    await withholdCells(connection, suppressed);
    const tradeSystem = await queryRows<{ value: string }>(connection, 'select any_value(trade_system) as value from fct_trade_cells');
    await connection.run(`insert into stat_releases values (${releaseId}, ${sqlString(release.periodMonth)}, ${sqlString(release.firstMonth)},
        ${sqlString(release.releaseDate)}, ${ids!.scheduled === null ? 'null' : sqlString(ids!.scheduled)}, ${sqlString(ids!.cutoff)},
        ${sqlString(tradeSystem[0]!.value)}, current_timestamp::timestamp)`);
    await connection.run(`
        insert into stat_release_cells
        with
        previous as (
            select month_date, flow_code, commodity_level, commodity_code, partner_code, arg_max(value_twd, release_id) as previous_value_twd,
            from stat_release_cells
            where release_id < ${releaseId} and value_twd is not null and ${suppressed}
            group by all
        ),
        cells as (
            select * from fct_trade_cells where ${suppressed}
        )
        select
            ${releaseId},
            cells.month_date,
            cells.flow_code,
            cells.commodity_level,
            cells.commodity_code,
            cells.partner_code,
            case when withheld.conf_status is null then cells.value_twd end,
            case when withheld.conf_status is null then cells.value_usd end,
            case when withheld.conf_status is null then cells.fob_value_twd end,
            case when withheld.conf_status is null then cells.net_mass_kg end,
            case when withheld.conf_status is null then cells.quantity end,
            cells.quantity_unit,
            cells.count_estimated_lines::integer,
            case
                when withheld.conf_status is not null then 'C'
                when abs(previous.previous_value_twd - cells.value_twd) >= 0.005 then 'R'
                when cells.count_estimated_lines > 0 then 'E'
                else 'A'
            end,
            coalesce(withheld.conf_status, 'F'),
        from cells
        left join release_withheld as withheld using (month_date, flow_code, commodity_level, commodity_code, partner_code)
        left join previous using (month_date, flow_code, commodity_level, commodity_code, partner_code)`);
    if (kept.months.length > 0) {
        // The kept months' cells as the last release published them: the same cells with the same values, so none
        // is revised since (its latest published value is the last release's) and each is C (withheld), else E or A.
        await connection.run(`
            insert into stat_release_cells
            select ${releaseId}, month_date, flow_code, commodity_level, commodity_code, partner_code,
                value_twd, value_usd, fob_value_twd, net_mass_kg, quantity, quantity_unit, count_estimated_lines,
                case when conf_status <> 'F' then 'C' when count_estimated_lines > 0 then 'E' else 'A' end,
                conf_status,
            from stat_release_cells
            where release_id = ${kept.releaseId} and month_date in (${kept.months.map(sqlString).join(', ')})`);
    }
    await connection.run(`
        insert into stat_release_months
        select ${releaseId}, month_date, cells_fingerprint, coalesce(suppressed_in_release_id, ${releaseId}) from release_month_fingerprints`);
    const [counts] = await queryRows<{ cells: number; revised: number; primary: number; secondary: number }>(connection, `
        select count(*)::integer as cells, count(*) filter (where obs_status = 'R')::integer as revised,
            count(*) filter (where conf_status = 'C')::integer as primary, count(*) filter (where conf_status = 'D')::integer as secondary
        from stat_release_cells where release_id = ${releaseId}`);
    return {
        releaseId,
        period: release.periodMonth.slice(0, 7),
        firstMonth: release.firstMonth.slice(0, 7),
        releaseDate: release.releaseDate,
        scheduledReleaseDate: ids!.scheduled,
        dataCutoffAt: ids!.cutoff,
        tradeSystem: tradeSystem[0]!.value,
        cells: counts!.cells,
        withheldPrimary: counts!.primary,
        withheldSecondary: counts!.secondary,
        revisedCells: counts!.revised,
        monthsKept: kept.months.map((month) => month.slice(0, 7)),
    };
}

/**
 * The release's months whose cells are as they were at the last release (the same fingerprint), and that release.
 * Suppression is decided month by month (every equation is within one month), so such a month's withheld cells
 * are the ones suppressing it anew would choose, and are taken from the last release instead. Leaves the temp
 * table release_month_fingerprints: each month of the release with its fingerprint, and the release its
 * suppression is kept from (null: suppressed anew).
 *
 * The fingerprint hashes every cell of the month with its values to the bit, its confidentiality and estimated
 * lines, and the code that suppresses: a change to any of them suppresses the month anew, so a kept month's cells
 * are the ones suppressing it anew would publish. (A full run of the marts may add a cell's lines in another order
 * and differ in the last bits: its months are then suppressed anew. An incremental run leaves the months it does
 * not recompute as they were.)
 */
async function monthsKeptFromLastRelease(connection: DuckDBConnection, months: string): Promise<{ releaseId: number; months: string[] }> {
    await connection.run(`
        create or replace temp table release_month_fingerprints as
        with
        current as (
            select month_date, bit_xor(hash(
                flow_code, commodity_level, commodity_code, parent_code, partner_code, trade_system, is_primary_confidential,
                count_estimated_lines, quantity_unit, value_twd, value_usd, fob_value_twd, net_mass_kg, quantity
            ))::varchar || ':' || ${sqlString(SUPPRESSION_CODE)} as cells_fingerprint,
            from fct_trade_cells
            where ${months}
            group by month_date
        ),
        last_release as (
            select * from stat_release_months
            where release_id = (select max(release_id) from stat_releases)
        )
        select current.month_date, current.cells_fingerprint, last_release.release_id as kept_from_release_id,
            last_release.suppressed_in_release_id,
        from current
        left join last_release on last_release.month_date = current.month_date and last_release.cells_fingerprint = current.cells_fingerprint`);
    const rows = await queryRows<{ month: string; release_id: number }>(connection,
        'select month_date::varchar as month, kept_from_release_id as release_id from release_month_fingerprints where kept_from_release_id is not null order by month_date');
    return { releaseId: rows[0]?.release_id ?? 0, months: rows.map((row) => row.month) };
}

/** The commodity level one up from each level: a cell's parent cell is at this level. */
const PARENT_LEVEL: Record<string, string> = { SECTION: 'TOTAL', HS2: 'SECTION', HS4: 'HS2', HS6: 'HS4', CCC: 'HS6' };
const WORLD = 'W00';

/**
 * The code that numbers a release's cells and decides which are withheld, as a hash: part of each month's
 * fingerprint (see monthsKeptFromLastRelease), so that a month is suppressed anew when that code changes.
 */
const SUPPRESSION_CODE = createHash('sha256')
    .update([suppressCells, tradeCellEquations, withholdCells].map(String).join('\n') + JSON.stringify(PARENT_LEVEL))
    .digest('hex').slice(0, 16);

/**
 * Decides which of the release's cells are withheld (src/stats/secondary-suppression.ts) and puts them in the temp
 * table release_withheld with their status, 'C' or 'D'. The cells are numbered in the order of their keys
 * (month|flow|level|code|partner, the order ties are broken in), each with the numbers of its parent and
 * all-partner cells, so that only numbers cross into JavaScript. The keys are sorted column by column, the code
 * with its '|' (so that section I still comes after II, as in the joined text): the same order as the text
 * month|flow|level|code|partner, since no flow or level is the beginning of another, without making that text
 * (0.5 s against 0.8 s for a 13-month release at 10 million lines).
 */
async function withholdCells(connection: DuckDBConnection, months: string): Promise<void> {
    await connection.run(`
        create or replace temp table release_cell_numbers as
        select (row_number() over (order by month_date, flow_code, commodity_level, commodity_code || '|', partner_code) - 1)::integer as cell_number,
            month_date, flow_code, commodity_level, commodity_code, parent_code, partner_code, value_twd::double as value_twd, is_primary_confidential
        from fct_trade_cells where ${months}`);
    const parentLevels = `map {${Object.entries(PARENT_LEVEL).map(([level, parent]) => `${sqlString(level)}: ${sqlString(parent)}`).join(', ')}}`;
    const [{ cells: count } = { cells: 0 }] = await queryRows<{ cells: number }>(connection, 'select count(*)::integer as cells from release_cell_numbers');
    const result = await connection.run(`
        select cells.value_twd, cells.is_primary_confidential::integer,
            case when cells.parent_code is null then -1 else coalesce(parents.cell_number, -2) end,
            case when cells.partner_code = '${WORLD}' then -1 else coalesce(world.cell_number, -2) end,
        from release_cell_numbers as cells
        left join release_cell_numbers as parents
            on parents.month_date = cells.month_date and parents.flow_code = cells.flow_code and parents.partner_code = cells.partner_code
            and parents.commodity_level = ${parentLevels}[cells.commodity_level] and parents.commodity_code = cells.parent_code
        left join release_cell_numbers as world
            on world.month_date = cells.month_date and world.flow_code = cells.flow_code and world.partner_code = '${WORLD}'
            and world.commodity_level = cells.commodity_level and world.commodity_code = cells.commodity_code
        order by cells.cell_number`);
    const values = new Float64Array(count);
    const isPrimary = new Uint8Array(count);
    const parentCell = new Int32Array(count);
    const worldCell = new Int32Array(count);
    let offset = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const rows = chunk.rowCount;
        values.set(vectorItems(chunk.getColumnVector(0), Float64Array, rows, 'value_twd'), offset);
        isPrimary.set(vectorItems(chunk.getColumnVector(1), Int32Array, rows, 'is_primary_confidential'), offset);
        parentCell.set(vectorItems(chunk.getColumnVector(2), Int32Array, rows, 'parent cell'), offset);
        worldCell.set(vectorItems(chunk.getColumnVector(3), Int32Array, rows, 'all-partner cell'), offset);
        offset += rows;
    }
    // -2: a parent or all-partner cell the mart should hold and does not (a bug in fct_trade_cells, not bad input)
    for (const [numbers, what] of [[parentCell, 'parent'], [worldCell, 'all-partner']] as const) {
        if (numbers.includes(-2)) throw new Error(`cell number ${numbers.indexOf(-2)} of the release has no ${what} cell in fct_trade_cells`);
    }
    const status = suppressCells(values, isPrimary, tradeCellEquations(parentCell, worldCell));

    const withheldNumbers: number[] = [];
    const withheldStatus: number[] = [];
    status.forEach((kind, cell) => {
        if (kind === PUBLISHED) return;
        withheldNumbers.push(cell);
        withheldStatus.push(kind);
    });
    await connection.run('create or replace temp table release_withheld_numbers (cell_number integer, status tinyint)');
    const appender = await connection.createAppender('release_withheld_numbers');
    appendColumns(appender, [INTEGER, TINYINT], [Int32Array.from(withheldNumbers), Int8Array.from(withheldStatus)]);
    appender.closeSync();
    await connection.run(`
        create or replace temp table release_withheld as
        select month_date, flow_code, commodity_level, commodity_code, partner_code, case status when ${PRIMARY} then 'C' else 'D' end as conf_status
        from release_withheld_numbers join release_cell_numbers using (cell_number)`);
}

/** The revision marts read the stored vintages: rebuilt as soon as a release is stored. */
async function refreshRevisionMarts(connection: DuckDBConnection): Promise<void> {
    for (const model of discoverModels().filter((model) => model.name === 'fct_trade_revisions' || model.name === 'fct_trade_revision_summary')) {
        await connection.run(`create or replace table ${model.name} as (\n${model.sql}\n)`);
    }
}

async function headline(connection: DuckDBConnection, releaseId: number, periodMonth: string): Promise<Headline> {
    const [row] = await queryRows<{ m: number; x: number; mu: number; xu: number }>(connection, `
        select
            sum(value_twd) filter (where flow_code = 'M') as m, sum(value_twd) filter (where flow_code = 'X') as x,
            sum(value_usd) filter (where flow_code = 'M') as mu, sum(value_usd) filter (where flow_code = 'X') as xu,
        from stat_release_cells
        where release_id = ${releaseId} and month_date = ${sqlString(periodMonth)} and commodity_level = 'TOTAL' and partner_code = 'W00'`);
    return {
        month: periodMonth.slice(0, 7),
        imports_twd: row!.m, exports_twd: row!.x, balance_twd: row!.x - row!.m,
        imports_usd: row!.mu, exports_usd: row!.xu, balance_usd: row!.xu - row!.mu,
    };
}

/** The release's cells as published, with titles and names for readers. */
function cellsQuery(releaseId: number): string {
    return `
        select
            cells.release_id,
            strftime(cells.month_date, '%Y-%m') as month,
            cells.flow_code,
            cells.commodity_level,
            cells.commodity_code,
            coalesce(hs_sections.title_en, hs_chapters.title_en, tariff_codes.description_en, case cells.commodity_level when 'TOTAL' then 'All goods' end) as commodity_title_en,
            cells.partner_code,
            coalesce(countries.name_en, case cells.partner_code when 'W00' then 'World' end) as partner_name_en,
            ${published('cells.value_twd', 'value_twd')},
            ${published('cells.value_usd', 'value_usd')},
            ${published('cells.fob_value_twd', 'fob_value_twd')},
            ${published('cells.net_mass_kg', 'net_mass_kg')},
            ${published('cells.quantity', 'quantity')},
            cells.quantity_unit,
            ${published('cells.value_twd / nullif(cells.quantity, 0)', 'unit_value_twd')},
            -- Kept in the vintage, withheld in the file like the values: how many lines were estimated says something of the cell.
            case when cells.conf_status = 'F' then cells.count_estimated_lines end as count_estimated_lines,
            cells.obs_status,
            cells.conf_status,
        from stat_release_cells as cells
        -- each title joined by level and code, both from the reference side: with the level a condition on the cells
        -- alone, DuckDB joined them by nested loops (1.1 of the 2.1 CPU seconds of a 13-month release's cells)
        left join (select 'SECTION' as level, section_code, title_en from hs_sections) as hs_sections
            on cells.commodity_level = hs_sections.level and cells.commodity_code = hs_sections.section_code
        left join (select 'HS2' as level, chapter_code, title_en from hs_chapters) as hs_chapters
            on cells.commodity_level = hs_chapters.level and cells.commodity_code = hs_chapters.chapter_code
        left join (select 'CCC' as level, tariff_code, description_en from tariff_codes) as tariff_codes
            on cells.commodity_level = tariff_codes.level and cells.commodity_code = tariff_codes.tariff_code
        left join countries on cells.partner_code = countries.country_code
        where cells.release_id = ${releaseId}
        order by month, flow_code, list_position(${LEVEL_ORDER}, cells.commodity_level), commodity_code, partner_code`;
}

const LEVEL_ORDER = "['TOTAL', 'SECTION', 'HS2', 'HS4', 'HS6', 'CCC']";

/**
 * The decimals a figure is published with: money to the cent, mass in kg and quantities to three decimals, unit
 * values to four. Each figure is rounded on its own from the warehouse's unrounded sums (so a total may differ from
 * the sum of its published parts in the last digit), and the files no longer carry the last bits of a sum of
 * doubles, which vary with the order DuckDB's threads add in (7338729062.845001 one day, 7338729062.844998 the next).
 * Written as decimals, which DuckDB also writes faster than doubles: at 10 million lines the release's cell files
 * took 2.3–3.2 s (CPU 3.7–5.9 s) with doubles and 1.6–2.3 s (2.8–4.0 s) rounded.
 */
const PUBLISHED_DECIMALS: Readonly<Record<string, number>> = {
    value_twd: 2, value_usd: 2, fob_value_twd: 2, net_mass_kg: 3, quantity: 3, unit_value_twd: 4,
};

/** A figure as published (PUBLISHED_DECIMALS), named `column`. */
function published(expression: string, column: string): string {
    const decimals = PUBLISHED_DECIMALS[column]!;
    return `round(${expression}, ${decimals})::decimal(18, ${decimals}) as ${column}`;
}

/**
 * SDMX-CSV 2.0 (SDMX 3.0): one row per observation, several measures, status attributes. From the published cells
 * (release_cells_published, already in their order: TIME_PERIOD, FLOW, level, CMD_CODE, PARTNER).
 */
const SDMX_QUERY = `
    select
        'dataflow' as STRUCTURE,
        'TW.CUSTOMS:DF_IMTS(1.0)' as STRUCTURE_ID,
        'I' as ACTION,
        'M' as FREQ,
        '${REPORTER}' as REPORTER,
        partner_code as PARTNER,
        flow_code as FLOW,
        commodity_level as CMD_LEVEL,
        commodity_code as CMD_CODE,
        month as TIME_PERIOD,
        value_twd as VALUE_TWD,
        value_usd as VALUE_USD,
        net_mass_kg as NET_MASS_KG,
        quantity as QUANTITY,
        quantity_unit as QTY_UNIT,
        obs_status as OBS_STATUS,
        conf_status as CONF_STATUS,
    from release_cells_published`;

/**
 * The breakdowns of the release's months as published. The rows of one month, flow and breakdown add up to the
 * flow's total, which the cells publish: a row primarily confidential (fct_trade_breakdowns) is withheld (C), and
 * when it is the only one of its breakdown, so is the smallest other row (D; then the lowest code), or subtraction
 * from the total would give it away. Withheld rows keep their key and line count, not their values; the
 * confidential counts and values stay in the warehouse.
 */
function breakdownsQuery(months: string): string {
    return `
        with
        breakdowns as (
            select *,
                count(*) filter (where is_primary_confidential) over breakdown_rows as count_primary_in_breakdown,
                row_number() over (breakdown_rows order by is_primary_confidential, value_twd, breakdown_code) as place_in_breakdown,
            from fct_trade_breakdowns
            where ${months}
            window breakdown_rows as (partition by month_date, flow_code, breakdown)
        ),
        statused as (
            select *,
                case
                    when is_primary_confidential then 'C'
                    when count_primary_in_breakdown = 1 and place_in_breakdown = 1 then 'D'
                    else 'F'
                end as conf_status,
            from breakdowns
        )
        select
            strftime(month_date, '%Y-%m') as month,
            flow_code,
            breakdown,
            breakdown_code,
            count_lines,
            ${['value_twd', 'value_usd', 'fob_value_twd', 'net_mass_kg'].map((column) => published(`case when conf_status = 'F' then ${column} end`, column)).join(',\n            ')},
            conf_status,
        from statused
        order by month, flow_code, breakdown, breakdown_code`;
}

type StoredRelease = Omit<StatsRelease, 'files' | 'headline' | 'breakdowns'>;

async function writeReleaseFiles(connection: DuckDBConnection, release: StoredRelease, outDir: string): Promise<{ files: string[]; breakdowns: BreakdownCounts }> {
    const months = `month_date between ${sqlString(`${release.firstMonth}-01`)} and ${sqlString(`${release.period}-01`)}`;
    const files: string[] = [];
    const csv = async (name: string, sql: string) => {
        const path = join(outDir, name);
        await copySpreadsheetSafeCsv(connection, sql, path);
        files.push(path);
    };
    // The cells with their titles, joined and sorted once for the three files that carry them: DuckDB reads a table
    // back in the order it was written (preserve_insertion_order, on here), so the files keep the publication order.
    await connection.run(`create or replace temp table release_cells_published as ${cellsQuery(release.releaseId)}`);
    await csv('trade-cells.csv', 'select * from release_cells_published');
    const parquet = join(outDir, 'trade-cells.parquet');
    await connection.run(`copy release_cells_published to ${sqlString(parquet)} (format parquet)`);
    files.push(parquet);
    await csv('trade-cells.sdmx.csv', SDMX_QUERY);
    await connection.run(`create or replace temp table release_breakdowns_published as ${breakdownsQuery(months)}`);
    await csv('trade-breakdowns.csv', 'select * from release_breakdowns_published');
    const [counted] = await queryRows<{ rows: number; primary: number; secondary: number }>(connection, `
        select count(*)::integer as rows, count(*) filter (where conf_status = 'C')::integer as primary,
            count(*) filter (where conf_status = 'D')::integer as secondary
        from release_breakdowns_published`);
    const breakdowns = { rows: counted!.rows, withheldPrimary: counted!.primary, withheldSecondary: counted!.secondary };
    await csv('trade-price-indices.csv', `select strftime(month_date, '%Y-%m') as month, * exclude (month_date) from fct_trade_price_indices where ${months} order by all`);
    await csv('trade-terms-of-trade.csv', `select strftime(month_date, '%Y-%m') as month, * exclude (month_date) from fct_trade_terms_of_trade where ${months} order by all`);
    await csv('trade-revisions.csv', `select strftime(month_date, '%Y-%m') as month, * exclude (month_date) from fct_trade_revision_summary where ${months} order by all`);
    const bulletinPath = join(outDir, 'trade-bulletin.html');
    // loaded when a bulletin is made, not when the command starts: vega and vega-lite take half a second to load
    const { renderBulletin } = await import('../src/publish/bulletin/render-bulletin.js');
    writeFileSync(bulletinPath, await renderBulletin(await bulletinDataFromRelease(connection, release.releaseId)));
    files.push(bulletinPath);
    const metadataPath = join(outDir, 'trade-metadata.json');
    writeFileSync(metadataPath, `${JSON.stringify(releaseMetadata(release, breakdowns, files.map((file) => file.slice(outDir.length + 1))), null, 2)}\n`);
    files.push(metadataPath);
    return { files, breakdowns };
}

function releaseMetadata(release: StoredRelease, breakdowns: BreakdownCounts, files: string[]) {
    return {
        title: 'International merchandise trade statistics, monthly release',
        reporter: REPORTER,
        standard: 'UN IMTS 2010 and its Compilers Manual',
        vintage: {
            release_id: release.releaseId,
            reference_period: release.period,
            revised_periods: `${release.firstMonth} to ${release.period}`,
            release_date: release.releaseDate,
            scheduled_release_date: release.scheduledReleaseDate,
            revision_policy: `each release publishes the reference month and revises the ${REVISION_MONTHS} months before it; every release is kept in the warehouse (stat_releases, stat_release_cells)`,
            suppression_kept_from_last_release: release.monthsKept,
        },
        trade_system: release.tradeSystem === 'general'
            ? 'general: all goods entering or leaving the economic territory, including customs warehouses and free zones'
            : 'special: goods in free circulation only (home use, re-imports; exports, re-exports, drawback exports)',
        data_cutoff_at: release.dataCutoffAt,
        time_of_recording: 'month of lodgement of the declaration (Taiwan local time); declarations loaded after a release, and amendments of item lines already loaded (declaration_amendments: the latest amendment of a line replaces its declared value, net mass, quantity, tariff code and origin), revise the month of lodgement in the next release',
        flows: { M: 'imports (including re-imports)', X: 'exports (including re-exports)', RM: 're-imports (customs procedure re_import)', RX: 're-exports (customs procedure re_export)' },
        valuation: { imports: 'CIF (customs value); FOB value also given (fob_value_twd, header FOB allocated to lines by customs value)', exports: 'FOB' },
        partner_attribution: { imports: 'country of origin', exports: 'country of last known destination (ZZ: not declared)', second_partner: 'country of consignment (trade-breakdowns.csv, breakdown consignment_country)', world: 'W00 = all partners' },
        units: {
            value_twd: 'New Taiwan dollars',
            value_usd: 'US dollars at the monthly average exchange rate (exchange_rates, USD)',
            net_mass_kg: 'kilograms',
            quantity: 'WCO standard supplementary unit of the tariff code (quantity_unit); left empty where a cell sums codes of different units',
        },
        rounding: 'values in TWD and USD to the cent, net mass and quantity to three decimals, unit values to four; each figure rounded on its own from unrounded sums, so a total may differ from the sum of its published parts in the last digit',
        commodity_levels: { TOTAL: 'all goods', SECTION: 'HS section', HS2: 'chapter', HS4: 'heading', HS6: 'subheading', CCC: 'national 11-digit CCC code' },
        status: {
            obs_status: { A: 'normal', E: 'contains estimated quantities (missing, in another unit or implausible; estimated from the trailing 12-month unit value)', R: 'revised since the last release that published it', C: 'withheld for confidentiality (no values)' },
            conf_status: { F: 'free', C: 'primary confidentiality', D: 'secondary confidentiality' },
            precedence: 'C before R before E before A',
        },
        confidentiality: 'passive: confidential codes and traders listed in data/config/confidentiality.csv; withheld detail is still counted in the higher aggregates; secondary suppression stops recovery by subtraction. trade-breakdowns.csv: a row dominated by confidential lines is withheld (conf_status C), and where it is the only one of its month, flow and breakdown, the smallest other row too (D), since a breakdown adds up to the published flow total; price indices and terms of trade are not checked. Suppression is decided month by month: a month whose cells are unchanged since the last release keeps that release\'s withheld cells (vintage.suppression_kept_from_last_release)',
        spreadsheet_safety: "text cells beginning with = + - @ are prefixed with an apostrophe; numbers (including negative ones) are written as plain numbers",
        counts: {
            cells: release.cells, withheld_primary: release.withheldPrimary, withheld_secondary: release.withheldSecondary, revised: release.revisedCells,
            breakdown_rows: breakdowns.rows, breakdown_rows_withheld_primary: breakdowns.withheldPrimary, breakdown_rows_withheld_secondary: breakdowns.withheldSecondary,
        },
        files,
    };
}

/** The last month whose last day has passed in the data: the month before the day after the latest lodgement. */
export async function latestCompleteMonth(path: string): Promise<string> {
    const warehouse = await openWarehouse(path, { readOnly: true });
    try {
        return await latestCompleteMonthOf(warehouse.connection, path);
    } finally {
        warehouse.close();
    }
}

/** latestCompleteMonth, on a warehouse the caller has open (customs month's one instance). */
export async function latestCompleteMonthOf(connection: DuckDBConnection, path: string): Promise<string> {
    const [row] = await queryRows<{ month: string | null }>(connection,
        "select strftime(date_trunc('month', max(lodgement_at)::date + 1) - interval 1 month, '%Y-%m') as month from declarations");
    if (!row?.month) throw new UserError('no_declarations', `The warehouse ${path} holds no declarations. Load some with: customs ingest --warehouse ${path} PATH…`);
    return row.month;
}

export function formatRelease(release: StatsRelease): string {
    const money = (value: number) => `${(value / 1e9).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} bn`;
    const { headline } = release;
    return [
        `Release ${release.releaseId}: ${release.period} (revising ${release.firstMonth} on), released ${release.releaseDate}${release.scheduledReleaseDate ? `, scheduled ${release.scheduledReleaseDate}` : ''}; data to ${release.dataCutoffAt}, ${release.tradeSystem} trade system`,
        `  ${headline.month}: imports ${money(headline.imports_twd)} TWD (${money(headline.imports_usd)} USD), exports ${money(headline.exports_twd)} TWD (${money(headline.exports_usd)} USD), balance ${money(headline.balance_twd)} TWD (${money(headline.balance_usd)} USD)`,
        `  ${release.cells.toLocaleString('en-US')} cells, ${release.withheldPrimary} withheld as confidential, ${release.withheldSecondary} more to protect them, ${release.revisedCells} revised; ${release.monthsKept.length} months unchanged since the last release (their withheld cells kept)`,
        `  ${release.breakdowns.rows.toLocaleString('en-US')} breakdown rows, ${release.breakdowns.withheldPrimary} withheld as confidential, ${release.breakdowns.withheldSecondary} more to protect them`,
        ...release.files.map((file) => `  ${file}`),
    ].join('\n');
}
