// The engine's limit for each stage of `npm run bench`: what DuckDB alone takes for the same work, measured in the
// same run on the same files or warehouse, with the same memory limit, so a stage's time over its limit says what
// our layers cost. Ingest: a bare read_csv of the files (no rules, no quarantine, no line numbers). Marts: the
// group's own SQL models, made one after the other by DuckDB alone (no runner, no transaction, no copies).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { WAREHOUSE_LAYERS, discoverModels, isMadeAsView, modelsOfFolders, setModelVariables, type Model } from '../src/db/run-models.js';
import { allocatorSettings, memoryLimit, openWarehouse, sqlString } from '../src/db/warehouse.js';
import { modelVariables } from './run-models.js';

/**
 * Ingest: a bare read_csv of the given files into tables of a new database file — one read_csv over all files of
 * a table (as the loader reads them), each reference file on its own, types auto-detected — up to the database
 * closed. The close is part of the load: DuckDB finishes writing the tables into the file at the checkpoint it makes
 * then (about 8 s of 58 s for 10 million item lines), and the ingest's own time runs until its process has closed
 * the warehouse.
 */
export async function bareLoadSeconds(files: string[], path: string): Promise<number> {
    const limit = memoryLimit();
    const instance = await DuckDBInstance.create(path, { memory_limit: limit, ...allocatorSettings(limit) });
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
    connection.closeSync();
    instance.closeSync();
    return Number(process.hrtime.bigint() - started) / 1e9;
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
 * Marts: the SQL models of the given folders of sql/ and every model they read, each made by DuckDB alone from its
 * own SQL as a temporary view (staging, and what the runner makes as views: isMadeAsView) or table, in dependency
 * order, with the settings of a run — the same queries with nothing of the runner around them: no process of its
 * own, no transaction, no copy into the warehouse. The connection keeps what was made (a test checks it equals the
 * marts the runner made).
 */
export async function makeBareModels(connection: DuckDBConnection, folders: readonly string[]): Promise<Model[]> {
    const models = modelsOfFolders(discoverModels().filter((model) => WAREHOUSE_LAYERS.includes(model.layer)), folders);
    await setModelVariables(connection, await modelVariables(connection, {}));
    await connection.run('set session preserve_insertion_order = false');
    for (const model of models) {
        await connection.run(`create temp ${isMadeAsView(model) ? 'view' : 'table'} ${model.name} as (\n${model.sql}\n)`);
    }
    return models;
}

/** Seconds for DuckDB alone to make the models of the folders over the warehouse (makeBareModels). */
export async function bareModelsSeconds(warehousePath: string, folders: readonly string[]): Promise<number> {
    const warehouse = await openWarehouse(warehousePath, { readOnly: true });
    flushWrites();
    try {
        const started = process.hrtime.bigint();
        await makeBareModels(warehouse.connection, folders);
        return Number(process.hrtime.bigint() - started) / 1e9;
    } finally {
        warehouse.close();
    }
}

