// Reads the files of one table into relations of text fields, one row per input row, with its file, line number,
// raw text and, where the row could not even be split into fields, the structural rule it broke.
// DuckDB does the reading; nothing here loops over rows in JavaScript.
//
// CSV and JSON Lines files are first read as physical lines (a one-column read of all the table's files at
// once), which gives exact line numbers and the raw text of every line, and lets a malformed line fail alone.
// Canonical CSV is RFC 4180 with one record per line: fields may be quoted, but a field may not hold a line break.
// A CSV file that its fingerprint found simple (fingerprint-file.ts) is first read by DuckDB's own CSV reader, about
// four times faster, straight into the checked rows; it is kept from that read only if every line after its header
// became one row and none was rejected, so its line numbers are the row order's (confirmDirectReads). Else it is
// read line by line like the others.
import type { DuckDBConnection } from '@duckdb/node-api';
import { columnNames, type LoadableTable } from '../schema/tables.js';
import { queryRows, sqlString } from '../db/warehouse.js';
import type { FileFormat } from './discover-files.js';
import type { FileLines } from './fingerprint-file.js';

/** The longest line read; longer values are caught by the columns' length rules, not by the reader. */
const MAX_LINE_BYTES = 64 << 20;
/**
 * The line reader's read buffer (DuckDB's CSV reader over physical lines), which must exceed the longest line. Left
 * to itself DuckDB makes it 16 × max_line_size, 1 GiB per scan, which alone broke a memory limit under 1 GB; twice
 * the longest line is enough.
 */
const LINE_READER_BUFFER_BYTES = 2 * MAX_LINE_BYTES;
/**
 * The read buffer of DuckDB's CSV reader for simple CSV files, whose longest line the fingerprint measured: one of
 * 128 MiB held a whole month's file of item lines (63 MB at 10 million lines a year) and DuckDB read it on one
 * thread, 1.3 s where 16 MiB buffers took 0.8 s on two. Larger when a line needs it (twice the longest line).
 */
const DIRECT_READ_BUFFER_BYTES = 16 << 20;
/** A byte that never separates fields, so that the line reader sees one column. */
const NO_DELIMITER = '\x1f';
/** Stands in for a comma inside a quoted field while a line is split on commas. */
const PROTECTED_COMMA = '\x1e';
/** A well-formed CSV line: fields separated by commas, each quoted (quotes inside doubled) or holding no quote. */
const CSV_LINE_PATTERN = '(?:"(?:[^"]|"")*"|[^,"]*)(?:,(?:"(?:[^"]|"")*"|[^,"]*))*';

export interface FileToRead {
    /** Batch-wide number of the file (batch_sources.source_index). */
    index: number;
    /** The path DuckDB reads: the file itself, or its UTF-8 copy. */
    readPath: string;
    format: FileFormat;
    sizeBytes: number;
    /** From the file's fingerprint, for a file read as it is (not transcoded). */
    lines?: FileLines;
}

export interface TableSources {
    /**
     * SELECTs producing source_index, source_line, raw_text, structural_rule, structural_column,
     * structural_message, then every column of the table as VARCHAR. Not materialized: the row rules read them,
     * and the quarantine reads them again for the raw text of the rows it keeps (rawTextSource).
     */
    relations: string[];
    /**
     * The reads of DuckDB's CSV reader, shaped like the relations but with neither line (null: see
     * sourceLineSql) nor raw text; the row rules must read each in order, into a table of its
     * own or appended to one.
     */
    directReads: DirectRead[];
    /** The files read by DuckDB's CSV reader (kept by confirmDirectReads): their raw text is read back when needed. */
    readDirectly: FileToRead[];
    /** Per file: rows read (data lines; header and blank lines not counted) and notes about the file. */
    files: Map<number, { rowsRead: number; notes: string[] }>;
    /** Temporary tables the relations read, to drop once the table is stored. */
    tables: string[];
}

