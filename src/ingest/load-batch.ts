// One ingest batch: every new file is read and checked, and each row either loaded or quarantined; the warehouse is
// written in one transaction at the end, so that a crash or kill at any moment leaves it as it was before the batch.
// Files already loaded (same SHA-256) are skipped, so loading the same file again is a no-op.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LOADABLE_TABLES, columnNames, loadableTable, type LoadableTable } from '../schema/tables.js';
import { openWarehouse, queryRows, sqlString, type OpenOptions } from '../db/warehouse.js';
import { discoverFiles, type SourceFile } from './discover-files.js';
import { fingerprintFiles, type FileLines } from './fingerprint-file.js';
import { confirmDirectReads, lineStartsTable, rawTextSource, readTableSources, sourceLineSql, type FileToRead, type TableSources } from './read-source.js';
import { RULE_MACROS, rowRulesSql } from './row-rules.js';
import { applyDeclarationCompleteness, applyTableRules } from './table-rules.js';
import { transcodeToUtf8, type Encoding } from './transcode-file.js';
import { UserError } from '../user-error.js';

export interface Counts {
    read: number;
    loaded: number;
    quarantined: number;
}

export interface FileSummary extends Counts {
    path: string;
    table: string;
    format: string;
    sha256: string;
    /** 'loaded', or 'skipped' when a file with the same SHA-256 was loaded before. */
    status: 'loaded' | 'skipped';
    notes: string[];
}

export interface BatchSummary {
    warehouse: string;
    /** Null when nothing new was found and no batch was recorded. */
    batchId: number | null;
    status: 'loaded' | 'loaded_with_quarantine' | 'nothing_new';
    files: FileSummary[];
    tables: Record<string, Counts>;
    totals: Counts;
    quarantinedByRule: Record<string, number>;
    seconds: number;
}

export interface IngestOptions extends OpenOptions {
    warehouse: string;
    paths: string[];
    encoding?: Encoding;
    onProgress?: (message: string) => void;
}

export async function ingest(options: IngestOptions): Promise<BatchSummary> {
    const files = batchFiles(options.paths);
    const warehouse = await openWarehouse(options.warehouse, options);
    try {
        return await loadFiles(warehouse.connection, files, options);
    } finally {
        warehouse.close();
    }
}

/** ingest, on a warehouse the caller has open (customs month's one instance); the caller closes it. */
export async function ingestInto(connection: DuckDBConnection, options: IngestOptions): Promise<BatchSummary> {
    return loadFiles(connection, batchFiles(options.paths), options);
}

function batchFiles(paths: string[]): SourceFile[] {
    const files = discoverFiles(paths);
    if (files.length === 0) {
        throw new UserError('no_files', `No .csv, .jsonl or .parquet files under ${paths.join(', ')}. Give files or a folder such as the output of customs generate.`);
    }
    return files;
}

