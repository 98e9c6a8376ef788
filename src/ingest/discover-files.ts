// Turns the paths given to `customs ingest` into the list of files to load, each with its table and format.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { LOADABLE_TABLES, loadableTable, type LoadableTable } from '../schema/tables.js';
import { UserError } from '../user-error.js';

export type FileFormat = 'csv' | 'jsonl' | 'parquet';

export interface SourceFile {
    path: string;
    table: LoadableTable;
    format: FileFormat;
}

const FORMATS: Record<string, FileFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.parquet': 'parquet' };

/**
 * A file holds the table named by its folder (`declarations/2024-01.csv`) or by its own name
 * (`declarations.csv`, `declarations.2024-01.jsonl`). Folders are searched recursively; files with other
 * extensions (manifest.json, README) are passed over.
 */
export function discoverFiles(paths: string[]): SourceFile[] {
    const files: SourceFile[] = [];
    for (const given of paths) {
        const path = resolve(given);
        let stats;
        try {
            stats = statSync(path);
        } catch {
            throw new UserError('path_not_found', `Cannot read ${given}: no such file or folder. Give a file (CSV, JSON Lines, Parquet) or a folder such as the output of customs generate.`);
        }
        if (stats.isDirectory()) {
            for (const file of listFiles(path)) {
                if (FORMATS[extname(file).toLowerCase()]) files.push(describe(file));
            }
        } else {
            files.push(describe(path));
        }
    }
    const order = (file: SourceFile) => LOADABLE_TABLES.indexOf(file.table);
    return files.sort((a, b) => order(a) - order(b) || a.path.localeCompare(b.path));
}

function listFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((entry) => {
            const path = join(dir, entry.name);
            return entry.isDirectory() ? listFiles(path) : [path];
        });
}

function describe(path: string): SourceFile {
    const format = FORMATS[extname(path).toLowerCase()];
    if (!format) {
        throw new UserError('unknown_format', `Cannot load ${path}: the extension ${extname(path) || '(none)'} is not one of .csv, .jsonl, .ndjson, .parquet.`);
    }
    const table = loadableTable(basename(dirname(path))) ?? loadableTable(basename(path).split('.')[0] ?? '');
    if (!table) {
        throw new UserError('unknown_table', `Cannot tell which table ${path} holds. Name the file after its table (declarations.csv) or put it in a folder named after it (declarations/2024-01.csv). Tables: ${LOADABLE_TABLES.map((t) => t.name).join(', ')}.`);
    }
    return { path, table, format };
}
