// Reads declarations' features out of the warehouse into one Float64Array per feature (NaN = unknown), chunk by
// chunk, with the declaration ids and any other columns the caller needs beside them.
import type { DuckDBConnection } from '@duckdb/node-api';
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
    const columns = features.map(() => new Float64Array(count));
    const declarationIds = new Array<string>(count);
    const extra: Record<string, unknown[]> = Object.fromEntries(extraColumns.map((column) => [columnName(column), new Array<unknown>(count)]));
    const result = await connection.stream(`
        select declaration_id, ${features.map((feature) => `(${feature.sql})::double as "${feature.name}"`).join(', ')}
            ${extraColumns.map((name) => `, ${name}`).join('')}
        from ${options.from}
        where ${options.where}
        order by lodgement_at, declaration_id`);
    let offset = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const ids = chunk.getColumnValues(0);
        for (let row = 0; row < chunk.rowCount; row++) declarationIds[offset + row] = String(ids[row]);
        features.forEach((_, index) => {
            const values = chunk.getColumnValues(index + 1) as (number | null)[];
            const column = columns[index]!;
            for (let row = 0; row < values.length; row++) {
                const value = values[row];
                column[offset + row] = value === null || value === undefined || !Number.isFinite(value) ? Number.NaN : value;
            }
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