async function loadFiles(connection: DuckDBConnection, files: SourceFile[], options: IngestOptions): Promise<BatchSummary> {
    const started = new Date();
    const scratch = mkdtempSync(join(tmpdir(), 'customs-ingest-'));
    try {
        return await loadBatch(connection, files, options, started, scratch);
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
}

interface PendingFile {
    source: SourceFile;
    index: number;
    sha256: string;
    sizeBytes: number;
    /** What the fingerprint found out about the file's lines (see Fingerprint). */
    lines: FileLines;
    summary: FileSummary;
}

async function loadBatch(connection: DuckDBConnection, files: SourceFile[], options: IngestOptions, started: Date, scratch: string): Promise<BatchSummary> {
    const report = options.onProgress ?? (() => {});
    const progress = (message: string) => report(`${((Date.now() - started.getTime()) / 1000).toFixed(1).padStart(6)} s  ${message}`);
    const encoding = options.encoding ?? 'utf-8';
    const loadedBefore = new Set((await queryRows<{ sha256: string }>(connection, 'select sha256 from ingest_files')).map((row) => row.sha256));
    const summaries: FileSummary[] = [];
    const pending: PendingFile[] = [];
    const fingerprints = await fingerprintFiles(files.map((source) => source.path));
    for (const [index, source] of files.entries()) {
        const { sha256, sizeBytes, ...lines } = fingerprints[index]!;
        const summary: FileSummary = {
            path: source.path, table: source.table.name, format: source.format, sha256,
            status: 'loaded', read: 0, loaded: 0, quarantined: 0, notes: [],
        };
        if (loadedBefore.has(sha256)) {
            summary.status = 'skipped';
            summary.notes.push('a file with the same content (SHA-256) was loaded before');
        } else {
            loadedBefore.add(sha256);
            pending.push({ source, index: pending.length + 1, sha256, sizeBytes, lines, summary });
        }
        summaries.push(summary);
    }
    if (pending.length === 0) {
        return summarize(options.warehouse, null, summaries, started);
    }

    await connection.run(RULE_MACROS);
    await connection.run('create or replace temp table batch_sources (source_index integer, source_path varchar)');
    for (const file of pending) {
        await connection.run(`insert into batch_sources values (${file.index}, ${sqlString(file.source.path)})`);
    }
    const tablesToLoad = new Set(pending.map((file) => file.source.table));
    const loadTime = new Date();
    const scratchTables: string[] = [];
    try {
        // Reading and checking run before the transaction, into temporary tables of this connection: DuckDB
        // scans tables written inside an open transaction with one thread, committed ones with all of them.
        // Nothing here touches the warehouse's tables; the batch's own rows count as loaded for the references
        // of the tables checked after them (see applyTableRules).
        const checkedTables: LoadableTable[] = [];
        const read = async (table: LoadableTable): Promise<TableSources> => {
            const tableFiles = pending.filter((file) => file.source.table === table);
            if (tableFiles.length === 0) return { relations: [], directReads: [], readDirectly: [], files: new Map(), tables: [] };
            const toRead: FileToRead[] = [];
            for (const file of tableFiles) {
                const transcode = encoding !== 'utf-8' && file.source.format !== 'parquet';
                const readPath = transcode ? join(scratch, `source-${file.index}.utf8`) : file.source.path;
                if (transcode) await transcodeToUtf8(file.source.path, readPath, encoding);
                // A file read as it is can go to DuckDB's own CSV reader when simple (read-source.ts).
                toRead.push({ index: file.index, readPath, format: file.source.format, sizeBytes: file.sizeBytes, lines: transcode ? undefined : file.lines });
            }
            return readSources(table, toRead);
        };
        // Line numbers come from the order of the rows read, so that order must be kept while reading (and while the
        // row rules read DuckDB's CSV reads); afterwards it no longer matters, and letting DuckDB drop it saves time
        // and memory.
        const readSources = async (table: LoadableTable, files: FileToRead[]): Promise<TableSources> => {
            await connection.run('set session preserve_insertion_order = true');
            const sources = await readTableSources(connection, table, files);
            await connection.run('set session preserve_insertion_order = false');
            scratchTables.push(...sources.tables);
            return sources;
        };
        const check = async (table: LoadableTable, sources: TableSources) => {
            const checked = `checked_${table.name}`;
            scratchTables.push(checked);
            // DuckDB's CSV reads first, each in order, so that their rows' ids number their lines; then the rest (with
            // nothing to read at all, an empty relation, which still makes the table).
            const parts = sources.directReads.map((read) => ({ source: `(${read.relation})`, inOrder: true }));
            if (sources.relations.length > 0 || parts.length === 0) parts.push({ source: sourceUnion(table, sources.relations), inOrder: false });
            for (const [place, part] of parts.entries()) {
                if (part.inOrder) await connection.run('set session preserve_insertion_order = true');
                const rows = rowRulesSql(table, part.source, loadTime);
                await connection.run(place === 0 ? `create or replace temp table ${checked} as ${rows}` : `insert into ${checked} ${rows}`);
                if (part.inOrder) await connection.run('set session preserve_insertion_order = false');
            }
            const misread = await confirmDirectReads(connection, table, sources, checked);
            scratchTables.push(lineStartsTable(table));
            if (misread.length > 0) {
                const again = await readSources(table, misread.map((file) => ({ ...file, lines: undefined })));
                await connection.run(`insert into ${checked} ${rowRulesSql(table, sourceUnion(table, again.relations), loadTime)}`);
                for (const [index, file] of again.files) sources.files.set(index, file);
                sources.relations.push(...again.relations);
                sources.tables.push(...again.tables);
            }
            const tableFiles = pending.filter((file) => file.source.table === table);
            for (const file of tableFiles) {
                const fileRead = sources.files.get(file.index)!;
                file.summary.read = fileRead.rowsRead;
                file.summary.notes.push(...fileRead.notes);
            }
            const rows = tableFiles.reduce((sum, file) => sum + file.summary.read, 0);
            progress(`read ${table.name}: ${tableFiles.length} file(s), ${rows.toLocaleString('en-US')} rows`);
            await applyTableRules(connection, table, checkedTables);
            checkedTables.push(table);
        };
        // Once a table's checks are final: its per-file counts, and the quarantined rows with their raw text, read
        // back from the source by file and line; then the source's lines are dropped.
        const settle = async (table: LoadableTable, sources: TableSources) => {
            const perFile = await queryRows<{ source_index: number; loaded: number; quarantined: number }>(connection, `
                select source_index, count(*) filter (where failure is null) as loaded, count(*) filter (where failure is not null) as quarantined
                from checked_${table.name} group by source_index`);
            for (const row of perFile) {
                const summary = pending.find((candidate) => candidate.index === Number(row.source_index))!.summary;
                summary.loaded = Number(row.loaded);
                summary.quarantined = Number(row.quarantined);
            }
            if (perFile.every((row) => Number(row.quarantined) === 0)) return dropSources(sources);
            const rawText = await rawTextSource(connection, table, sources, perFile.filter((row) => Number(row.quarantined) > 0).map((row) => Number(row.source_index)));
            scratchTables.push(`quarantine_${table.name}`);
            await connection.run(`
                create or replace temp table quarantine_${table.name} as
                with failed as (
                    select checked.source_index, ${sourceLineSql('checked', 'starts')} as source_line, checked.failure
                    from checked_${table.name} checked
                    left join ${lineStartsTable(table)} starts on checked.source_index = starts.source_index
                    where checked.failure is not null
                )
                select sources.source_path, failed.source_line, failed.failure.column_name, failed.failure.rule, failed.failure.message, source.raw_text
                from failed
                join batch_sources sources using (source_index)
                join (${rawText}) source using (source_index, source_line)`);
            await dropSources(sources);
        };
        const dropSources = async (sources: TableSources) => {
            for (const name of sources.tables) await connection.run(`drop table ${name}`);
        };

        const declarations = loadableTable('declarations')!;
        const items = loadableTable('declaration_items')!;
        for (const table of LOADABLE_TABLES) {
            if (table === declarations && (tablesToLoad.has(declarations) || tablesToLoad.has(items))) {
                const declarationSources = await read(declarations);
                await check(declarations, declarationSources);
                const itemSources = await read(items);
                await check(items, itemSources);
                await applyDeclarationCompleteness(connection);
                await settle(declarations, declarationSources);
                await settle(items, itemSources);
            } else if (table !== items && table !== declarations && tablesToLoad.has(table)) {
                const sources = await read(table);
                await check(table, sources);
                await settle(table, sources);
            }
            if (checkedTables.includes(table)) progress(`checked ${table.name}`);
        }
        for (const file of pending) {
            const summary = file.summary;
            if (summary.read !== summary.loaded + summary.quarantined) {
                throw new Error(`bookkeeping error: ${file.source.path} read ${summary.read} rows but loaded ${summary.loaded} and quarantined ${summary.quarantined}`);
            }
        }

        // The batch's one transaction: a crash or kill before its commit leaves the warehouse as it was.
        await connection.run('begin transaction');
        try {
            const batchId = Number((await queryRows<{ id: number }>(connection, 'select coalesce(max(batch_id), 0) + 1 as id from ingest_batches'))[0]!.id);
            for (const table of checkedTables) {
                const columns = columnNames(table).join(', ');
                const counted = pending.filter((file) => file.source.table === table)
                    .reduce((sums, file) => ({ loaded: sums.loaded + file.summary.loaded, quarantined: sums.quarantined + file.summary.quarantined }), { loaded: 0, quarantined: 0 });
                const inserted = await connection.run(`insert into ${table.name} (${columns}) select ${columns} from checked_${table.name} where failure is null`);
                // quarantine_<table> exists only for a table with quarantined rows (settle)
                const quarantined = counted.quarantined === 0 ? { rowsChanged: 0 } : await connection.run(`
                    insert into quarantined_rows
                    select ${batchId}, source_path, '${table.name}', source_line, column_name, rule, message, raw_text
                    from quarantine_${table.name}`);
                if (counted.loaded !== inserted.rowsChanged || counted.quarantined !== quarantined.rowsChanged) {
                    throw new Error(`bookkeeping error in ${table.name}: counted ${counted.loaded} loaded and ${counted.quarantined} quarantined, inserted ${inserted.rowsChanged} and ${quarantined.rowsChanged}`);
                }
                progress(`stored ${table.name}: ${counted.loaded.toLocaleString('en-US')} loaded, ${counted.quarantined.toLocaleString('en-US')} quarantined`);
            }
            for (const file of pending) {
                const summary = file.summary;
                await connection.run(`insert into ingest_files values (${batchId}, ${sqlString(file.source.path)}, '${file.sha256}',
                    '${file.source.table.name}', '${file.source.format}', '${encoding}', ${file.sizeBytes},
                    ${summary.read}, ${summary.loaded}, ${summary.quarantined},
                    ${summary.notes.length > 0 ? sqlString(summary.notes.join('; ')) : 'null'})`);
            }
            const result = summarize(options.warehouse, batchId, summaries, started);
            await connection.run(`insert into ingest_batches values (${batchId}, ${sqlString(taiwanTime(started))}, ${sqlString(taiwanTime(new Date()))},
                '${result.status}', ${result.totals.read}, ${result.totals.loaded}, ${result.totals.quarantined})`);
            result.quarantinedByRule = Object.fromEntries((await queryRows<{ rule: string; n: number }>(connection,
                `select rule, count(*) as n from quarantined_rows where batch_id = ${batchId} group by rule order by n desc, rule`))
                .map((row) => [row.rule, Number(row.n)]));
            await connection.run('commit');
            return result;
        } catch (error) {
            await connection.run('rollback');
            throw error;
        }
    } finally {
        for (const name of scratchTables) await connection.run(`drop table if exists ${name}`);
        await connection.run('reset session preserve_insertion_order');
    }
}

/** The union of a table's source relations, or an empty relation shaped like one when there are none. */
function sourceUnion(table: LoadableTable, relations: string[]): string {
    return relations.length > 0 ? `(${relations.map((relation) => `(${relation})`).join(' union all ')})` : `(${emptySource(table)})`;
}

/** An empty relation shaped like a source table, for a batch that has item lines but no headers or the reverse. */
function emptySource(table: LoadableTable): string {
    return `select null::integer as source_index, null::bigint as source_line, null::varchar as raw_text,
        null::varchar as structural_rule, null::varchar as structural_column, null::varchar as structural_message,
        ${columnNames(table).map((column) => `null::varchar as ${column}`).join(', ')} where false`;
}

function summarize(warehouse: string, batchId: number | null, files: FileSummary[], started: Date): BatchSummary {
    const tables: Record<string, Counts> = {};
    const totals: Counts = { read: 0, loaded: 0, quarantined: 0 };
    for (const file of files) {
        const counts = (tables[file.table] ??= { read: 0, loaded: 0, quarantined: 0 });
        for (const field of ['read', 'loaded', 'quarantined'] as const) {
            counts[field] += file[field];
            totals[field] += file[field];
        }
    }
    const status = batchId === null ? 'nothing_new' : totals.quarantined > 0 ? 'loaded_with_quarantine' : 'loaded';
    return { warehouse, batchId, status, files, tables, totals, quarantinedByRule: {}, seconds: (Date.now() - started.getTime()) / 1000 };
}

/** Local Taiwan time (UTC+8), the convention of every timestamp in the warehouse. */
function taiwanTime(date: Date): string {
    return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
}