export async function readTableSources(connection: DuckDBConnection, table: LoadableTable, files: FileToRead[]): Promise<TableSources> {
    const sources: TableSources = { relations: [], directReads: [], readDirectly: [], files: new Map(), tables: [] };
    for (const file of files) sources.files.set(file.index, { rowsRead: 0, notes: [] });
    for (const file of files.filter((candidate) => candidate.sizeBytes === 0)) {
        sources.files.get(file.index)!.notes.push('empty file: no header, no rows');
    }
    for (const format of ['csv', 'jsonl'] as const) {
        let group = files.filter((file) => file.format === format && file.sizeBytes > 0);
        if (format === 'csv') {
            readSimpleCsv(table, group, sources);
            group = group.filter((file) => !sources.readDirectly.includes(file));
        }
        if (group.length === 0) continue;
        const lines = await readLines(connection, `${table.name}_${format}`, group, sources.tables);
        const counts = await queryRows<{ source_index: number; blank: string; rows_read: string }>(connection, `
            select source_index,
                count(*) filter (where raw_text is null) as blank,
                count(*) filter (where raw_text is not null and source_line >= ${format === 'csv' ? 2 : 1}) as rows_read
            from ${lines} lines group by source_index`);
        for (const row of counts) {
            const file = sources.files.get(Number(row.source_index))!;
            file.rowsRead = Number(row.rows_read);
            if (Number(row.blank) > 0) file.notes.push(`${row.blank} blank line(s) skipped`);
        }
        if (format === 'csv') sources.relations.push(...(await csvRelations(connection, table, lines, sources)));
        else sources.relations.push(jsonLinesRelation(table, lines));
    }
    for (const file of files.filter((candidate) => candidate.format === 'parquet')) {
        const notes = sources.files.get(file.index)!.notes;
        sources.relations.push(await parquetRelation(connection, table, file, notes));
        sources.files.get(file.index)!.rowsRead = Number((await queryRows<{ n: string }>(connection,
            `select count(*) as n from read_parquet(${sqlString(file.readPath)})`))[0]!.n);
    }
    return sources;
}

/** One read by DuckDB's CSV reader: the relation, its files in order, where it puts the lines it rejects, the header's other columns. */
export interface DirectRead {
    relation: string;
    files: FileToRead[];
    rejects: string;
    scans: string;
    extraColumns: string[];
}

/**
 * The simple CSV files among `group`, one read by DuckDB's CSV reader per header (sources.directReads; the files
 * listed in sources.readDirectly). Nothing is read yet: the row rules read the files straight into checked_<table>.
 * A file whose header lacks a column or repeats one is left to the line reader, which says why; so is one with a
 * column named file_index, which would hide DuckDB's number of the file read (the row's source_index comes from it).
 */
function readSimpleCsv(table: LoadableTable, group: FileToRead[], sources: TableSources): void {
    const columns = columnNames(table);
    const byHeader = new Map<string, FileToRead[]>();
    for (const file of group) {
        if (!file.lines?.simpleCsv) continue;
        const header = parseHeader(file.lines.firstLine);
        if (!header || new Set(header).size !== header.length || header.includes('file_index') || !columns.every((column) => header.includes(column))) continue;
        const key = JSON.stringify(header);
        byHeader.set(key, [...(byHeader.get(key) ?? []), file]);
    }
    for (const [key, files] of byHeader) {
        const header = JSON.parse(key) as string[];
        const name = `${table.name}_${sources.directReads.length}`;
        const rejects = `direct_rejects_${name}`;
        const scans = `direct_scans_${name}`;
        const paths = files.map((file) => sqlString(file.readPath)).join(', ');
        // a line longer than MAX_LINE_BYTES is rejected, and its file read line by line, which says why
        const maxLineBytes = Math.min(MAX_LINE_BYTES, Math.max(...files.map((file) => file.lines!.longestLineBytes)) + 1);
        sources.directReads.push({
            files, rejects, scans, extraColumns: header.filter((column) => !columns.includes(column)),
            relation: `
                select [${files.map((file) => file.index).join(', ')}][file_index::bigint + 1] as source_index,
                    null::bigint as source_line, null::varchar as raw_text,
                    null::varchar as structural_rule, null::varchar as structural_column, null::varchar as structural_message,
                    ${columns.map((column) => `nullif("${column}", '') as ${column}`).join(', ')}
                from read_csv([${paths}], header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                    columns = {${header.map((column) => `${sqlString(column)}: 'VARCHAR'`).join(', ')}}, strict_mode = true,
                    null_padding = false, max_line_size = ${maxLineBytes}, buffer_size = ${Math.max(DIRECT_READ_BUFFER_BYTES, 2 * maxLineBytes)},
                    store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${scans}')`,
        });
        sources.readDirectly.push(...files);
    }
}

