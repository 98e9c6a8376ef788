// Reads declarations' features out of the warehouse into one Float64Array per feature (NaN = unknown), chunk by
// chunk, with the declaration ids and any other columns the caller needs beside them. The features come as DOUBLE
// vectors with NaN already in place of unknown values, copied straight from each chunk's buffer, and the columns sit
// on SharedArrayBuffers, which scoring threads read without a copy.
import { type DuckDBConnection, DuckDBDoubleVector } from '@duckdb/node-api';
import type { AuditFeature } from './audit-features.js';

export interface FeatureMatrix {
    rows: number;
    declarationIds: string[];
    /** One column per feature, in the order of the features given. */
    columns: Float64Array[];
    /** The extra columns asked for, by name (the alias of `expression as name`), as DuckDB returns them (numbers, strings, booleans or null). */
    extra: Record<string, unknown[]>;
}

export async function readFeatureMatrix(
    connection: DuckDBConnection,
    features: readonly AuditFeature[],
    options: { from: string; where: string; extraColumns?: readonly string[] },
): Promise<FeatureMatrix> {
    const extraColumns = options.extraColumns ?? [];
    const count = Number((await (await connection.runAndReadAll(`select count(*) from ${options.from} where ${options.where}`)).getRows())[0]![0]);
    const columns = features.map(() => new Float64Array(new SharedArrayBuffer(count * Float64Array.BYTES_PER_ELEMENT)));
    const declarationIds = new Array<string>(count);
    const extra: Record<string, unknown[]> = Object.fromEntries(extraColumns.map((column) => [columnName(column), new Array<unknown>(count)]));
    const result = await connection.stream(`
        select declaration_id, ${features.map((feature) => `coalesce(case when isfinite((${feature.sql})::double) then (${feature.sql})::double end, 'nan'::double) as "${feature.name}"`).join(', ')}
            ${extraColumns.map((name) => `, ${name}`).join('')}
        from ${options.from}
        where ${options.where}
        order by lodgement_at, declaration_id`);
    let offset = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const ids = chunk.getColumnValues(0);
        for (let row = 0; row < chunk.rowCount; row++) declarationIds[offset + row] = String(ids[row]);
        features.forEach((_, index) => {
            columns[index]!.set(doubleItems(chunk.getColumnVector(index + 1), chunk.rowCount, features[index]!.name), offset);
        });
        extraColumns.forEach((column, index) => {
            const values = chunk.getColumnValues(features.length + 1 + index);
            const target = extra[columnName(column)]!;
            for (let row = 0; row < values.length; row++) target[offset + row] = jsValue(values[row]);
        });
        offset += chunk.rowCount;
    }
    if (offset !== count) throw new Error(`feature read returned ${offset} rows, expected ${count}`);
    return { rows: count, declarationIds, columns, extra };
}

/**
 * A DOUBLE vector's values as the Float64Array over DuckDB's own buffer. The class keeps that array in a field its
 * typings mark private; going through getItem instead costs a BigInt validity test per value, which made reading
 * 10 million declarations' features take minutes. The query turns NULL into NaN, so every value is valid.
 */
function doubleItems(vector: unknown, rowCount: number, name: string): Float64Array {
    const items = vector instanceof DuckDBDoubleVector ? (vector as unknown as { items?: unknown }).items : undefined;
    if (!(items instanceof Float64Array) || items.length !== rowCount) {
        throw new Error(`feature ${name} did not come back as a DOUBLE vector of ${rowCount} values (has @duckdb/node-api changed?)`);
    }
    return items;
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
