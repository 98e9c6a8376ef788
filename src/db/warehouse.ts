// Opening the warehouse (a DuckDB file) and running SQL against it.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { UserError } from '../user-error.js';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SQL_DIR = join(PROJECT_ROOT, 'sql');

export interface Warehouse {
    path: string;
    instance: DuckDBInstance;
    connection: DuckDBConnection;
    close(): void;
}

export interface OpenOptions {
    readOnly?: boolean;
    /** DuckDB memory_limit, e.g. '4GB'. Default: CUSTOMS_MEMORY_LIMIT, else DEFAULT_MEMORY_LIMIT. */
    memoryLimit?: string;
    /** Where DuckDB spills when memory runs short. Default: CUSTOMS_TEMP_DIRECTORY, else beside the warehouse file. */
    tempDirectory?: string;
}

/**
 * DuckDB's memory_limit unless configured: DuckDB's own default is 80% of RAM, which let a 10-million-line load
 * reach 19.8 GB. With 3 GB for the engine the whole process (engine, Node heap, buffers) stays under 6 GB at 10
 * million lines (3.4 GB at the peaks measured; with 4 GB DuckDB's memory beside its buffer pool took runs from 4.3
 * to 6.2 GB, no faster); what does not fit spills to the temp directory.
 */
export const DEFAULT_MEMORY_LIMIT = '3GB';

/**
 * customs month's memory_limit unless configured, while its work is incremental: a month reads most blocks of the
 * warehouse it reads at all once, so a buffer pool that keeps them brings nothing, and every block it keeps is
 * memory the process faults in fresh (4 KB pages zeroed by the kernel). With 1 GB DuckDB reuses the memory of the
 * blocks it has read instead: at 10 million lines a month took 28.0–29.6 s against 33.6–34.0 s with 3 GB (minor
 * faults 0.6–0.7 million against 1.0 million, kernel time 7.8–8.7 s against 12.2–12.4 s); with 512 MB, 29.0 s.
 */
export const MONTH_MEMORY_LIMIT = '1GB';

/** The memory limit given, else CUSTOMS_MEMORY_LIMIT; undefined when neither is set. */
export function configuredMemoryLimit(given?: string): string | undefined {
    return given ?? process.env.CUSTOMS_MEMORY_LIMIT;
}

/** The memory limit given, else CUSTOMS_MEMORY_LIMIT, else the default; checked to be a size DuckDB reads. */
export function memoryLimit(given?: string): string {
    const limit = configuredMemoryLimit(given) ?? DEFAULT_MEMORY_LIMIT;
    if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(limit)) {
        throw new UserError('bad_memory_limit', `The memory limit ${JSON.stringify(limit)} (--memory-limit or CUSTOMS_MEMORY_LIMIT) is not a size DuckDB reads. Give a number and a unit, such as 4GB or 512MB.`);
    }
    return limit;
}

/**
 * DuckDB's allocator settings for an instance with this memory limit. Every DuckDB the platform opens has them (the
 * API's snapshots apart: a server keeps no memory it is not using), and so do the bench's bare engine limits.
 * - DuckDB hands memory back to the system after a task that allocated more than 128 MB, or freed more than 512 MB
 *   at once, by default: left to the allocator's 30 seconds instead (see src/customs.js).
 * - The buffer pool's blocks (256 KB each) come from memory DuckDB keeps for them, up to the memory limit
 *   (block_allocator_memory; off by default), rather than from the system allocator, which hands a freed block's
 *   pages back and faults fresh ones in for the next. At 10 million lines, measured interleaved on copies of one
 *   warehouse: a month 20.0–21.5 s against 21.6–22.8 s (kernel time 5.2–5.7 s against 5.9–6.4 s, peak 1.69–1.74 GB
 *   against 1.83–1.97 GB); the models in full 93.4 s and 98.8 s against 108.4 s and 104.2 s (peak 4.4 and 4.9 GB
 *   against 5.0 and 5.4 GB).
 */
export function allocatorSettings(memoryLimit: string): Record<string, string> {
    return { allocator_flush_threshold: '8GB', allocator_bulk_deallocation_flush_threshold: '8GB', block_allocator_memory: memoryLimit };
}

/**
 * Raises the memory limit of an open warehouse, and the memory its buffer pool's blocks are kept in with it (see
 * allocatorSettings; DuckDB cannot lower that one).
 */
export async function raiseMemoryLimit(connection: DuckDBConnection, limit: string): Promise<void> {
    await connection.run(`set memory_limit = ${sqlString(limit)}`);
    await connection.run(`set block_allocator_memory = ${sqlString(limit)}`);
}

/** Opens (creating if needed) a warehouse file; a writable one gets the schema in sql/schema applied. */
export async function openWarehouse(path: string, options: OpenOptions = {}): Promise<Warehouse> {
    if (!options.readOnly) mkdirSync(dirname(path), { recursive: true });
    const config: Record<string, string> = {};
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    config.memory_limit = memoryLimit(options.memoryLimit);
    Object.assign(config, allocatorSettings(config.memory_limit));
    config.temp_directory = options.tempDirectory ?? process.env.CUSTOMS_TEMP_DIRECTORY ?? `${path}.tmp`;
    let instance: DuckDBInstance;
    try {
        instance = await DuckDBInstance.create(path, config);
    } catch (error) {
        const message = String((error as Error).message ?? error);
        if (/lock/i.test(message)) {
            throw new UserError('warehouse_locked', `The warehouse ${path} is open in another process (${message.split('\n')[0]}). Wait for that process to finish, or stop it, then retry.`);
        }
        if (options.readOnly && /does not exist|No such file/i.test(message)) {
            throw new UserError('warehouse_missing', `There is no warehouse at ${path}. Create one with: customs ingest --warehouse ${path} PATH…`);
        }
        throw error;
    }
    const connection = await instance.connect();
    const warehouse: Warehouse = {
        path,
        instance,
        connection,
        close() {
            connection.closeSync();
            instance.closeSync();
        },
    };
    if (!options.readOnly) await applySchema(connection);
    return warehouse;
}

/** The DDL files of sql/schema, in their numbered order. */
export function schemaFiles(): string[] {
    const dir = join(SQL_DIR, 'schema');
    return readdirSync(dir).filter((name) => name.endsWith('.sql')).sort().map((name) => join(dir, name));
}

export async function applySchema(connection: DuckDBConnection): Promise<void> {
    for (const file of schemaFiles()) await connection.run(readFileSync(file, 'utf8'));
}

/** Runs a query and returns its rows as JSON-safe objects (BIGINT and DECIMAL become strings). */
export async function queryRows<T = Record<string, unknown>>(connection: DuckDBConnection, sql: string): Promise<T[]> {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as T[];
}

/** Quotes a string as a SQL literal. */
export function sqlString(value: string): string {
    return `'${value.replaceAll("'", "''")}'`;
}