/**
 * After the row rules put the rows of sources.directReads into `checked` (checked_<table>), each read in order: a
 * file is kept if none of its lines was rejected and its rows are exactly its lines after the header, in order (as
 * many, with consecutive row ids); its first row's id is then kept in line_starts_<table>, which gives each of its
 * rows its line (sourceLineSql).
 * Any other file (a blank line, a line break inside a field, a rejected line) has its rows taken out of `checked`
 * and is returned, to be read line by line. Sets the rows read of the files kept; makes line_starts_<table>
 * (empty when no file was kept).
 */
export async function confirmDirectReads(connection: DuckDBConnection, table: LoadableTable, sources: TableSources, checked: string): Promise<FileToRead[]> {
    const misread: FileToRead[] = [];
    const kept: { index: number; firstRowId: string }[] = [];
    for (const read of sources.directReads) {
        const counts = new Map((await queryRows<{ source_index: number; rows_read: string; first_row_id: string; is_dense: boolean }>(connection, `
            select source_index, count(*) as rows_read, min(rowid) as first_row_id, max(rowid) - min(rowid) + 1 = count(*) as is_dense
            from ${checked} where source_index in (${read.files.map((file) => file.index).join(', ')}) group by source_index`))
            .map((row) => [Number(row.source_index), row]));
        const rejected = new Set((await queryRows<{ file_path: string }>(connection, `
            select distinct scans.file_path from ${read.rejects} errors join ${read.scans} scans on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id`))
            .map((row) => row.file_path));
        await connection.run(`drop table ${read.rejects}; drop table ${read.scans}`);
        for (const file of read.files) {
            const count = counts.get(file.index);
            const rows = Number(count?.rows_read ?? 0);
            if (rejected.has(file.readPath) || !(count?.is_dense ?? true) || rows !== file.lines!.lineCount - 1) {
                misread.push(file);
                continue;
            }
            if (count) kept.push({ index: file.index, firstRowId: count.first_row_id });
            const summary = sources.files.get(file.index)!;
            summary.rowsRead = rows;
            if (read.extraColumns.length > 0) summary.notes.push(`column(s) not in the ${table.name} layout ignored: ${read.extraColumns.join(', ')}`);
        }
    }
    sources.directReads = [];
    // The kept files' lines are not written into their rows (an update of every row costs seconds at millions of
    // lines): a row's line is its row id's distance from its file's first row (sourceLineSql), worked out only for
    // the few rows that need it.
    await connection.run(`create or replace temp table ${lineStartsTable(table)} (source_index integer, first_row_id bigint)`);
    if (kept.length > 0) {
        await connection.run(`insert into ${lineStartsTable(table)} values ${kept.map((file) => `(${file.index}, ${file.firstRowId})`).join(', ')}`);
    }
    if (misread.length > 0) {
        await connection.run(`delete from ${checked} where source_index in (${misread.map((file) => file.index).join(', ')})`);
        sources.readDirectly = sources.readDirectly.filter((file) => !misread.includes(file));
    }
    return misread;
}

/** The table of the first row id of each file of checked_<table> read by DuckDB's CSV reader (confirmDirectReads). */
export function lineStartsTable(table: LoadableTable): string {
    return `line_starts_${table.name}`;
}

/**
 * The line of a row of checked_<table> (alias `checked`) left-joined to line_starts_<table> (alias `starts`) on
 * source_index: the line reader's line, or for a file read by DuckDB's CSV reader, in the order of its lines, the
 * row id's distance from the file's first row plus the header's line.
 */
export function sourceLineSql(checked: string, starts: string): string {
    return `coalesce(${checked}.source_line, ${checked}.rowid - ${starts}.first_row_id + 2)`;
}

