// The rules one row must pass on its own, written as SQL from the table's zod definition: required fields,
// types, lengths, formats, code lists, ranges, dates not in the future, the tariff code's check digit.
// The result has the row's place (file, line), the typed columns and `failure`: the first rule the row broke, or
// null. It leaves out the raw text, which the quarantine reads back from the source for the rows it keeps.
import type { z } from 'zod';
import { columnMeta, isNullableColumn, type ColumnMeta } from '../schema/columns.js';
import { TARIFF_CODE_PATTERN } from '../schema/declaration.js';
import type { LoadableTable } from '../schema/tables.js';
import { sqlString } from '../db/warehouse.js';

/** SQL macros the rules use; created on the loading connection. */
export const RULE_MACROS = `
    create or replace temp macro luhn_double(digit) as 2 * digit - 9 * (digit >= 5)::integer;
    create or replace temp macro digit_at(code, place) as ascii(substr(code, place, 1)) - 48;
    -- Luhn check digit over the first ten digits of an 11-digit CCC code (see src/schema/tariff-code.ts), given as
    -- one number: digit k (1 … 10, from the left) is (first_ten // 10^(10 − k)) % 10. Whole-number arithmetic on one
    -- cast is several times cheaper than cutting ten characters out of every code.
    create or replace temp macro ccc_check_digit(first_ten) as (10 - (
        luhn_double((first_ten // 1) % 10) + luhn_double((first_ten // 100) % 10) + luhn_double((first_ten // 10000) % 10)
        + luhn_double((first_ten // 1000000) % 10) + luhn_double((first_ten // 100000000) % 10)
        + (first_ten // 10) % 10 + (first_ten // 1000) % 10 + (first_ten // 100000) % 10 + (first_ten // 10000000) % 10
        + (first_ten // 1000000000) % 10) % 10) % 10;
`;

const TYPE_WORDS: Record<string, string> = {
    VARCHAR: 'text',
    INTEGER: 'a whole number',
    DOUBLE: 'a number',
    'DECIMAL(18,2)': 'an amount (digits, a point, at most two decimals)',
    BOOLEAN: 'true or false',
    DATE: 'a date written YYYY-MM-DD',
    TIMESTAMP: 'a date and time written YYYY-MM-DDTHH:MM:SS',
};

export interface Failure {
    condition: string;
    rule: string;
    column: string | null;
    /** SQL expression of the message. */
    message: string;
}

/** Cross-column rules of particular tables. */
const TABLE_RULES: Record<string, Failure[]> = {
    declaration_items: [{
        condition: 'gross_mass_kg < net_mass_kg',
        rule: 'mass_inconsistent',
        column: 'gross_mass_kg',
        message: `'gross mass ' || gross_mass_kg || ' kg is less than net mass ' || net_mass_kg || ' kg'`,
    }],
    post_clearance_audits: [{
        condition: 'period_end_date < period_start_date',
        rule: 'date_order',
        column: 'period_end_date',
        message: `'the audited period ends (' || period_end_date || ') before it starts (' || period_start_date || ')'`,
    }],
};

export function rowFailures(table: LoadableTable, loadTime: Date): Failure[] {
    const failures: Failure[] = [];
    for (const [column, schema] of Object.entries(table.schema.shape)) {
        failures.push(...columnFailures(column, schema as z.ZodType, loadTime));
    }
    return [...failures, ...(TABLE_RULES[table.name] ?? [])];
}

// In the conditions and messages below, `<column>__text` is the value as read and `<column>` the typed value.
function columnFailures(column: string, schema: z.ZodType, loadTime: Date): Failure[] {
    const meta = columnMeta(schema);
    const typed = column;
    const text = `${column}__text`;
    const shown = `'"' || left(${text}, 60) || '"'`;
    const failures: Failure[] = [];
    if (!isNullableColumn(schema)) {
        failures.push({ condition: `${text} is null`, rule: 'required_missing', column, message: `'${column} is empty; it is required'` });
    }
    if (meta.sql !== 'VARCHAR') {
        failures.push({
            condition: `${text} is not null and ${typed} is null`, rule: 'wrong_type', column,
            message: `'${column} = ' || ${shown} || ' is not ${TYPE_WORDS[meta.sql]}'`,
        });
    }
    if (meta.maxLength !== undefined) {
        failures.push({
            condition: `length(${text}) > ${meta.maxLength}`, rule: 'too_long', column,
            message: `'${column} has ' || length(${text}) || ' characters; at most ${meta.maxLength} are allowed'`,
        });
    }
    if (meta.pattern !== undefined) {
        failures.push({
            condition: `not regexp_full_match(${text}, ${sqlString(meta.pattern)})`, rule: 'bad_format', column,
            message: `'${column} = ' || ${shown} || ' does not have the form ${meta.pattern}'`,
        });
    }
    if (meta.pattern === TARIFF_CODE_PATTERN) {
        failures.push({
            condition: `ccc_check_digit(${firstTenDigits(column)}) <> digit_at(${text}, 11)`, rule: 'bad_check_digit', column,
            message: `'${column} = ' || ${shown} || ' fails its check digit: the 11th digit should be ' || ccc_check_digit(${firstTenDigits(column)})`,
        });
    }
    if (meta.codes !== undefined) {
        failures.push({
            condition: `${text} not in (${meta.codes.map(sqlString).join(', ')})`, rule: 'unknown_code', column,
            message: `'${column} = ' || ${shown} || ' is not one of ${meta.codes.join(', ')}'`,
        });
    }
    failures.push(...rangeFailures(column, meta, typed, loadTime));
    return failures;
}

