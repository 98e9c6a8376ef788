// Runs the SQL models under sql/staging, sql/intermediate and sql/marts: each file is one SELECT named after the
// relation it makes. Staging models (rename and cast only) become views; intermediate models become temporary
// tables that live for the run (writing them to the warehouse file would cost more than computing them), or
// temporary views (INTERMEDIATE_VIEWS);
// marts, what users read, become tables in the warehouse. A model runs after every model it names. The warehouse is
// written in one transaction at the end of the run, so a failed run leaves the previous figures in place (see
// runModels for the two steps). Models under sql/scored are tables too, built apart (by the audit pipeline) because
// they read the scores it writes.
// An incremental run is given the months to recompute: it sets getvariable('run_months'), which stg_declarations and
// a few other models read to compute only those months, and getvariable('run_quarters'), the quarters whose
// references (unit values, Benford tests) it makes anew; it refreshes each mart of REFRESHED_MARTS by deleting the
// rows of those months or quarters and inserting them again (and revising what MART_REVISIONS names in earlier
// months), and rebuilds every other model whole, as a full run does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunPlan } from './incremental-plan.js';
import { UserError } from '../user-error.js';
import { SQL_DIR, queryRows, sqlString } from './warehouse.js';

export const MODEL_LAYERS = ['staging', 'intermediate', 'marts', 'scored'] as const;
export type ModelLayer = (typeof MODEL_LAYERS)[number];
/** What `customs run` builds; 'scored' models read what the audit pipeline writes and run after it. */
export const WAREHOUSE_LAYERS: readonly ModelLayer[] = ['staging', 'intermediate', 'marts'];

export interface Model {
    name: string;
    layer: ModelLayer;
    path: string;
    sql: string;
    dependsOn: string[];
}

export interface ModelRun {
    name: string;
    layer: string;
    rows: number;
    seconds: number;
}

/** Values the models read with getvariable(name). */
export type ModelVariables = Record<string, number | string>;

const IN_RUN_MONTHS = "list_contains(getvariable('run_months'), month_date)";
const IN_RUN_QUARTERS = "list_contains(getvariable('run_quarters'), reference_quarter_date)";

/**
 * The marts an incremental run refreshes in part, each with the condition of the rows it recomputes: those of the
 * run's months (column month_date), or of its quarters (column reference_quarter_date: references made from the
 * 12 months before a quarter). Every other mart is rebuilt whole in every run; it must then not read, directly or
 * through intermediate models, a model that reads getvariable('run_months') or getvariable('run_quarters')
 * (checked when an incremental run starts).
 */
export const REFRESHED_MARTS: Readonly<Record<string, string>> = {
    fct_release_times: IN_RUN_MONTHS,
    pub_average_release_times: IN_RUN_MONTHS,
    fct_lane_shares: IN_RUN_MONTHS,
    fct_selectivity_effectiveness: IN_RUN_MONTHS,
    fct_revenue_monthly: IN_RUN_MONTHS,
    fct_trade_code_months: IN_RUN_MONTHS,
    fct_trade_monthly: IN_RUN_MONTHS,
    fct_trade_cells: IN_RUN_MONTHS,
    fct_trade_breakdowns: IN_RUN_MONTHS,
    fct_declaration_risk_features: IN_RUN_MONTHS,
    fct_checked_declarations: IN_RUN_MONTHS,
    fct_trader_first_imports: IN_RUN_MONTHS,
    fct_trader_months: IN_RUN_MONTHS,
    fct_unit_value_references: IN_RUN_QUARTERS,
    fct_trader_benford: IN_RUN_QUARTERS,
};

/**
 * What an incremental run revises outside its months, by mart: a statement under sql/runs, run after the mart's
 * months are replaced, in the run's transaction. The split shipments count the parts within 48 hours either side, so
 * the declarations of the 48 hours before the run's first month are revised rather than their month recomputed.
 */
export const MART_REVISIONS: Readonly<Record<string, string>> = {
    fct_declaration_risk_features: 'runs/revise_split_shipments.sql',
    fct_audit_targets: 'runs/rerank_kept_audit_targets.sql',
};