/**
 * A relation of (source_index, source_line, raw_text) holding the lines of the files listed (files with quarantined
 * rows, so at least one): from the sources' relations, and for the files read by DuckDB's CSV reader, read now,
 * line by line (only the quarantine needs them).
 */
export async function rawTextSource(connection: DuckDBConnection, table: LoadableTable, sources: TableSources, fileIndexes: number[]): Promise<string> {
    const parts = sources.relations.map((relation) => `select source_index, source_line, raw_text from (${relation})`);
    const direct = sources.readDirectly.filter((file) => fileIndexes.includes(file.index));
    if (direct.length > 0) {
        await connection.run('set session preserve_insertion_order = true');
        const lines = await readLines(connection, `${table.name}_read_back`, direct, sources.tables);
        await connection.run('set session preserve_insertion_order = false');
        parts.push(`select source_index, source_line, raw_text from ${lines} lines where source_index in (${direct.map((file) => file.index).join(', ')})`);
    }
    return parts.join(' union all ');
}

/**
 * Physical lines of a group of files with exact 1-based line numbers per file, as a relation (not materialized:
 * only the one-column read is stored, so the raw text is held once). The read keeps the files' order, so a
 * line's number is its row id less its file's first row id. Lines DuckDB cannot read (bad UTF-8, absurd length)
 * are missing from its read, so the n-th line read from a file is line n plus the rejected lines before it; an
 * as-of join on (line − rank) of the rejected lines counts them, when there are any.
 */
async function readLines(connection: DuckDBConnection, name: string, files: FileToRead[], tables: string[]): Promise<string> {
    const read = `lines_${name}`;
    const starts = `file_starts_${name}`;
    const rejected = `rejected_lines_${name}`;
    const offsets = `reject_offsets_${name}`;
    const rejects = `rejects_${name}`;
    const scans = `reject_scans_${name}`;
    tables.push(read, starts, rejected, offsets);
    const paths = files.map((file) => sqlString(file.readPath)).join(', ');
    const filePaths = `(values ${files.map((file) => `(${file.index}, ${sqlString(file.readPath)})`).join(', ')}) as file_paths(source_index, read_path)`;
    await connection.run(`
        create or replace temp table ${read} as
        select [${files.map((file) => file.index).join(', ')}][file_index::bigint + 1] as source_index, line as raw_text
        from read_csv([${paths}], header = false, auto_detect = false, delim = ${sqlString(NO_DELIMITER)},
            quote = '', escape = '', columns = {'line': 'VARCHAR'}, strict_mode = false, null_padding = false,
            max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${LINE_READER_BUFFER_BYTES},
            store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${scans}')`);
    await connection.run(`
        create or replace temp table ${starts} as
        select source_index, min(rowid) as first_row_id, max(rowid) - min(rowid) + 1 = count(*) as is_dense
        from ${read} group by source_index`);
    // The numbering is only right if each file's rows got consecutive row ids; a DuckDB that stopped doing so
    // must stop the batch, not number lines wrongly.
    const gaps = await queryRows<{ source_index: number }>(connection, `select source_index from ${starts} where not is_dense`);
    if (gaps.length > 0) throw new Error(`the lines read from file ${gaps[0]!.source_index} of the batch did not get consecutive row ids; line numbers cannot be trusted`);
    await connection.run(`
        create or replace temp table ${rejected} as
        select file_paths.source_index, errors.line, any_value(errors.error_type) as error_type, any_value(errors.csv_line) as csv_line
        from ${rejects} errors
        join ${scans} scans on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id
        join ${filePaths} on scans.file_path = file_paths.read_path
        group by all`);
    await connection.run(`
        create or replace temp table ${offsets} as
        with ranked as (
            select source_index, line, row_number() over (partition by source_index order by line) as rank from ${rejected}
        )
        select source_index, line - rank as index_in_file, max(rank) as rejected_before
        from ranked group by all`);
    await connection.run(`drop table ${rejects}; drop table ${scans}`);
    const anyRejected = Number((await queryRows<{ n: string }>(connection, `select count(*) as n from ${rejected}`))[0]!.n) > 0;
    const numbered = `
            select source_index, read.rowid - starts.first_row_id as index_in_file, read.raw_text
            from ${read} read join ${starts} starts using (source_index)`;
    const readLinesSql = anyRejected
        ? `select numbered.source_index, numbered.index_in_file + 1 + coalesce(offsets.rejected_before, 0) as source_line,
                numbered.raw_text, null::varchar as reject_rule
            from (${numbered}) numbered asof left join ${offsets} offsets
                on numbered.source_index = offsets.source_index and numbered.index_in_file >= offsets.index_in_file`
        : `select source_index, index_in_file + 1 as source_line, raw_text, null::varchar as reject_rule from (${numbered})`;
    return `(
        ${readLinesSql}
        union all
        select source_index, line as source_line, coalesce(csv_line, '') as raw_text,
            case error_type when 'INVALID ENCODING' then 'invalid_encoding'
                when 'LINE SIZE OVER MAXIMUM' then 'line_too_long' else 'malformed_line' end as reject_rule
        from ${rejected}
    )`;
}

