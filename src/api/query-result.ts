// A query's answer as the API hands it on: named, typed columns and JSON rows. DuckDB's BIGINT, HUGEINT and
// DECIMAL come back from the JSON row reader as strings; here they become numbers, so every format (JSON, CSV,
// Arrow) sees one kind of value per column.
import { DuckDBTypeId, type DuckDBResultReader, type DuckDBType } from '@duckdb/node-api';
import type { Json } from '@duckdb/node-api';

export type ColumnKind = 'string' | 'integer' | 'number' | 'boolean' | 'string[]';

export interface Column {
    name: string;
    kind: ColumnKind;
}

export type Row = Record<string, Json>;

export interface QueryResult {
    columns: Column[];
    rows: Row[];
}

function columnKind(type: DuckDBType): ColumnKind {
    switch (type.typeId) {
        case DuckDBTypeId.BOOLEAN:
            return 'boolean';
        case DuckDBTypeId.TINYINT:
        case DuckDBTypeId.SMALLINT:
        case DuckDBTypeId.INTEGER:
        case DuckDBTypeId.UTINYINT:
        case DuckDBTypeId.USMALLINT:
            return 'integer';
        case DuckDBTypeId.UINTEGER:
        case DuckDBTypeId.BIGINT:
        case DuckDBTypeId.UBIGINT:
        case DuckDBTypeId.HUGEINT:
        case DuckDBTypeId.UHUGEINT:
        case DuckDBTypeId.FLOAT:
        case DuckDBTypeId.DOUBLE:
        case DuckDBTypeId.DECIMAL:
            return 'number';
        case DuckDBTypeId.LIST:
        case DuckDBTypeId.ARRAY:
            return 'string[]';
        default:
            return 'string';
    }
}

export function readResult(reader: DuckDBResultReader): QueryResult {
    const names = reader.columnNames();
    const columns = reader.columnTypes().map((type, index) => ({ name: names[index]!, kind: columnKind(type) }));
    const numeric = columns.filter((column) => column.kind === 'number').map((column) => column.name);
    const rows = reader.getRowObjectsJson();
    for (const row of rows) {
        for (const name of numeric) {
            const value = row[name];
            if (typeof value === 'string') row[name] = Number(value);
        }
    }
    return { columns, rows };
}