/**
 * The scored marts that an audit targeting which kept the scores of every declaration of its window lodged before
 * getvariable('scores_kept_before') refreshes in part (RunModelsOptions.keptScores), each with the condition of the
 * rows it makes anew: those of the declarations lodged since, which it scored, and of those that left the window
 * (lodged before getvariable('scoring_from'): the model makes none). The kept ones stay as they are, reasons in
 * words included, and take their new places on the list (MART_REVISIONS). A condition on lodgement_at alone, which
 * DuckDB applies where the model reads the features, before the words are made: a condition on the kept
 * declaration ids (a join) came after the words were made for every row.
 */
export const KEPT_SCORE_MARTS: Readonly<Record<string, string>> = {
    fct_audit_targets: "(lodgement_at >= getvariable('scores_kept_before')::timestamp or lodgement_at < getvariable('scoring_from')::timestamp)",
};

export interface RunModelsOptions {
    /** Incremental run: the months to recompute ('YYYY-MM-01'); absent: a full run. */
    runMonths?: string[];
    /** Incremental run: the quarters whose references are made anew ('YYYY-MM-01', first days); with runMonths. */
    runQuarters?: string[];
    /** Incremental run: the rowids after which the run's months' item lines and clearance events are (RunPlan.newRowsAfter). */
    runNewRowsAfter?: RunPlan['newRowsAfter'];
    /** Runs inside the run's transaction after the last model, before it commits (to record the run). */
    beforeCommit?: (connection: DuckDBConnection) => Promise<void>;
    /**
     * A run of the scored marts after a scoring that kept the scores of every declaration of its window lodged before
     * getvariable('scores_kept_before'), whose rows the warehouse's scored marts hold as they were: the marts of
     * KEPT_SCORE_MARTS are refreshed in part.
     */
    keptScores?: boolean;
}

export function discoverModels(sqlDir = SQL_DIR): Model[] {
    const found: Omit<Model, 'dependsOn'>[] = [];
    for (const layer of MODEL_LAYERS) {
        for (const path of sqlFiles(join(sqlDir, layer))) {
            found.push({ name: basename(path, '.sql'), layer, path, sql: readFileSync(path, 'utf8').trim().replace(/;\s*$/, '') });
        }
    }
    const names = new Set(found.map((model) => model.name));
    if (names.size !== found.length) throw new Error('two SQL models share a file name; model names must be unique');
    const models = found.map((model) => ({
        ...model,
        dependsOn: [...names].filter((name) => name !== model.name && new RegExp(`\\b${name}\\b`).test(stripComments(model.sql))),
    }));
    return orderByDependencies(models);
}

function sqlFiles(dir: string): string[] {
    let entries: string[];
    try {
        entries = readdirSync(dir).sort();
    } catch {
        return [];
    }
    return entries.flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return sqlFiles(path);
        return name.endsWith('.sql') ? [path] : [];
    });
}

function quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
}

function stripComments(sql: string): string {
    return sql.replace(/--[^\n]*/g, '');
}