const REJECT_MESSAGES = `case reject_rule
    when 'invalid_encoding' then 'the line is not valid UTF-8; if the file is in Big5, load it with --encoding big5'
    when 'line_too_long' then 'the line is longer than ${MAX_LINE_BYTES} bytes'
    else 'the line holds the byte 0x1F or could not be read as text' end`;

/** One relation per distinct header among the table's CSV files (usually one). */
async function csvRelations(connection: DuckDBConnection, table: LoadableTable, lines: string, sources: TableSources): Promise<string[]> {
    const headerRows = await queryRows<{ source_index: number; raw_text: string | null; reject_rule: string | null }>(connection,
        `select source_index, raw_text, reject_rule from ${lines} lines where source_line = 1 order by source_index`);
    const byHeader = new Map<string, number[]>();
    for (const row of headerRows) {
        const key = row.reject_rule ? '\u0000unreadable' : row.raw_text ?? '';
        byHeader.set(key, [...(byHeader.get(key) ?? []), Number(row.source_index)]);
    }
    return [...byHeader].map(([headerText, indexes]) => {
        const header = headerText === '\u0000unreadable' ? null : parseHeader(headerText);
        const notes = indexes.map((index) => sources.files.get(index)!.notes);
        return csvRelation(table, lines, indexes, header, notes);
    });
}

function csvRelation(table: LoadableTable, lines: string, indexes: number[], header: string[] | null, notesPerFile: string[][]): string {
    const columns = columnNames(table);
    const position = new Map((header ?? []).map((column, index) => [column, index + 1]));
    const missing = columns.filter((column) => !position.has(column));
    const extra = (header ?? []).filter((column) => !columns.includes(column));
    if (extra.length > 0) for (const notes of notesPerFile) notes.push(`column(s) not in the ${table.name} layout ignored: ${extra.join(', ')}`);
    const width = header?.length ?? 0;
    const fileRule = header === null ? 'unreadable_header' : missing.length > 0 ? 'missing_column' : null;
    const fileMessage = fileRule === 'unreadable_header'
        ? 'the header line (line 1) could not be read; the file must start with a UTF-8 header naming the columns'
        : `the header has no column ${missing.join(', ')}; a ${table.name} file must name every column: ${columns.join(', ')}`;
    // A quoted field's commas were protected while the line was split (below); they are restored here.
    const field = (column: string) => {
        const index = position.get(column);
        if (index === undefined) return `null::varchar as ${column}`;
        const value = `fields[${index}]`;
        return `nullif(case when starts_with(${value}, '"') then replace(replace(${value}[2:-2], '""', '"'), '${PROTECTED_COMMA}', ',') else ${value} end, '') as ${column}`;
    };
    // A line with quotes is split after the commas inside quotes are protected: splitting on the quote character
    // leaves the quoted parts at even positions (a doubled quote leaves an empty part between two quoted parts).
    // Such a line must be well-formed CSV as a whole, which one regular expression checks far faster than a
    // look at each field.
    return `
        with
        data_lines as (
            select * from ${lines} lines
            where source_index in (${indexes.join(', ')}) and source_line > 1 and raw_text is not null
        ),
        split as (
            select *,
                case when contains(raw_text, '"')
                    then string_split(array_to_string(list_transform(string_split(raw_text, '"'),
                        lambda part, i: case when i % 2 = 0 then replace(part, ',', '${PROTECTED_COMMA}') else part end), '"'), ',')
                    else string_split(raw_text, ',') end as fields
            from data_lines
        ),
        checked as (
            select *,
                case
                    when reject_rule is not null then reject_rule
                    when ${sqlString(fileRule ?? '')} <> '' then ${sqlString(fileRule ?? '')}
                    when contains(raw_text, '"') and not regexp_full_match(raw_text, ${sqlString(CSV_LINE_PATTERN)})
                        then 'malformed_csv'
                    when len(fields) <> ${width} then 'wrong_column_count'
                end as structural_rule
            from split
        ),
        ${finalFromChecked([
            `when 'malformed_csv' then 'a quote is not closed or stands inside an unquoted field; quote a field that holds commas or quotes, and double the quotes inside it'`,
            `when 'wrong_column_count' then 'the line has ' || len(fields) || ' field(s), the header has ${width}'`,
            `when ${sqlString(fileRule ?? '')} then ${sqlString(fileMessage)}`,
        ], columns.map(field))}`;
}

