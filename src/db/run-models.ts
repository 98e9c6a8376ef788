// Runs the SQL models under sql/staging, sql/intermediate and sql/marts: each file is one SELECT named after the
// relation it makes. Staging models (rename and cast only) become views; intermediate models become temporary
// tables that live for the run (writing them to the warehouse file would cost more than computing them);
// marts, what users read, become tables in the warehouse. A model runs after every model it names, and all of them run in one
// transaction, so a failed run leaves the previous figures in place. Models under sql/scored are tables too, built
// apart (by the audit pipeline) because they read the scores it writes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
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

const MODEL_KINDS = { staging: 'view', intermediate: 'temp table', marts: 'table', scored: 'table' } as const;
type ModelKind = (typeof MODEL_KINDS)[keyof typeof MODEL_KINDS];

/**
 * A model whose kind changed (view, table, temporary table) must be dropped first: DuckDB will not replace an
 * object by one of another kind, and a table in the warehouse would outlive a temporary one of the same name.
 */
async function dropIfOtherKind(connection: DuckDBConnection, name: string, kind: ModelKind): Promise<void> {
    const rows = await queryRows<{ table_catalog: string; table_type: string }>(connection,
        `select table_catalog, table_type from information_schema.tables where table_name = ${sqlString(name)}`);
    for (const row of rows) {
        const existing: ModelKind = row.table_type === 'VIEW' ? 'view' : row.table_catalog === 'temp' ? 'temp table' : 'table';
        if (existing !== kind) await connection.run(`drop ${existing === 'temp table' ? 'table' : existing} ${row.table_catalog}.main.${name}`);
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

export async function runModels(
    connection: DuckDBConnection,
    variables: ModelVariables,
    onModel?: (run: ModelRun) => void,
    layers: readonly ModelLayer[] = WAREHOUSE_LAYERS,
    folders?: readonly string[],
): Promise<ModelRun[]> {
    const inLayers = discoverModels().filter((model) => layers.includes(model.layer));
    const models = folders ? modelsOfFolders(inLayers, folders) : inLayers;
    for (const [name, value] of Object.entries(variables)) {
        await connection.run(`set variable ${name} = ${typeof value === 'number' ? String(value) : sqlString(value)}`);
    }
    const runs: ModelRun[] = [];
    // No model relies on the order of the rows it writes (readers sort what they need sorted); letting DuckDB write
    // them in any order makes every CREATE TABLE … AS faster.
    await connection.run('set preserve_insertion_order = false');
    await connection.run('begin transaction');
    try {
        for (const model of models) {
            const started = process.hrtime.bigint();
            try {
                const kind = MODEL_KINDS[model.layer];
                await dropIfOtherKind(connection, model.name, kind);
                await connection.run(`create or replace ${kind} ${model.name} as (\n${model.sql}\n)`);
            } catch (error) {
                throw new UserError('model_failed', `SQL model ${relative(SQL_DIR, model.path)} failed: ${(error as Error).message}`);
            }
            const rows = Number((await queryRows<{ n: string }>(connection, `select count(*) as n from ${model.name}`))[0]!.n);
            const run = { name: model.name, layer: model.layer, rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
            runs.push(run);
            onModel?.(run);
        }
        await connection.run('commit');
    } catch (error) {
        await connection.run('rollback');
        throw error;
    } finally {
        await connection.run('reset preserve_insertion_order');
    }
    return runs;
}
