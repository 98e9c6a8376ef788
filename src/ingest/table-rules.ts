// The rules that look beyond one row: duplicate keys (within the batch and against the warehouse), references
// to other tables (an amendment's: to an item line, and not dated before its declaration's lodgement), and a
// declaration's completeness (its item lines all loaded, their count and value summing to the header's).
// They run on `checked_<table>` (from row-rules) and write the failures they find into its `failure` column, so
// that the batch is held once, not copied per step.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { z } from 'zod';
import { columnMeta } from '../schema/columns.js';
import type { LoadableTable } from '../schema/tables.js';
import { lineStartsTable, sourceLineSql } from './read-source.js';
import { failureStruct } from './row-rules.js';

const keyText = (alias: string, key: readonly string[]) =>
    key.length === 1 ? `${alias}.${key[0]}` : `'(' || concat_ws(', ', ${key.map((column) => `${alias}.${column}`).join(', ')}) || ')'`;

const keyMatch = (left: string, right: string, key: readonly string[]) =>
    key.map((column) => `${left}.${column} is not distinct from ${right}.${column}`).join(' and ');

/**
 * Sets the failure of the rows of checked_<table> that passed the row rules but break a table rule. A reference
 * is found in the warehouse or among the rows of the tables checked earlier in this batch (`batchTables`) that
 * passed every rule, which are loaded with it. Item lines refer to the declarations of their own batch only
 * (checked_declarations), because a declaration is loaded whole or not at all.
 */