function rangeFailures(column: string, meta: ColumnMeta, typed: string, loadTime: Date): Failure[] {
    const failures: Failure[] = [];
    const isDate = meta.sql === 'DATE' || meta.sql === 'TIMESTAMP';
    const bound = (value: number | string) => (isDate ? `${sqlString(resolveDate(value, loadTime))}::date` : String(value));
    if (meta.min !== undefined) {
        const negative = !isDate && meta.min === 0;
        failures.push({
            condition: `${typed} < ${bound(meta.min)}`,
            rule: negative ? 'negative_value' : isDate ? 'date_out_of_range' : 'out_of_range',
            column,
            message: negative
                ? `'${column} = ' || ${column}__text || ' is negative'`
                : `'${column} = ' || ${column}__text || ' is before the earliest allowed, ${isDate ? resolveDate(meta.min, loadTime) : meta.min}'`,
        });
    }
    if (meta.max !== undefined) {
        failures.push({
            condition: isDate ? `${typed} >= ${bound(meta.max)}` : `${typed} > ${bound(meta.max)}`,
            rule: isDate ? 'future_date' : 'out_of_range',
            column,
            message: isDate
                ? `'${column} = ' || ${column}__text || ' is in the future (the load ran on ${loadTime.toISOString().slice(0, 10)})'`
                : `'${column} = ' || ${column}__text || ' is larger than the plausible maximum, ${meta.max}'`,
        });
    }
    return failures;
}

/** 'now+Nd' → the date N days after the load (exclusive upper bound); ISO dates pass through. */
function resolveDate(value: number | string, loadTime: Date): string {
    const relative = /^now\+(\d+)d$/.exec(String(value));
    if (!relative) return String(value);
    return new Date(loadTime.getTime() + Number(relative[1]) * 86_400_000).toISOString().slice(0, 10);
}

/** A tariff-code column's first ten digits as a number (typed once per row for the check digit; read after bad_format). */
function firstTenDigits(column: string): string {
    return `${column}__first_ten`;
}

function typedValue(column: string, meta: ColumnMeta): string {
    return meta.sql === 'VARCHAR' ? column : `try_cast(${column} as ${meta.sql})`;
}

/** SQL that turns a source relation of text fields into typed columns plus the first failure. */
export function rowRulesSql(table: LoadableTable, source: string, loadTime: Date): string {
    const entries = Object.entries(table.schema.shape);
    const typedColumns = entries.map(([column, schema]) => {
        const meta = columnMeta(schema as z.ZodType);
        const firstTen = meta.pattern === TARIFF_CODE_PATTERN ? `, try_cast(left(${column}, 10) as bigint) as ${firstTenDigits(column)}` : '';
        return `${column} as ${column}__text, ${typedValue(column, meta)} as ${column}${firstTen}`;
    });
    const branches = rowFailures(table, loadTime).map((failure) =>
        `when ${failure.condition} then ${failureStruct(failure.rule, failure.column, failure.message)}`);
    return `
        with typed as (
            select source_index, source_line, structural_rule, structural_column, structural_message,
                ${typedColumns.join(',\n                ')}
            from ${source}
        )
        select
            source_index,
            source_line,
            ${entries.map(([column]) => column).join(', ')},
            case
                when structural_rule is not null
                    then {'rule': structural_rule, 'column_name': structural_column, 'message': structural_message}
                ${branches.join('\n                ')}
            end as failure
        from typed`;
}

export function failureStruct(rule: string, column: string | null, message: string): string {
    return `{'rule': ${sqlString(rule)}, 'column_name': ${column === null ? 'null::varchar' : sqlString(column)}, 'message': ${message}}`;
}
