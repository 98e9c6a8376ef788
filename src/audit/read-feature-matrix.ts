// Reads declarations' features out of fct_declaration_risk_features into one Float64Array per feature (NaN =
// unknown), chunk by chunk, with each row's rowid and any other columns the caller needs beside them. The features
// come as DOUBLE vectors with NaN already in place of unknown values, copied a vector at a time, and the columns sit
// on SharedArrayBuffers, which scoring threads read without a copy.
import type { DuckDBConnection } from '@duckdb/node-api';
import { vectorItems } from '../db/typed-columns.js';
import type { AuditFeature } from './audit-features.js';

export interface FeatureMatrix {
    rows: number;
    /** Each row's rowid in fct_declaration_risk_features, to write results back by (within the same connection and run). */
    rowIds: BigInt64Array;
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
    const rowIds = new BigInt64Array(count);
    const extra: Record<string, unknown[]> = Object.fromEntries(extraColumns.map((column) => [columnName(column), new Array<unknown>(count)]));
    const result = await connection.stream(`
        select fct_declaration_risk_features.rowid, ${features.map((feature) => `coalesce(case when isfinite((${feature.sql})::double) then (${feature.sql})::double end, 'nan'::double) as "${feature.name}"`).join(', ')}
            ${extraColumns.map((name) => `, ${name}`).join('')}
        from ${options.from}
        where ${options.where}
        order by lodgement_at, declaration_id`);
    let offset = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        rowIds.set(vectorItems(chunk.getColumnVector(0), BigInt64Array, chunk.rowCount, 'rowid'), offset);
        features.forEach((feature, index) => {
            columns[index]!.set(vectorItems(chunk.getColumnVector(index + 1), Float64Array, chunk.rowCount, `feature ${feature.name}`), offset);
        });
        extraColumns.forEach((column, index) => {
            const values = chunk.getColumnValues(features.length + 1 + index);
            const target = extra[columnName(column)]!;
            for (let row = 0; row < values.length; row++) target[offset + row] = jsValue(values[row]);
        });
        offset += chunk.rowCount;
    }
    if (offset !== count) throw new Error(`feature read returned ${offset} rows, expected ${count}`);
    return { rows: count, rowIds, columns, extra };
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