export async function applyTableRules(connection: DuckDBConnection, table: LoadableTable, batchTables: readonly LoadableTable[]): Promise<void> {
    const key = table.key;
    // Keys in the warehouse are unique and a batch's row that repeats one is refused, so the union holds each once.
    const loaded = (name: string, columns: string) => (batchTables.some((batchTable) => batchTable.name === name)
        ? `(select ${columns} from ${name} union all select ${columns} from checked_${name} where failure is null)`
        : name);
    const keyList = key.join(', ');
    const joins: string[] = [];
    const branches: string[] = [];

    joins.push(`left join batch_duplicates on ${keyMatch('checked', 'batch_duplicates', key)}`);
    branches.push(`when batch_duplicates.first_position is not null
                    and checked.rowid <> batch_duplicates.first_row_id
                then ${failureStruct('duplicate_key', key[0] ?? null,
                    `'the key (${keyList}) = ' || ${keyText('checked', key)} || ' appears more than once in this batch; the first, at line ' || (batch_duplicates.first_position % 4294967296) || ' of ' || batch_duplicates.first_path || ', was kept'`)}`);

    // Keys in the warehouse are unique (this loader enforces it), so a batch row meets at most one (found below).
    joins.push('left join warehouse_duplicates existing on existing.row_id = checked.rowid');
    branches.push(`when existing.row_id is not null
                then ${failureStruct('duplicate_key', key[0] ?? null,
                    `'the key (${keyList}) = ' || ${keyText('checked', key)} || ' is already in the warehouse, loaded by an earlier batch'`)}`);

    for (const [column, schema] of Object.entries(table.schema.shape)) {
        const ref = columnMeta(schema as z.ZodType).ref;
        if (!ref) continue;
        const [refTable, refColumn] = ref.split('.') as [string, string];
        const alias = `ref_${column}`;
        if (table.name === 'declaration_items' && refTable === 'declarations') {
            joins.push(`left join checked_declarations ${alias} on checked.${column} = ${alias}.declaration_id`);
            // which of the lines whose declaration is not in this batch have it in the warehouse, found apart: a
            // join of every line with the warehouse's declarations hashed all of them (3.3 million at 10 million lines)
            await connection.run(`
                create or replace temp table lines_of_loaded_declarations as
                select checked.rowid as row_id
                from checked_declaration_items checked
                where checked.${column} not in (select declaration_id from checked_declarations where declaration_id is not null)
                    and checked.${column} in (select declaration_id from declarations)`);
            joins.push(`left join lines_of_loaded_declarations earlier_${column} on earlier_${column}.row_id = checked.rowid`);
            branches.push(`when ${alias}.declaration_id is null or ${alias}.failure is not null
                then ${failureStruct('unknown_reference', column, `case
                    when ${alias}.failure is not null then 'its declaration ' || checked.${column} || ' was quarantined (' || ${alias}.failure.rule || ': ' || ${alias}.failure.message || ')'
                    when earlier_${column}.row_id is not null then 'declaration ' || checked.${column} || ' was loaded by an earlier batch; a declaration''s item lines must be loaded together with its header'
                    else 'declaration ' || checked.${column} || ' is not in this batch; load its header (declarations) together with its item lines' end`)}`);
            continue;
        }
        if (table.name === 'declaration_amendments' && refTable === 'declarations') {
            // The amended item line must exist, in the warehouse or among this batch's lines.
            joins.push(`left join ${loaded('declaration_items', 'declaration_id, line_number')} amended_line on checked.declaration_id = amended_line.declaration_id and checked.line_number = amended_line.line_number`);
            joins.push(`left join ${loaded('declarations', 'declaration_id, lodgement_at')} amended_declaration on checked.declaration_id = amended_declaration.declaration_id`);
            branches.push(`when amended_line.declaration_id is null
                then ${failureStruct('unknown_reference', 'line_number', `case
                    when amended_declaration.declaration_id is null then 'declaration ' || checked.declaration_id || ' is not in the warehouse nor loaded in this batch; an amendment can only correct a loaded item line'
                    else 'declaration ' || checked.declaration_id || ' has no item line ' || checked.line_number || '; an amendment can only correct a loaded item line' end`)}`);
            branches.push(`when checked.amended_at < amended_declaration.lodgement_at
                then ${failureStruct('date_order', 'amended_at',
                    `'amended_at = ' || strftime(checked.amended_at, '%Y-%m-%dT%H:%M:%S') || ' is before the declaration was lodged (' || strftime(amended_declaration.lodgement_at, '%Y-%m-%dT%H:%M:%S') || '); correct the time or the declaration id'`)}`);
            continue;
        }
        joins.push(`left join ${loaded(refTable, refColumn)} ${alias} on checked.${column} = ${alias}.${refColumn}`);
        branches.push(`when checked.${column} is not null and ${alias}.${refColumn} is null
                then ${failureStruct('unknown_reference', column,
                    `'${column} = "' || checked.${column} || '" is not in ${refTable}; load that reference row first or correct the value'`)}`);
    }

    // The batch's rows whose key is already in the warehouse. When a key column refers to another table, every row
    // of the warehouse holds a value found there (rows are loaded only with their references, and none is deleted),
    // so only the batch's rows whose value is there can meet one: the item lines and clearance events of a new
    // month's declarations, loaded with them, skip reading the keys of the whole table (10 and 17 million rows at
    // 10 million lines).
    const referring = key.map((column) => ({ column, ref: columnMeta(table.schema.shape[column] as z.ZodType).ref })).find((candidate) => candidate.ref);
    const unchecked = `select checked.rowid as row_id, ${keyList} from checked_${table.name} checked where checked.failure is null`;
    // (the batch's rows that can meet one are found first, so that when there are none, the table is not read; those
    // without a value are kept apart: an OR made DuckDB hash the whole referred table, 1.3 s for the declarations)
    const [referredTable, referredColumn] = referring?.ref?.split('.') ?? [];
    const candidates = referring
        ? `${unchecked} and checked.${referring.column} in (select ${referredColumn} from ${referredTable})
            union all ${unchecked} and checked.${referring.column} is null`
        : unchecked;
    await connection.run(`
        create or replace temp table warehouse_duplicates as
        with candidates as materialized (${candidates})
        select candidates.row_id
        from candidates
        inner join ${table.name} existing on ${keyMatch('candidates', 'existing', key)}`);

    // Duplicates are first looked for by a hash of the key: the hashes sorted, a repeated one is equal to the one
    // before it (faster than grouping millions of keys, 1.9 s against 3.2 s for 18 million clearance events).
    // Only the few rows whose hash repeats are then grouped by the key itself, and none are read when none repeat.
    const keyHash = `hash(${key.map((column) => `checked.${column}`).join(', ')})`;
    // a row's place in the batch: its file, then its line
    const position = `checked.source_index * 4294967296 + ${sourceLineSql('checked', 'starts')}`;
    await connection.run(`
        create or replace temp table repeated_hashes as
        select distinct key_hash
        from (
            select key_hash, lag(key_hash) over (order by key_hash) as previous_hash
            from (select ${keyHash} as key_hash from checked_${table.name} checked where failure is null)
        )
        where key_hash = previous_hash`);
    await connection.run(`
        create or replace temp table batch_duplicates as
        with
        repeated as (
            select ${key.map((column) => `checked.${column}`).join(', ')},
                min(${position}) as first_position,
                arg_min(checked.rowid, ${position}) as first_row_id
            from checked_${table.name} checked
            left join ${lineStartsTable(table)} starts on checked.source_index = starts.source_index
            where checked.failure is null and ${keyHash} in (select key_hash from repeated_hashes)
            group by all
            having count(*) > 1
        )
        select repeated.*, sources.source_path as first_path
        from repeated join batch_sources sources on sources.source_index = repeated.first_position // 4294967296`);
    await connection.run(`
        create or replace temp table table_failures as
        with judged as (
            select
                checked.rowid as row_id,
                case
                    ${branches.join('\n                    ')}
                end as failure
            from checked_${table.name} checked
            ${joins.join('\n            ')}
            where checked.failure is null
        )
        select * from judged where failure is not null`);
    await connection.run(`
        update checked_${table.name} set failure = failed.failure
        from table_failures failed
        where checked_${table.name}.rowid = failed.row_id;
        drop table table_failures; drop table batch_duplicates; drop table repeated_hashes; drop table warehouse_duplicates;
        drop table if exists lines_of_loaded_declarations`);
}

