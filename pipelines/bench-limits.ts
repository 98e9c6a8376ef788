// The engine's limit for each stage of `npm run bench`: what DuckDB alone takes for the same work, measured in the
// same run on the same files or warehouse, with the same memory limit. Each is a bare statement — no rules, no
// quarantine, no staging views, no intermediate tables — so a stage's time over its limit says what our layers cost.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { memoryLimit, openWarehouse, sqlString } from '../src/db/warehouse.js';

/**
 * Ingest: a bare read_csv of the given files into tables of a new database file — one read_csv over all files of
 * a table (as the loader reads them), each reference file on its own, types auto-detected.
 */
export async function bareLoadSeconds(files: string[], path: string): Promise<number> {
    const instance = await DuckDBInstance.create(path, { memory_limit: memoryLimit() });
    const connection = await instance.connect();
    flushWrites();
    const byTable = new Map<string, string[]>();
    for (const file of files) {
        const folder = file.split('/').at(-2)!;
        const table = folder === 'reference' ? `reference_${byTable.size}` : folder;
        byTable.set(table, [...(byTable.get(table) ?? []), file]);
    }
    const started = process.hrtime.bigint();
    for (const [table, tableFiles] of byTable) {
        await connection.run(`create table ${table} as select * from read_csv([${tableFiles.map(sqlString).join(', ')}], header = true)`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    connection.closeSync();
    instance.closeSync();
    return seconds;
}

/**
 * Waits until what earlier stages wrote (the generator's gigabytes, a warehouse) is on disk, so that a stage, or an
 * engine limit, is not billed for writing that runs beside it.
 */
export function flushWrites(): void {
    spawnSync('sync');
}

/** The CSV files of a world folder written by customs generate, each table's files in a folder of its own. */
export function worldFiles(world: string): string[] {
    return readdirSync(world).filter((name) => statSync(join(world, name)).isDirectory()).flatMap((folder) =>
        readdirSync(join(world, folder)).filter((name) => name.endsWith('.csv')).sort().map((name) => join(world, folder, name)));
}

/**
 * Transparency marts: declarations by month × lane with their count and the median minutes from lodgement to
 * release (the release being the first 'release' clearance event) — the core of fct_release_times.
 */
export const TRANSPARENCY_LIMIT = `
    with releases as (
        select declaration_id, min(event_at) as release_at
        from clearance_events
        where event_type = 'release'
        group by declaration_id
    )
    select
        date_trunc('month', declarations.lodgement_at) as month_date,
        declarations.lane,
        count(*) as count_declarations,
        median(date_diff('minute', declarations.lodgement_at, releases.release_at)) as median_release_minutes,
    from declarations
    left join releases using (declaration_id)
    group by all`;

/**
 * Statistics marts: item lines by month × flow × HS6 × partner (origin for imports, destination for exports) with
 * the sums of customs value, net mass and quantity — the core of fct_trade_monthly.
 */
export const STATISTICS_LIMIT = `
    select
        date_trunc('month', declarations.lodgement_at) as month_date,
        declarations.declaration_type,
        left(declaration_items.tariff_code, 6) as hs6,
        case declarations.declaration_type when 'import' then declaration_items.origin_country else declarations.destination_country end as partner_country,
        count(*) as count_lines,
        sum(declaration_items.customs_value_twd) as value_twd,
        sum(declaration_items.net_mass_kg) as net_mass_kg,
        sum(declaration_items.quantity) as quantity,
    from declaration_items
    join declarations using (declaration_id)
    group by all`;

/**
 * Risk features: the median log unit value of item lines per HS6 × origin × quarter, and for each declaration the
 * largest distance of one of its lines from its median — the core of the unit-value indicators of
 * fct_declaration_risk_features.
 */
export const RISK_FEATURES_LIMIT = `
    with lines as (
        select
            declaration_items.declaration_id,
            left(declaration_items.tariff_code, 6) as hs6,
            declaration_items.origin_country,
            date_trunc('quarter', declarations.lodgement_at) as quarter_date,
            ln(declaration_items.customs_value_twd::double / declaration_items.quantity) as log_unit_value,
        from declaration_items
        join declarations using (declaration_id)
        where declaration_items.customs_value_twd > 0 and declaration_items.quantity > 0
    ),
    unit_value_references as (
        select hs6, origin_country, quarter_date, median(log_unit_value) as median_log_unit_value,
        from lines
        group by all
    )
    select declaration_id, max(abs(log_unit_value - median_log_unit_value)) as largest_unit_value_distance,
    from lines
    join unit_value_references using (hs6, origin_country, quarter_date)
    group by declaration_id`;

/** Seconds for DuckDB to run a bare query over the warehouse into a temporary table. */
export async function bareQuerySeconds(warehousePath: string, sql: string): Promise<number> {
    const warehouse = await openWarehouse(warehousePath, { readOnly: true });
    flushWrites();
    try {
        const started = process.hrtime.bigint();
        await warehouse.connection.run(`create temp table engine_limit as ${sql}`);
        return Number(process.hrtime.bigint() - started) / 1e9;
    } finally {
        warehouse.close();
    }
}
