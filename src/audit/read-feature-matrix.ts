// Reads declarations' features out of fct_declaration_risk_features into one Float64Array per feature, chunk by
// chunk, with each row's rowid, a hash of its declaration id and any other columns the caller needs beside them.
// NaN stands for unknown: NULL (coalesced to NaN in SQL) and ±Infinity (made NaN here). The features come as DOUBLE
// vectors, copied a vector at a time, and the columns sit on SharedArrayBuffers, which scoring threads read without
// a copy.
import type { DuckDBConnection } from '@duckdb/node-api';
import { vectorItems } from '../db/typed-columns.js';
import type { AuditFeature } from './audit-features.js';

export interface FeatureMatrix {
    rows: number;
    /** Each row's rowid in fct_declaration_risk_features, to write results back by (within the same connection and run). */
    rowIds: BigInt64Array;
    /** DuckDB's hash of each row's declaration id: an order of declarations that does not depend on how rows are stored. */
    idHashes: BigUint64Array;
    /** One column per feature, in the order of the features given. */
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
    },
    /** Told after each chunk how many rows of `columns` (all of them allocated from the start) hold their features. */
    onRows?: (rowsRead: number, columns: Float64Array[]) => void,
): Promise<FeatureMatrix> {
    const extraColumns = options.extraColumns ?? [];
    const count = Number((await (await connection.runAndReadAll(`select count(*) from ${options.from} where ${options.where}`)).getRows())[0]![0]);
    const columns = features.map(() => new Float64Array(new SharedArrayBuffer(count * Float64Array.BYTES_PER_ELEMENT)));
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
            rowIds.set(vectorItems(chunk.getColumnVector(0), BigInt64Array, chunk.rowCount, 'rowid'), offset);
            idHashes.set(vectorItems(chunk.getColumnVector(1), BigUint64Array, chunk.rowCount, 'hash(declaration_id)'), offset);
            features.forEach((feature, index) => {
                const column = columns[index]!;
                column.set(vectorItems(chunk.getColumnVector(index + 2), Float64Array, chunk.rowCount, `feature ${feature.name}`), offset);
                // ±Infinity (the log of 0, say) is unknown too: here rather than in SQL, where it cost a CASE per value.
                for (let row = offset, end = offset + chunk.rowCount; row < end; row++) {
                    if (column[row]! - column[row]! !== 0) column[row] = Number.NaN;
                }
            });
            extraColumns.forEach((column, index) => {
                const values = chunk.getColumnValues(features.length + 2 + index);
                const target = extra[columnName(column)]!;
                for (let row = 0; row < values.length; row++) target[offset + row] = jsValue(values[row]);
            });
            offset += chunk.rowCount;
            onRows?.(offset, columns);
        }
    } finally {
        if (!options.inLodgementOrder) await connection.run('reset session preserve_insertion_order');
    }
    if (offset !== count) throw new Error(`feature read returned ${offset} rows, expected ${count}`);
    return { rows: count, rowIds, idHashes, columns, extra };
}

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
