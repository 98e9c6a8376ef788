// Reads declarations' features out of fct_declaration_risk_features into one Float64Array per feature, chunk by
// chunk, with each row's rowid, a hash of its declaration id and any other columns the caller needs beside them.
// NaN stands for unknown: NULL (coalesced to NaN in SQL) and ±Infinity (made NaN here). The features come as DOUBLE
// vectors, copied a vector at a time, and the columns sit on SharedArrayBuffers, which scoring threads read without
// a copy. A reader that is done with rows as they come (scoring) can keep only a window of them: memory is costly to
// take here (touching 4.7 GB of new buffers, the features of 10 million declarations, took 17.7 s of one thread).
import type { DuckDBConnection } from '@duckdb/node-api';
import { vectorItems } from '../db/typed-columns.js';
import type { AuditFeature } from './audit-features.js';

export interface FeatureMatrix {
    rows: number;
    /** Each row's rowid in fct_declaration_risk_features, to write results back by (within the same connection and run). */
    rowIds: BigInt64Array;
    /** DuckDB's hash of each row's declaration id: an order of declarations that does not depend on how rows are stored. */
    idHashes: BigUint64Array;
    /** One column per feature, in the order of the features given; with a window, the last window of rows (row r at r % its length). */
    columns: Float64Array[];
    /** The extra columns asked for, by name (the alias of `expression as name`), as DuckDB returns them (numbers, strings, booleans or null). */
    extra: Record<string, unknown[]>;
}

export async function readFeatureMatrix(
    connection: DuckDBConnection,
    features: readonly AuditFeature[],
    options: {
        from: string; where: string; extraColumns?: readonly string[];
        /**
         * Rows by lodgement time and declaration id (training, whose sampling goes by row); else in the order the
         * warehouse holds them, which saves sorting every row with all its features.
         */
        inLodgementOrder: boolean;
        /**
         * Keep the features of at most `rows` rows at a time: the columns are that long and row r sits at r % rows.
         * Before a chunk overwrites rows, `untilFree(end)` is awaited: it resolves once no row below end − rows is
         * needed any more. Absent, or as long as the rows read, the columns hold every row.
         */
        window?: { rows: number; untilFree: (end: number) => Promise<void> };
    },
    /** Told after each chunk how many rows have been read into `columns` (allocated from the start), of how many. */
    onRows?: (rowsRead: number, columns: Float64Array[], rows: number) => void,
): Promise<FeatureMatrix> {
    const extraColumns = options.extraColumns ?? [];
    const count = Number((await (await connection.runAndReadAll(`select count(*) from ${options.from} where ${options.where}`)).getRows())[0]![0]);
    const window = options.window !== undefined && options.window.rows < count ? options.window : undefined;
    const capacity = window?.rows ?? count;
    if (window && capacity < MAX_CHUNK_ROWS) throw new Error(`a window of ${capacity} rows is shorter than one chunk (${MAX_CHUNK_ROWS} rows)`);
    const columns = features.map(() => new Float64Array(new SharedArrayBuffer(capacity * Float64Array.BYTES_PER_ELEMENT)));
    const rowIds = new BigInt64Array(count);
    const idHashes = new BigUint64Array(count);
    const extra: Record<string, unknown[]> = Object.fromEntries(extraColumns.map((column) => [columnName(column), new Array<unknown>(count)]));
    // Unordered, the rows may come in whatever order DuckDB's threads produce them.
    if (!options.inLodgementOrder) await connection.run('set session preserve_insertion_order = false');
    let offset = 0;
    try {
        const result = await connection.stream(`
            select fct_declaration_risk_features.rowid, hash(declaration_id), ${features.map((feature) => `coalesce((${feature.sql})::double, 'nan'::double) as "${feature.name}"`).join(', ')}
                ${extraColumns.map((name) => `, ${name}`).join('')}
            from ${options.from}
            where ${options.where}
            ${options.inLodgementOrder ? 'order by lodgement_at, declaration_id' : ''}`);
        for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
            if (window && chunk.rowCount > MAX_CHUNK_ROWS) throw new Error(`a chunk of ${chunk.rowCount} rows, more than DuckDB's ${MAX_CHUNK_ROWS}: the window's arithmetic does not hold`);
            if (window && offset + chunk.rowCount > capacity) await window.untilFree(offset + chunk.rowCount);
            rowIds.set(vectorItems(chunk.getColumnVector(0), BigInt64Array, chunk.rowCount, 'rowid'), offset);
            idHashes.set(vectorItems(chunk.getColumnVector(1), BigUint64Array, chunk.rowCount, 'hash(declaration_id)'), offset);
            // the chunk's place in the columns, in two parts when it wraps round the window's end
            const slot = offset % capacity;
            const first = Math.min(chunk.rowCount, capacity - slot);
            features.forEach((feature, index) => {
                const column = columns[index]!;
                const values = vectorItems(chunk.getColumnVector(index + 2), Float64Array, chunk.rowCount, `feature ${feature.name}`);
                column.set(values.subarray(0, first), slot);
                if (first < chunk.rowCount) column.set(values.subarray(first), 0);
                infinitiesToNaN(column, slot, slot + first);
                infinitiesToNaN(column, 0, chunk.rowCount - first);
            });
            extraColumns.forEach((column, index) => {
                const values = chunk.getColumnValues(features.length + 2 + index);
                const target = extra[columnName(column)]!;
                for (let row = 0; row < values.length; row++) target[offset + row] = jsValue(values[row]);
            });
            offset += chunk.rowCount;
            onRows?.(offset, columns, count);
        }
    } finally {
        if (!options.inLodgementOrder) await connection.run('reset session preserve_insertion_order');
    }
    if (offset !== count) throw new Error(`feature read returned ${offset} rows, expected ${count}`);
    return { rows: count, rowIds, idHashes, columns, extra };
}

/** ±Infinity (the log of 0, say) is unknown too: made NaN here rather than in SQL, where it cost a CASE per value. */
function infinitiesToNaN(column: Float64Array, start: number, end: number): void {
    for (let row = start; row < end; row++) {
        if (column[row]! - column[row]! !== 0) column[row] = Number.NaN;
    }
}

/** The most rows DuckDB delivers in one chunk (its vector size). */
export const MAX_CHUNK_ROWS = 2048;

/** `expression as name` → name; a bare column → itself. */
function columnName(column: string): string {
    return /\sas\s+(\w+)$/i.exec(column)?.[1] ?? column;
}

function jsValue(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'bigint') return Number(value);
    return String(value);
}
