// Decides what a run of the SQL models must recompute, and records each run for the next one to decide from.
// A run asked to be incremental recomputes only the months the rows loaded since the last recorded run affect
// (sql/runs/affected_months.sql states the rule), and the references of the quarters whose 12 months before hold
// one of them (or that have none yet); it is full instead when there is no earlier run to start from,
// when the earlier run built only some folders, when anything else the marts depend on changed (the models' SQL,
// the run's settings, the confidential items), when a mart refreshed in part is missing, when a reference table other
// than the exchange rates got new rows, or when rows were removed from a loaded table.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ModelRunKind } from '../schema/model-run.js';
import { LOADABLE_TABLES } from '../schema/tables.js';
import { REFRESHED_MARTS, type Model, type ModelVariables } from './run-models.js';
import { SQL_DIR, queryRows, sqlString } from './warehouse.js';

export interface RunPlan {
    kind: 'full' | 'incremental';
    /** The months an incremental run recomputes, 'YYYY-MM-01', in order; empty for a full run. */
    months: string[];
    /** The quarters whose references an incremental run makes anew, first days 'YYYY-MM-01', in order; empty for a full run. */
    quarters: string[];
    /** Why a run asked to be incremental is full; null otherwise. */
    fullReason: string | null;
    /**
     * When every declaration of an incremental run's months was loaded since the last run (a new month's batch), so
     * was every item line and clearance event of them: lines come with their declaration, events with it or after
     * it, and the loader only appends. Then the largest rowid of each of the two tables that the last run had read:
     * the models read only the rows after it (getvariable('run_items_after_rowid'), 'run_events_after_rowid'), not
     * the whole tables (10 and 17 million rows at 10 million lines). Null otherwise, and for a full run.
     */
    newRowsAfter: { declaration_items: number; clearance_events: number } | null;
}

/**
 * After an incremental run, the time before which every declaration's risk features are as they were before it:
 * 48 hours before its first month, whose split shipments it revises (sql/runs/revise_split_shipments.sql); with no
 * month recomputed, none changed ('infinity'). Undefined after a full run. Taiwan local time, as lodgement_at.
 */