function orderByDependencies(models: Model[]): Model[] {
    const ordered: Model[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const byName = new Map(models.map((model) => [model.name, model]));
    const visit = (model: Model, path: string[]) => {
        if (state.get(model.name) === 'done') return;
        if (state.get(model.name) === 'visiting') throw new Error(`SQL models refer to each other in a cycle: ${[...path, model.name].join(' → ')}`);
        state.set(model.name, 'visiting');
        for (const dependency of model.dependsOn) visit(byName.get(dependency)!, [...path, model.name]);
        state.set(model.name, 'done');
        ordered.push(model);
    };
    for (const model of models) visit(model, []);
    return ordered;
}

/**
 * Intermediate models made as temporary views rather than tables: computed row by row from one table, and read by
 * models that each take a few of its columns or rows. Storing int_payment_status (every assessment with all its
 * columns, 1.5 million rows) took 0.6-0.8 s of a month's run at 10 million lines, where its readers computing it in
 * place cost next to nothing more.
 */
const INTERMEDIATE_VIEWS: ReadonlySet<string> = new Set(['int_payment_status']);

/** Whether a model is made as a view: staging models, and the intermediate models of INTERMEDIATE_VIEWS. */
export const isMadeAsView = (model: Model): boolean => model.layer === 'staging' || (model.layer === 'intermediate' && INTERMEDIATE_VIEWS.has(model.name));

/** The temporary table of an incremental run's rows of a refreshed mart that models read. */
const refreshedRows = (model: Model) => `${model.name}__refreshed`;

/** What each layer leaves in the warehouse; intermediate models live as temporary tables for the connection only. */
const WAREHOUSE_KINDS = { staging: 'view', intermediate: null, marts: 'table', scored: 'table' } as const;

/**
 * Before a model is made, objects of its name that are of another kind go: DuckDB will not replace an object by one
 * of another kind, and a table in the warehouse would outlive a temporary one of the same name.
 * `catalog` 'temp' clears the way for the run's temporary object, 'warehouse' for what the warehouse keeps.
 */
async function dropOtherKinds(connection: DuckDBConnection, name: string, catalog: 'temp' | 'warehouse', kind: 'view' | 'table' | null): Promise<void> {
    const rows = await queryRows<{ table_catalog: string; table_type: string }>(connection,
        `select table_catalog, table_type from information_schema.tables where table_name = ${sqlString(name)}`);
    for (const row of rows) {
        if ((row.table_catalog === 'temp') !== (catalog === 'temp')) continue;
        const existing = row.table_type === 'VIEW' ? 'view' : 'table';
        if (existing !== kind) await connection.run(`drop ${existing} ${quoteIdentifier(row.table_catalog)}.main.${name}`);
    }
}

/**
 * The models of the given folders of sql/ (each folder on its own, not its subfolders: 'marts' is the transparency
 * marts, 'marts/trade' the statistics marts), with every model they read, directly or not, in dependency order.
 */
export function modelsOfFolders(models: Model[], folders: readonly string[], sqlDir = SQL_DIR): Model[] {
    const byName = new Map(models.map((model) => [model.name, model]));
    const wanted = new Set<string>();
    const want = (model: Model) => {
        if (wanted.has(model.name)) return;
        wanted.add(model.name);
        for (const dependency of model.dependsOn) want(byName.get(dependency)!);
    };
    for (const folder of folders) {
        const inFolder = models.filter((model) => relative(sqlDir, dirname(model.path)) === folder);
        if (inFolder.length === 0) throw new UserError('no_models', `There are no SQL models in sql/${folder}. Give a folder of sql/ that holds .sql files, such as marts or marts/audit.`);
        inFolder.forEach(want);
    }
    return models.filter((model) => wanted.has(model.name));
}

/**
 * Sets getvariable('run_months') and getvariable('run_quarters'), the periods an incremental run recomputes, and,
 * when the run's months hold only rows loaded since the last run (RunPlan.newRowsAfter), 'run_items_after_rowid'
 * and 'run_events_after_rowid' (else NULL).
 */
export async function setRunPeriods(connection: DuckDBConnection, periods: Pick<RunPlan, 'months' | 'quarters' | 'newRowsAfter'>): Promise<void> {
    const dates = (days: string[]) => `[${days.map((day) => `DATE ${sqlString(day)}`).join(', ')}]::DATE[]`;
    await connection.run(`set variable run_months = ${dates(periods.months)}`);
    await connection.run(`set variable run_quarters = ${dates(periods.quarters)}`);
    await connection.run(`set variable run_items_after_rowid = ${periods.newRowsAfter?.declaration_items ?? 'null'}::bigint`);
    await connection.run(`set variable run_events_after_rowid = ${periods.newRowsAfter?.clearance_events ?? 'null'}::bigint`);
}

/** Unsets them: left set, the staging views would show only the run's periods to later queries of the connection. */
export async function resetRunPeriods(connection: DuckDBConnection): Promise<void> {
    for (const name of ['run_months', 'run_quarters', 'run_items_after_rowid', 'run_events_after_rowid']) await connection.run(`reset variable ${name}`);
}

/** Sets the values the models read with getvariable(name) on the connection. */
export async function setModelVariables(connection: DuckDBConnection, variables: ModelVariables): Promise<void> {
    for (const [name, value] of Object.entries(variables)) {
        await connection.run(`set variable ${name} = ${typeof value === 'number' ? String(value) : sqlString(value)}`);
    }
}

export async function runModels(
    connection: DuckDBConnection,
    variables: ModelVariables,
    onModel?: (run: ModelRun) => void,
    layers: readonly ModelLayer[] = WAREHOUSE_LAYERS,
    folders?: readonly string[],
    options: RunModelsOptions = {},
): Promise<ModelRun[]> {
    const inLayers = discoverModels().filter((model) => layers.includes(model.layer));
    const models = folders ? modelsOfFolders(inLayers, folders) : inLayers;
    await setModelVariables(connection, variables);
    const { runMonths } = options;
    if (runMonths) {
        checkWholeMartsReadWholeInputs(models);
        await setRunPeriods(connection, { months: runMonths, quarters: options.runQuarters ?? [], newRowsAfter: options.runNewRowsAfter ?? null });
    } else {
        await resetRunPeriods(connection);
    }
    const runs: ModelRun[] = [];
    // The warehouse's own objects are named with its catalog: a bare main.<name> would find the temporary one.
    const warehouse = `${quoteIdentifier((await queryRows<{ name: string }>(connection, 'select current_database() as name'))[0]!.name)}.main`;
    const isRefreshed = (model: Model) => refreshedRowsOf(model) !== undefined;
    const refreshedRowsOf = (model: Model): string | undefined => {
        if (model.layer === 'staging' || model.layer === 'intermediate') return undefined;
        if (runMonths !== undefined && Object.hasOwn(REFRESHED_MARTS, model.name)) return REFRESHED_MARTS[model.name];
        if (options.keptScores && Object.hasOwn(KEPT_SCORE_MARTS, model.name)) return KEPT_SCORE_MARTS[model.name];
        return undefined;
    };
    // A mart no model of this run reads is made in the warehouse directly, in the transaction, not copied there. So
    // are the scored marts, even the one another reads (fct_audit_plan reads fct_audit_targets, in the transaction):
    // at 10 million lines the audit list made as a temporary table (1.0 s) and copied (1.0-1.7 s, on one thread)
    // took longer than made in place (1.6 s), and the plan read it no slower there (0.7 s).
    const readByModels = new Set(models.flatMap((model) => model.dependsOn));
    const isMadeInPlace = (model: Model) => WAREHOUSE_KINDS[model.layer] === 'table' && (!readByModels.has(model.name) || model.layer === 'scored');
    const make = async (model: Model, statement: () => Promise<number>) => {
        const started = process.hrtime.bigint();
        let rows: number;
        try {
            rows = await statement();
        } catch (error) {
            throw new UserError('model_failed', `SQL model ${relative(SQL_DIR, model.path)} failed: ${(error as Error).message}`);
        }
        const run = { name: model.name, layer: model.layer, rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
        runs.push(run);
        onModel?.(run);
    };
    const count = async (name: string) => Number((await queryRows<{ n: string }>(connection, `select count(*) as n from ${name}`))[0]!.n);
    // No model relies on the order of the rows it writes (readers sort what they need sorted); letting DuckDB write
    // them in any order makes every CREATE TABLE … AS faster.
    await connection.run('set session preserve_insertion_order = false');
    try {
        // First the models that other models read are made as temporary views or tables of this connection, outside
        // any transaction, so that the warehouse is untouched and the models that read them scan them with every
        // thread (DuckDB scans what an open transaction wrote with one). Names resolve to temporary objects first,
        // so each model reads this run's models. A refreshed mart in an incremental run is a temporary table of the
        // model's rows of the run's months or quarters (<name>__refreshed), and a temporary view of it with the
        // warehouse's other rows: copying those (2.3 million rows of fct_trader_first_imports at 10 million lines)
        // cost more than the month's rows.
        for (const model of models.filter((candidate) => !isMadeInPlace(candidate))) {
            await make(model, async () => {
                if (isRefreshed(model)) {
                    const refreshed = refreshedRowsOf(model)!;
                    await connection.run(`create or replace temp table ${refreshedRows(model)} as (select * from (\n${model.sql}\n) where ${refreshed})`);
                    await dropOtherKinds(connection, model.name, 'temp', 'view');
                    await connection.run(`create or replace temp view ${model.name} as (
                        select * from ${warehouse}.${model.name} where not ${refreshed} union all by name select * from temp.main.${refreshedRows(model)})`);
                    return count(model.name);
                }
                const kind = isMadeAsView(model) ? 'view' : 'table';
                await dropOtherKinds(connection, model.name, 'temp', kind);
                await connection.run(`create or replace temp ${kind} ${model.name} as (\n${model.sql}\n)`);
                return count(model.name);
            });
        }
        // Then one transaction puts what the warehouse keeps in place: staging views; the marts made above, copied
        // from their temporary tables; the others, made there (a refreshed mart of an incremental run: the rows of
        // its run's months or quarters replaced). A failed run leaves the previous figures in place.
        await connection.run('begin transaction');
        try {
            for (const model of models) {
                const kind = WAREHOUSE_KINDS[model.layer];
                const source = isMadeInPlace(model) ? `(\n${model.sql}\n)` : `temp.main.${isRefreshed(model) ? refreshedRows(model) : model.name}`;
                const put = async () => {
                    await dropOtherKinds(connection, model.name, 'warehouse', kind);
                    if (kind === 'view') {
                        await connection.run(`create or replace view ${warehouse}.${model.name} as (\n${model.sql}\n)`);
                    } else if (kind === 'table' && isRefreshed(model)) {
                        const refreshed = refreshedRowsOf(model)!;
                        await connection.run(`delete from ${warehouse}.${model.name} where ${refreshed}`);
                        // appended in order, so that the new rows fill row groups one after another: appended in any
                        // order, they left partly filled row groups that the commit's checkpoint merged again (DuckDB's
                        // vacuum: about 1 s of a month's run at 10 million lines)
                        await connection.run('set session preserve_insertion_order = true');
                        await connection.run(`insert into ${warehouse}.${model.name} by name (select * from ${source} where ${refreshed})`);
                        await connection.run('set session preserve_insertion_order = false');
                        const revision = MART_REVISIONS[model.name];
                        if (revision) await connection.run(readFileSync(join(SQL_DIR, revision), 'utf8'));
                        return count(`${warehouse}.${model.name}`);
                    } else if (kind === 'table') {
                        const made = await connection.runAndReadAll(`create or replace table ${warehouse}.${model.name} as (select * from ${source})`);
                        return Number(made.getRows()[0]![0]);
                    }
                    return 0;
                };
                if (isMadeInPlace(model)) {
                    await make(model, put);
                } else {
                    const started = process.hrtime.bigint();
                    await put();
                    runs.find((run) => run.name === model.name)!.seconds += Number(process.hrtime.bigint() - started) / 1e9;
                }
            }
            await options.beforeCommit?.(connection);
            await connection.run('commit');
        } catch (error) {
            await connection.run('rollback');
            throw error;
        }
    } finally {
        // The temporary copies of views and marts go, so that later queries of this connection read the warehouse's.
        for (const model of models.filter((candidate) => candidate.layer !== 'intermediate' && !isMadeInPlace(candidate))) {
            if (isRefreshed(model)) {
                await connection.run(`drop view if exists temp.main.${model.name}`);
                await connection.run(`drop table if exists temp.main.${refreshedRows(model)}`);
            } else {
                await connection.run(`drop ${model.layer === 'staging' ? 'view' : 'table'} if exists temp.main.${model.name}`);
            }
        }
        await connection.run('reset session preserve_insertion_order');
        await resetRunPeriods(connection);
    }
    const order = new Map(models.map((model, index) => [model.name, index]));
    return runs.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
}

/**
 * The models whose rows cover only the run's months or quarters in an incremental run: those that read
 * getvariable('run_months'), 'run_quarters', 'run_items_after_rowid' or 'run_events_after_rowid' and those that read them, up to the refreshed marts
 * (complete again once refreshed). A mart rebuilt whole from such a model would lose every other month, so that is
 * refused before anything runs.
 */
function checkWholeMartsReadWholeInputs(models: Model[]): void {
    const monthsOnly = new Set<string>();
    for (const model of models) {
        const readsRunPeriods = /getvariable\('run_(months|quarters|items_after_rowid|events_after_rowid)'\)/.test(stripComments(model.sql));
        const readsMonthsOnly = model.dependsOn.some((name) => monthsOnly.has(name) && !Object.hasOwn(REFRESHED_MARTS, name));
        if (!readsRunPeriods && !readsMonthsOnly) continue;
        if (model.layer !== 'intermediate' && model.layer !== 'staging' && !Object.hasOwn(REFRESHED_MARTS, model.name)) {
            throw new Error(`SQL model ${model.name} is rebuilt whole but reads only the months of an incremental run; add it to REFRESHED_MARTS or read whole inputs`);
        }
        monthsOnly.add(model.name);
    }
}
