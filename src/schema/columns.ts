// Column builders: each returns a zod schema that also carries, as zod metadata, what the warehouse and the
// loader need to know about the column (its DuckDB type, its range, its code list, what it refers to).
// A record's zod object is the one definition of that record: types come from z.infer, the DDL in sql/schema
// is checked against it by test/schema/ddl-agrees-with-zod.test.ts, and the loader derives its rules from it.
import { z } from 'zod';

export interface ColumnMeta {
    /** DuckDB column type. */
    sql: string;
    /** Inclusive numeric range; dates use ISO strings, 'now+Nd' is relative to the load. */
    min?: number | string;
    max?: number | string;
    /** Allowed values (a code list). */
    codes?: readonly string[];
    /** Longest allowed text. */
    maxLength?: number;
    /** Regular expression (RE2 syntax, anchored) the text must match. */
    pattern?: string;
    /** Another table's key column this column must exist in: 'table.column'. */
    ref?: string;
}

type Nullable<T extends z.ZodType> = z.ZodNullable<T>;

function column<T extends z.ZodType>(schema: T, meta: ColumnMeta): T {
    return schema.meta({ ...meta }) as T;
}

function nullableColumn<T extends z.ZodType>(schema: T, meta: ColumnMeta): Nullable<T> {
    return schema.nullable().meta({ ...meta }) as Nullable<T>;
}

/** Reads the metadata a column builder attached; throws for a schema that did not come from a builder. */
export function columnMeta(schema: z.ZodType): ColumnMeta {
    const meta = schema.meta() as ColumnMeta | undefined;
    if (!meta?.sql) throw new Error('column was not built with a builder from src/schema/columns.ts');
    return meta;
}

export function isNullableColumn(schema: z.ZodType): boolean {
    return schema instanceof z.ZodNullable;
}

const EARLIEST_DATE = '1990-01-01';

function textSchema(options: { maxLength: number; pattern?: string }) {
    let schema = z.string().min(1).max(options.maxLength);
    if (options.pattern) schema = schema.regex(new RegExp(`^(?:${options.pattern})$`));
    return schema;
}

export const col = {
    /** An identifier or free text. */
    text(options: { maxLength: number; pattern?: string; ref?: string }) {
        return column(textSchema(options), { sql: 'VARCHAR', ...options });
    },
    optionalText(options: { maxLength: number; pattern?: string; ref?: string }) {
        return nullableColumn(textSchema(options), { sql: 'VARCHAR', ...options });
    },
    /** A value from a fixed code list. */
    code<const T extends readonly [string, ...string[]]>(codes: T) {
        return column(z.enum(codes), { sql: 'VARCHAR', codes });
    },
    optionalCode<const T extends readonly [string, ...string[]]>(codes: T) {
        return nullableColumn(z.enum(codes), { sql: 'VARCHAR', codes });
    },
    /** ISO 3166-1 alpha-2 country code present in the countries reference table. */
    country() {
        return column(textSchema({ maxLength: 2, pattern: '[A-Z]{2}' }), {
            sql: 'VARCHAR', maxLength: 2, pattern: '[A-Z]{2}', ref: 'countries.country_code',
        });
    },
    optionalCountry() {
        return nullableColumn(textSchema({ maxLength: 2, pattern: '[A-Z]{2}' }), {
            sql: 'VARCHAR', maxLength: 2, pattern: '[A-Z]{2}', ref: 'countries.country_code',
        });
    },
    integer(min: number, max: number) {
        return column(z.number().int().min(min).max(max), { sql: 'INTEGER', min, max });
    },
    optionalInteger(min: number, max: number) {
        return nullableColumn(z.number().int().min(min).max(max), { sql: 'INTEGER', min, max });
    },
    /** A measured quantity (mass, count, rate) stored as DOUBLE. */
    number(min: number, max: number) {
        return column(z.number().min(min).max(max), { sql: 'DOUBLE', min, max });
    },
    optionalNumber(min: number, max: number) {
        return nullableColumn(z.number().min(min).max(max), { sql: 'DOUBLE', min, max });
    },
    /** An amount of money with cents, never negative. */
    money(max = 1e13) {
        return column(z.number().min(0).max(max), { sql: 'DECIMAL(18,2)', min: 0, max });
    },
    boolean() {
        return column(z.boolean(), { sql: 'BOOLEAN' });
    },
    /** A calendar date (YYYY-MM-DD) from 1990 to the day after the load unless told otherwise. */
    date(range: { min?: string; max?: string } = {}) {
        return column(z.iso.date(), { sql: 'DATE', min: range.min ?? EARLIEST_DATE, max: range.max ?? 'now+1d' });
    },
    optionalDate(range: { min?: string; max?: string } = {}) {
        return nullableColumn(z.iso.date(), { sql: 'DATE', min: range.min ?? EARLIEST_DATE, max: range.max ?? 'now+1d' });
    },
    /** A local Taiwan time (UTC+8, no daylight saving), written YYYY-MM-DDTHH:MM:SS. */
    timestamp() {
        return column(z.iso.datetime({ local: true }), { sql: 'TIMESTAMP', min: EARLIEST_DATE, max: 'now+1d' });
    },
    optionalTimestamp() {
        return nullableColumn(z.iso.datetime({ local: true }), { sql: 'TIMESTAMP', min: EARLIEST_DATE, max: 'now+1d' });
    },
};
