// Reads one source file into a temporary table of text fields, one row per input row, with its line number,
// its raw text and, where the row could not even be split into fields, a structural rule it broke.
// DuckDB does the reading; nothing here loops over rows in JavaScript.
//
// CSV and JSON Lines are first read as physical lines (a one-column read), which gives exact line numbers and
// the raw text of every line, and lets a malformed line fail alone. Canonical CSV is RFC 4180 with one record
// per line: fields may be quoted, but a field may not hold a line break.
import type { DuckDBConnection } from '@duckdb/node-api';
import { columnNames } from '../schema/tables.js';
import { queryRows, sqlString } from '../db/warehouse.js';
import type { SourceFile } from './discover-files.js';

/** The longest line read; longer values are caught by the columns' length rules, not by the reader. */
const MAX_LINE_BYTES = 64 << 20;
/** A byte that never separates fields, so that the line reader sees one column. */
const NO_DELIMITER = '\x1f';

export interface Source {
    /**
     * A SELECT over the file's lines: source_index, source_line, raw_text, structural_rule, structural_column,
     * structural_message, then every column of the target table as VARCHAR. Not materialized: the row rules
     * read it directly.
     */
    relation: string;
    /** Rows in the file (data lines; header and blank lines not counted). */
    rowsRead: number;
    notes: string[];
    /** Temporary tables to drop once the relation has been read. */
    tables: string[];
}

export async function readSource(connection: DuckDBConnection, file: SourceFile, readPath: string, sourceIndex: number): Promise<Source> {
    const notes: string[] = [];
    if (file.format === 'parquet') {
        const relation = await parquetRelation(connection, file, readPath, sourceIndex, notes);
        const rowsRead = await scalar(connection, `select count(*) from read_parquet(${sqlString(readPath)})`);
        return { relation, rowsRead, notes, tables: [] };
    }
    const lines = await readLines(connection, readPath, sourceIndex);
    const blank = await scalar(connection, `select count(*) from ${lines} where raw_text is null`);
    if (blank > 0) notes.push(`${blank} blank line(s) skipped`);
    const firstDataLine = file.format === 'csv' ? 2 : 1;
    const rowsRead = await scalar(connection, `select count(*) from ${lines} where raw_text is not null and source_line >= ${firstDataLine}`);
    const relation = file.format === 'csv'
        ? await csvRelation(connection, file, lines, sourceIndex, notes)
        : jsonLinesRelation(file, lines, sourceIndex);
    return { relation, rowsRead, notes, tables: [lines] };
}

/** Physical lines with exact 1-based line numbers; lines DuckDB cannot read (bad UTF-8, absurd length) are kept with a rule. */
async function readLines(connection: DuckDBConnection, path: string, sourceIndex: number): Promise<string> {
    const lines = `lines_${sourceIndex}`;
    const rejects = `line_rejects_${sourceIndex}`;
    const scans = `line_reject_scans_${sourceIndex}`;
    await connection.run(`
        create or replace temp table ${lines}_read as
        select line as raw_text
        from read_csv(${sqlString(path)}, header = false, auto_detect = false, delim = ${sqlString(NO_DELIMITER)},
            quote = '', escape = '', columns = {'line': 'VARCHAR'}, strict_mode = false, null_padding = false,
            max_line_size = ${MAX_LINE_BYTES}, store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${scans}')`);
    // Rows DuckDB rejected are missing from the read, so the n-th row read is line n plus the rejected lines
    // before it; an as-of join on (line − rank) of the rejected lines counts them.
    await connection.run(`
        create or replace temp table ${lines} as
        with
        read_lines as (select rowid as read_index, raw_text from ${lines}_read),
        rejected as (
            select line, any_value(error_type) as error_type, any_value(csv_line) as csv_line
            from ${rejects} group by line
        ),
        rejected_ranked as (select line, row_number() over (order by line) as rank from rejected),
        offsets as (select line - rank as read_index, max(rank) as rejected_before from rejected_ranked group by all),
        numbered as (
            select read_lines.read_index + 1 + coalesce(offsets.rejected_before, 0) as source_line,
                read_lines.raw_text, null::varchar as reject_rule
            from read_lines asof left join offsets on read_lines.read_index >= offsets.read_index
        ),
        final as (
            select * from numbered
            union all
            select line as source_line, coalesce(csv_line, '') as raw_text,
                case error_type when 'INVALID ENCODING' then 'invalid_encoding'
                    when 'LINE SIZE OVER MAXIMUM' then 'line_too_long' else 'malformed_line' end as reject_rule
            from rejected
        )
        select * from final`);
    await connection.run(`drop table ${lines}_read; drop table ${rejects}; drop table ${scans}`);
    return lines;
}

const REJECT_MESSAGES = `case reject_rule
    when 'invalid_encoding' then 'the line is not valid UTF-8; if the file is in Big5, load it with --encoding big5'
    when 'line_too_long' then 'the line is longer than ${MAX_LINE_BYTES} bytes'
    else 'the line holds the byte 0x1F or could not be read as text' end`;