export function featuresUnchangedBefore(plan: RunPlan): string | undefined {
    if (plan.kind !== 'incremental') return undefined;
    if (plan.months.length === 0) return 'infinity';
    const first = new Date(`${plan.months[0]}T00:00:00Z`);
    return new Date(first.getTime() - SPLIT_SHIPMENT_HOURS * 3600 * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/** The window either side of a declaration within which int_split_shipments counts the parts of a split shipment. */
const SPLIT_SHIPMENT_HOURS = 48;

interface Watermark {
    table_name: string;
    max_rowid: number;
    row_count: number;
}

/** The variables that do not change what a month's figures are: the arrears cut-off only moves fct_arrears_ageing, rebuilt whole. */
const VARIABLES_NOT_FINGERPRINTED = new Set(['as_of_date']);

/**
 * SHA-256 of what the marts depend on besides the loaded rows: the models' SQL, the run's settings and the
 * confidential items; and the macros of sql/macros, which the scored models call (an audit targeting after an
 * incremental run keeps the audit list's rows of the scores it keeps: see KEPT_SCORE_MARTS).
 */
export async function settingsFingerprint(connection: DuckDBConnection, models: Model[], variables: ModelVariables): Promise<string> {
    const [confidential] = await queryRows<{ items: string }>(connection, `
        select coalesce(string_agg(item_kind || ':' || item_code, ',' order by item_kind, item_code), '') as items
        from stat_confidential_items`);
    const settings = Object.entries(variables).filter(([name]) => !VARIABLES_NOT_FINGERPRINTED.has(name)).sort(([a], [b]) => a.localeCompare(b));
    const macros = readdirSync(join(SQL_DIR, 'macros')).sort().map((file) => [file, readFileSync(join(SQL_DIR, 'macros', file), 'utf8')]);
    const text = JSON.stringify({ models: models.map((model) => [model.name, model.sql]), macros, settings, confidential: confidential!.items });
    return createHash('sha256').update(text).digest('hex');
}

export async function planModelRun(connection: DuckDBConnection, settingsSha256: string): Promise<RunPlan> {
    const full = (fullReason: string): RunPlan => ({ kind: 'full', months: [], quarters: [], fullReason, newRowsAfter: null });
    const [last] = await queryRows<{ run_id: number; run_kind: ModelRunKind; settings_sha256: string }>(connection,
        'select run_id, run_kind, settings_sha256 from model_runs order by run_id desc limit 1');
    if (!last) return full('no earlier run of the models is recorded in this warehouse');
    if (last.run_kind === 'partial') return full('the last run built only some folders of sql/');
    if (last.settings_sha256 !== settingsSha256) return full('the SQL models, the run settings or the confidential items changed since the last run');
    const existing = new Set((await queryRows<{ table_name: string }>(connection,
        "select table_name from information_schema.tables where table_schema = 'main' and table_catalog = current_database()")).map((row) => row.table_name));
    const missing = Object.keys(REFRESHED_MARTS).filter((name) => !existing.has(name));
    if (missing.length > 0) return full(`the warehouse has no ${missing.join(', ')}`);

    const seen = new Map((await queryRows<Watermark>(connection,
        `select table_name, max_rowid, row_count from model_run_watermarks where run_id = ${last.run_id}`)).map((row) => [row.table_name, row]));
    const now = await currentWatermarks(connection);
    for (const table of LOADABLE_TABLES) {
        const before = seen.get(table.name) ?? { max_rowid: -1, row_count: 0 };
        const after = now.find((row) => row.table_name === table.name)!;
        if (after.row_count < before.row_count || after.max_rowid < before.max_rowid) {
            return full(`rows were removed from ${table.name} since the last run`);
        }
        if (table.kind === 'reference' && table.name !== 'exchange_rates' && after.max_rowid > before.max_rowid) {
            return full(`the reference table ${table.name} has new rows since the last run`);
        }
        await connection.run(`set variable seen_${table.name} = ${before.max_rowid}`);
    }
    const rows = await queryRows<{ month_date: string }>(connection,
        `select month_date::varchar as month_date from (${readFileSync(join(SQL_DIR, 'runs', 'affected_months.sql'), 'utf8')})`);
    const months = rows.map((row) => row.month_date);
    const newRowsAfter = months.length > 0 && await onlyNewDeclarations(connection, months)
        ? { declaration_items: seen.get('declaration_items')?.max_rowid ?? -1, clearance_events: seen.get('clearance_events')?.max_rowid ?? -1 }
        : null;
    return { kind: 'incremental', months, quarters: await referenceQuarters(connection, months), fullReason: null, newRowsAfter };
}

/** Whether every declaration of these months was loaded after the last run's read (getvariable('seen_declarations')). */
async function onlyNewDeclarations(connection: DuckDBConnection, months: string[]): Promise<boolean> {
    const [earlier] = await queryRows<{ n: number }>(connection, `
        select count(*)::integer as n from declarations
        where rowid <= getvariable('seen_declarations')
            and list_contains([${months.map((month) => `DATE ${sqlString(month)}`).join(', ')}]::DATE[], date_trunc('month', lodgement_at)::date)`);
    return earlier!.n === 0;
}

/**
 * The quarters whose references (fct_unit_value_references, fct_trader_benford: made from the 12 months before a
 * quarter) a run of these months makes anew: every quarter of them, but the first when the run starts after its
 * first month and the warehouse has its references, since none of the months they are made from changed.
 */
async function referenceQuarters(connection: DuckDBConnection, months: string[]): Promise<string[]> {
    const quarterOf = (month: string) => `${month.slice(0, 5)}${String(Math.floor((Number(month.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    const quarters = [...new Set(months.map(quarterOf))];
    if (quarters.length === 0 || quarters[0] === months[0]) return quarters;
    const [first] = await queryRows<{ made: boolean }>(connection,
        `select count(*) > 0 as made from fct_unit_value_references where reference_quarter_date = DATE ${sqlString(quarters[0]!)}`);
    return first!.made ? quarters.slice(1) : quarters;
}

/** Records a run and how far it read each loadable table; called inside the run's transaction. */
export async function recordModelRun(
    connection: DuckDBConnection, kind: ModelRunKind, plan: RunPlan | null, settingsSha256: string,
): Promise<void> {
    const [next] = await queryRows<{ run_id: number }>(connection, 'select (coalesce(max(run_id), 0) + 1)::integer as run_id from model_runs');
    const runId = next!.run_id;
    const months = kind === 'incremental' ? sqlString(plan!.months.map((month) => month.slice(0, 7)).join(',')) : 'null';
    await connection.run(`insert into model_runs values (${runId}, current_timestamp::timestamp, '${kind}', ${months},
        '${settingsSha256}', ${plan?.fullReason ? sqlString(plan.fullReason) : 'null'})`);
    for (const row of await currentWatermarks(connection)) {
        await connection.run(`insert into model_run_watermarks values (${runId}, ${sqlString(row.table_name)}, ${row.max_rowid}, ${row.row_count})`);
    }
}

async function currentWatermarks(connection: DuckDBConnection): Promise<Watermark[]> {
    const selects = LOADABLE_TABLES.map((table) => `
        select ${sqlString(table.name)} as table_name, coalesce(max(rowid), -1)::integer as max_rowid, count(*)::integer as row_count
        from ${table.name}`);
    return queryRows<Watermark>(connection, selects.join('\nunion all'));
}