function jsonLinesRelation(table: LoadableTable, lines: string): string {
    const columns = columnNames(table);
    return `
        with
        data_lines as (select * from ${lines} lines where raw_text is not null),
        checked as (
            select *,
                case
                    when reject_rule is not null then reject_rule
                    when not coalesce(json_valid(raw_text), false) then 'malformed_json'
                    when json_type(raw_text) <> 'OBJECT' then 'malformed_json'
                end as structural_rule
            from data_lines
        ),
        ${finalFromChecked([
            `when 'malformed_json' then 'the line is not a JSON object; each line must hold one object such as {"${columns[0]}": "…"}'`,
        ], columns.map((column) => `case when structural_rule is null then nullif(raw_text ->> ${sqlString(column)}, '') end as ${column}`))}`;
}

/** The last CTE of a line-based relation: the source columns, the structural message, then the fields. */
function finalFromChecked(messageCases: string[], fields: string[]): string {
    return `final as (
            select
                source_index,
                source_line,
                raw_text,
                structural_rule,
                null::varchar as structural_column,
                case structural_rule
                    ${messageCases.join('\n                    ')}
                    else ${REJECT_MESSAGES}
                end as structural_message,
                ${fields.join(',\n                ')}
            from checked
        )
        select * from final`;
}

async function parquetRelation(connection: DuckDBConnection, table: LoadableTable, file: FileToRead, notes: string[]): Promise<string> {
    const columns = columnNames(table);
    const path = sqlString(file.readPath);
    const present = new Set((await queryRows<{ column_name: string }>(connection,
        `describe select * from read_parquet(${path})`)).map((row) => row.column_name));
    const missing = columns.filter((column) => !present.has(column));
    const extra = [...present].filter((column) => !columns.includes(column));
    if (extra.length > 0) notes.push(`column(s) not in the ${table.name} layout ignored: ${extra.join(', ')}`);
    const value = (column: string) => (present.has(column) ? `nullif(cast("${column}" as varchar), '')` : 'null::varchar');
    return `
        select
            ${file.index} as source_index,
            file_row_number + 1 as source_line,
            to_json(struct_pack(${columns.filter((c) => present.has(c)).map((c) => `${c} := ${value(c)}`).join(', ')}))::varchar as raw_text,
            ${missing.length > 0 ? "'missing_column'" : 'null::varchar'} as structural_rule,
            null::varchar as structural_column,
            ${sqlString(`the file has no column ${missing.join(', ')}; a ${table.name} file must have every column: ${columns.join(', ')}`)} as structural_message,
            ${columns.map((column) => `${value(column)} as ${column}`).join(',\n            ')}
        from read_parquet(${path}, file_row_number = true)`;
}

/** Splits a CSV header line into column names (quotes removed, trimmed, lower case); null if it is not valid CSV. */
export function parseHeader(line: string): string[] | null {
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
