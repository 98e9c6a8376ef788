// Reading CSV files (a generated world, the reference data) back in tests: an RFC 4180 line parser, the rows of a table across its monthly
// files, and conversion of a row's text to the types its zod record expects.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { columnMeta, isNullableColumn } from '../../src/schema/columns.js';
import type { LoadableTable } from '../../src/schema/tables.js';

/** Splits one CSV line (RFC 4180, no line breaks inside fields) into its fields. */
export function parseCsvLine(line: string): string[] {
    const fields: string[] = [];
    let i = 0;
    for (;;) {
        let field = '';
        if (line[i] === '"') {
            i++;
            for (;;) {
                if (i >= line.length) throw new Error(`unterminated quoted field in: ${line}`);
                if (line[i] === '"') {
                    if (line[i + 1] === '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                field += line[i++];
            }
            if (i < line.length && line[i] !== ',') throw new Error(`text after a closing quote in: ${line}`);
        } else {
            while (i < line.length && line[i] !== ',') {
                if (line[i] === '"') throw new Error(`a quote inside an unquoted field in: ${line}`);
                field += line[i++];
            }
        }
        fields.push(field);
        if (i >= line.length) return fields;
        i++; // the comma
    }
}

export interface CsvFile {
    path: string;
    header: string;
    /** Data lines, without the header. */
    lines: string[];
}

/** A CSV file's header and data lines; throws on a missing final line break or a carriage return. */
export function readCsvFile(path: string): CsvFile {
    const text = readFileSync(path, 'utf8');
    if (!text.endsWith('\n')) throw new Error(`${path} does not end with a line break`);
    if (text.includes('\r')) throw new Error(`${path} has a carriage return`);
    const [header, ...lines] = text.slice(0, -1).split('\n');
    return { path, header: header!, lines };
}

/** The files holding a table in a world folder: reference/<table>.csv, or <table>/<YYYY-MM>.csv in month order. */
export function tableFiles(world: string, table: string): string[] {
    const reference = join(world, 'reference', `${table}.csv`);
    if (existsSync(reference)) return [reference];
    const dir = join(world, table);
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((name) => name.endsWith('.csv')).sort().map((name) => join(dir, name));
}

/** Every row of a table as a record of column → text. */
export function readRows(world: string, table: string): Record<string, string>[] {
    const rows: Record<string, string>[] = [];
    for (const path of tableFiles(world, table)) {
        const file = readCsvFile(path);
        const columns = file.header.split(',');
        for (const line of file.lines) {
            const fields = parseCsvLine(line);
            if (fields.length !== columns.length) throw new Error(`${path}: ${fields.length} fields instead of ${columns.length} in: ${line}`);
            rows.push(Object.fromEntries(columns.map((column, index) => [column, fields[index]!])));
        }
    }
    return rows;
}

/** Converts a row's text to what the table's zod record expects: empty → null, numbers, booleans. */
export function typedRow(table: LoadableTable, row: Record<string, string>): Record<string, unknown> {
    const typed: Record<string, unknown> = {};
    for (const [column, schema] of Object.entries(table.schema.shape)) {
        const text = row[column] ?? '';
        const meta = columnMeta(schema as z.ZodType);
        if (text === '' && isNullableColumn(schema as z.ZodType)) typed[column] = null;
        else if (meta.sql === 'INTEGER' || meta.sql === 'DOUBLE' || meta.sql.startsWith('DECIMAL')) typed[column] = text === '' ? Number.NaN : Number(text);
        else if (meta.sql === 'BOOLEAN') typed[column] = text === 'true' ? true : text === 'false' ? false : text;
        else typed[column] = text;
    }
    return typed;
}
