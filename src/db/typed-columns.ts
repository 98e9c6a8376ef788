// Numeric columns moved between JavaScript typed arrays and DuckDB vectors a whole vector at a time. The
// @duckdb/node-api vector classes keep each vector's values in a typed array, in a field their typings mark private;
// going value by value instead (getItem, setColumnValues) costs a call, and for reads a BigInt validity test, per
// value, which made 10 million declarations take minutes to read and to write.
import { type DuckDBAppender, DuckDBDataChunk, type DuckDBType, type DuckDBVector } from '@duckdb/node-api';

type NumberArray = Float64Array | Int32Array | Int8Array | BigInt64Array | BigUint64Array;

/** A vector's values as a typed array of `rowCount` values; NULLs are not marked (callers' queries have none). */
export function vectorItems<T extends NumberArray>(vector: DuckDBVector, kind: { new (length: number): T; name: string }, rowCount: number, what: string): T {
    const items = (vector as unknown as { items?: unknown }).items;
    if (!(items instanceof kind) || items.length !== rowCount) {
        throw new Error(`${what} did not come back as a vector of ${rowCount} values in a ${kind.name} (has @duckdb/node-api changed?)`);
    }
    return items;
}

/**
 * Appends rows given column by column (types and values in the table's column order) through `appender`, in chunks
 * of DuckDB's vector size, each column's slice copied into its vector at once. One chunk serves every full slice
 * (the appender copies what it is given), so that its vectors are made once.
 */
export function appendColumns(appender: DuckDBAppender, types: readonly DuckDBType[], columns: readonly NumberArray[]): void {
    const rows = columns[0]?.length ?? 0;
    const chunkRows = 2048;
    let full: DuckDBDataChunk | undefined;
    for (let from = 0; from < rows; from += chunkRows) {
        const count = Math.min(rows, from + chunkRows) - from;
        const chunk = count === chunkRows ? (full ??= DuckDBDataChunk.create(types, chunkRows)) : DuckDBDataChunk.create(types, count);
        columns.forEach((values, index) => {
            const vector = chunk.getColumnVector(index);
            vectorItems(vector, values.constructor as { new (length: number): NumberArray; name: string }, count, `column ${index + 1} of the chunk`)
                .set(values.subarray(from, from + count) as never);
            vector.flush();
        });
        appender.appendDataChunk(chunk);
    }
}