async function csvRelation(connection: DuckDBConnection, file: SourceFile, lines: string, sourceIndex: number, notes: string[]): Promise<string> {
    const columns = columnNames(file.table);
    const headerRow = await queryRows<{ raw_text: string | null; reject_rule: string | null }>(connection,
        `select raw_text, reject_rule from ${lines} where source_line = 1`);
    const header = headerRow[0]?.reject_rule ? null : parseHeader(headerRow[0]?.raw_text ?? null);
    if (headerRow.length === 0) notes.push('empty file: no header, no rows');
    const position = new Map((header ?? []).map((column, index) => [column, index + 1]));
    const missing = columns.filter((column) => !position.has(column));
    const extra = (header ?? []).filter((column) => !columns.includes(column));
    if (extra.length > 0) notes.push(`column(s) not in the ${file.table.name} layout ignored: ${extra.join(', ')}`);
    const width = header?.length ?? 0;
    const fileRule = headerRow.length > 0 && header === null ? 'unreadable_header'
        : missing.length > 0 ? 'missing_column' : null;
    const fileMessage = fileRule === 'unreadable_header'
        ? 'the header line (line 1) could not be read; the file must start with a UTF-8 header naming the columns'
        : `the header has no column ${missing.join(', ')}; a ${file.table.name} file must name every column: ${columns.join(', ')}`;
    const field = (column: string) => {
        const index = position.get(column);
        if (index === undefined) return `null::varchar as ${column}`;
        return `nullif(case when starts_with(fields[${index}], '"') then replace(fields[${index}][2:-2], '""', '"') else fields[${index}] end, '') as ${column}`;
    };
    return `
        with
        data_lines as (select * from ${lines} where source_line > 1 and raw_text is not null),
        split as (
            select *,
                case when contains(raw_text, '"')
                    then regexp_extract_all(raw_text || ',', '("(?:[^"]|"")*"|[^,"]*),', 1)
                    else string_split(raw_text, ',') end as fields
            from data_lines
        ),
        checked as (
            select *,
                case
                    when reject_rule is not null then reject_rule
                    when ${sqlString(fileRule ?? '')} <> '' then ${sqlString(fileRule ?? '')}
                    when array_to_string(fields, ',') <> raw_text then 'malformed_csv'
                    when len(fields) <> ${width} then 'wrong_column_count'
                end as structural_rule
            from split
        ),
        final as (
            select
                ${sourceIndex} as source_index,
                source_line,
                raw_text,
                structural_rule,
                null::varchar as structural_column,
                case structural_rule
                    when 'malformed_csv' then 'a quote is not closed or stands inside an unquoted field; quote a field that holds commas or quotes, and double the quotes inside it'
                    when 'wrong_column_count' then 'the line has ' || len(fields) || ' field(s), the header has ${width}'
                    when ${sqlString(fileRule ?? '')} then ${sqlString(fileMessage)}
                    else ${REJECT_MESSAGES}
                end as structural_message,
                ${columns.map(field).join(',\n                ')}
            from checked
        )
        select * from final`;
}

function jsonLinesRelation(file: SourceFile, lines: string, sourceIndex: number): string {
    const columns = columnNames(file.table);
    return `
        with
        data_lines as (select * from ${lines} where raw_text is not null),
        checked as (
            select *,
                case
                    when reject_rule is not null then reject_rule
                    when not coalesce(json_valid(raw_text), false) then 'malformed_json'
                    when json_type(raw_text) <> 'OBJECT' then 'malformed_json'
                end as structural_rule
            from data_lines
        ),
        final as (
            select
                ${sourceIndex} as source_index,
                source_line,
                raw_text,
                structural_rule,
                null::varchar as structural_column,
                case structural_rule
                    when 'malformed_json' then 'the line is not a JSON object; each line must hold one object such as {"${columns[0]}": "…"}'
                    else ${REJECT_MESSAGES}
                end as structural_message,
                ${columns.map((column) => `case when structural_rule is null then nullif(raw_text ->> ${sqlString(column)}, '') end as ${column}`).join(',\n                ')}
            from checked
        )
        select * from final`;
}

async function parquetRelation(connection: DuckDBConnection, file: SourceFile, path: string, sourceIndex: number, notes: string[]): Promise<string> {
    const columns = columnNames(file.table);
    const present = new Set((await queryRows<{ column_name: string }>(connection,
        `describe select * from read_parquet(${sqlString(path)})`)).map((row) => row.column_name));
    const missing = columns.filter((column) => !present.has(column));
    const extra = [...present].filter((column) => !columns.includes(column));
    if (extra.length > 0) notes.push(`column(s) not in the ${file.table.name} layout ignored: ${extra.join(', ')}`);
    const value = (column: string) => (present.has(column) ? `nullif(cast("${column}" as varchar), '')` : 'null::varchar');
    return `
        select
            ${sourceIndex} as source_index,
            file_row_number + 1 as source_line,
            to_json(struct_pack(${columns.filter((c) => present.has(c)).map((c) => `${c} := ${value(c)}`).join(', ')}))::varchar as raw_text,
            ${missing.length > 0 ? "'missing_column'" : 'null::varchar'} as structural_rule,
            null::varchar as structural_column,
            ${sqlString(`the file has no column ${missing.join(', ')}; a ${file.table.name} file must have every column: ${columns.join(', ')}`)} as structural_message,
            ${columns.map((column) => `${value(column)} as ${column}`).join(',\n            ')}
        from read_parquet(${sqlString(path)}, file_row_number = true)`;
}

/** Splits a CSV header line into column names (quotes removed, trimmed, lower case); null if it is not valid CSV. */
export function parseHeader(line: string | null): string[] | null {
    if (line === null) return null;
    const names: string[] = [];
    const field = /^("(?:[^"]|"")*"|[^,"]*),/;
    let rest = `${line},`;
    while (rest.length > 0) {
        const match = field.exec(rest);
        if (!match) return null;
        const raw = match[1] ?? '';
        names.push((raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw).trim().toLowerCase());
        rest = rest.slice(match[0].length);
    }
    return names;
}

async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
    const rows = await queryRows<Record<string, string | number>>(connection, sql);
    return Number(Object.values(rows[0] ?? {})[0] ?? 0);
}