/**
 * A declaration is loaded only with all its item lines: it is quarantined when it has no lines in the batch, when
 * a line was quarantined, when the number of lines differs from item_count, or when the lines' customs values do
 * not add up (within 1 TWD) to the header's CIF value (imports) or FOB value (exports). Its lines follow it.
 */
export async function applyDeclarationCompleteness(connection: DuckDBConnection): Promise<void> {
    await connection.run(`
        create or replace temp table incomplete_declarations as
        with
        lines as (
            select
                declaration_id,
                count(*) filter (where failure is null) as count_loaded,
                count(*) filter (where failure is not null) as count_failed,
                sum(customs_value_twd) filter (where failure is null) as value_twd,
                arg_min(line_number, line_number) filter (where failure is not null) as first_failed_line,
                arg_min(failure.rule, line_number) filter (where failure is not null) as first_failed_rule
            from checked_declaration_items
            group by declaration_id
        ),
        judged as (
            select
                header.declaration_id,
                case
                    when lines.declaration_id is null then ${failureStruct('incomplete_declaration', 'item_count',
                        `'no item lines for this declaration came in this batch; load the header and its item lines together'`)}
                    when lines.count_failed > 0 then ${failureStruct('incomplete_declaration', null,
                        `'item line ' || lines.first_failed_line || ' was quarantined (' || lines.first_failed_rule || '), so the declaration is held back whole'`)}
                    when lines.count_loaded <> header.item_count then ${failureStruct('line_sum_mismatch', 'item_count',
                        `'item_count = ' || header.item_count || ' but ' || lines.count_loaded || ' item line(s) came'`)}
                    when abs(lines.value_twd - case header.declaration_type when 'import' then header.cif_value_twd else header.fob_value_twd end) > 1
                        then ${failureStruct('line_sum_mismatch', 'cif_value_twd',
                        `'the item lines'' customs values add up to ' || lines.value_twd || ' TWD, the header says ' || case header.declaration_type when 'import' then header.cif_value_twd else header.fob_value_twd end`)}
                end as failure
            from checked_declarations header
            left join lines using (declaration_id)
            where header.failure is null
        )
        select * from judged where failure is not null`);
    await connection.run(`
        update checked_declarations set failure = incomplete.failure
        from incomplete_declarations incomplete
        where checked_declarations.declaration_id = incomplete.declaration_id and checked_declarations.failure is null`);
    await connection.run(`
        update checked_declaration_items set failure = ${failureStruct('incomplete_declaration', 'declaration_id',
            `'its declaration ' || checked_declaration_items.declaration_id || ' was quarantined (' || incomplete.failure.rule || ': ' || incomplete.failure.message || ')'`)}
        from incomplete_declarations incomplete
        where checked_declaration_items.declaration_id = incomplete.declaration_id and checked_declaration_items.failure is null`);
}
