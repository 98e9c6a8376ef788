// Reading the Korea Customs Service import-declaration data set (Jeong et al., arXiv 2208.02484) into DuckDB:
// the train, valid and test files become one temp table kcs_declarations, a `split` column naming the file.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../db/warehouse.js';
import { UserError } from '../user-error.js';

/** The KCS CSV columns in file order, with the DuckDB type each is read as and our snake_case name. */
export const KCS_COLUMNS = [
    ['Declaration ID', 'varchar', 'declaration_id'],
    ['Date', 'date', 'declaration_date'],
    ['Office ID', 'varchar', 'office_id'],
    ['Process Type', 'varchar', 'process_type'],
    ['Import Type', 'varchar', 'import_type'],
    ['Import Use', 'varchar', 'import_use'],
    ['Payment Type', 'varchar', 'payment_type'],
    ['Mode of Transport', 'varchar', 'transport_mode'],
    ['Declarant ID', 'varchar', 'declarant_id'],
    ['Importer ID', 'varchar', 'importer_id'],
    ['Seller ID', 'varchar', 'seller_id'],
    ['Courier ID', 'varchar', 'courier_id'],
    ['HS6 Code', 'varchar', 'hs6_code'],
    ['Country of Departure', 'varchar', 'departure_country'],
    ['Country of Origin', 'varchar', 'origin_country'],
    ['Tax Rate', 'double', 'tax_rate'],
    ['Tax Type', 'varchar', 'tax_type'],
    ['Country of Origin Indicator', 'varchar', 'origin_indicator'],
    ['Net Mass', 'double', 'net_mass_kg'],
    ['Item Price', 'double', 'item_price_krw'],
    ['Fraud', 'integer', 'is_fraud'],
    ['Critical Fraud', 'integer', 'critical_fraud'],
] as const;

export const KCS_SPLITS = ['train', 'valid', 'test'] as const;
export type KcsSplit = (typeof KCS_SPLITS)[number];
export type KcsFiles = Record<KcsSplit, string>;

/** The header line of a CSV file, split at commas (KCS column names hold no commas or quotes). */
function headerOf(path: string): string[] {
    const descriptor = openSync(path, 'r');
    try {
        const buffer = Buffer.alloc(4096);
        const length = readSync(descriptor, buffer, 0, buffer.length, 0);
        const line = buffer.subarray(0, length).toString('utf8').split(/\r?\n/)[0] ?? '';
        return line.replace(/^\uFEFF/, '').split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
    } finally {
        closeSync(descriptor);
    }
}

/** Checks that a file exists and has the KCS columns; a UserError says which file and which columns are wrong. */
export function checkKcsFile(path: string, split: KcsSplit): void {
    if (!existsSync(path)) {
        throw new UserError('kcs_file_missing', `The --${split} file ${path} does not exist. Give the path of a KCS CSV file (e.g. datasets/kcs/${split}.csv).`);
    }
    const header = headerOf(path);
    const expected = KCS_COLUMNS.map(([name]) => name);
    const missing = expected.filter((name) => !header.includes(name));
    const extra = header.filter((name) => !(expected as string[]).includes(name));
    if (missing.length > 0 || extra.length > 0) {
        const parts = [
            missing.length > 0 ? `lacks column(s) ${missing.map((name) => `"${name}"`).join(', ')}` : '',
            extra.length > 0 ? `has unexpected column(s) ${extra.map((name) => `"${name}"`).join(', ')}` : '',
        ].filter(Boolean);
        throw new UserError('kcs_columns', `The --${split} file ${path} ${parts.join(' and ')}. A KCS file has the header: ${expected.join(',')}.`);
    }
}

/** Loads the three files into the temp table kcs_declarations (one row per declaration, with `split` and `row_index`). */
export async function loadKcsFiles(connection: DuckDBConnection, files: KcsFiles): Promise<void> {
    for (const split of KCS_SPLITS) checkKcsFile(files[split], split);
    const columns = `{${KCS_COLUMNS.map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ')}}`;
    const renamed = KCS_COLUMNS.map(([name, , column]) => `"${name}" as ${column}`).join(', ');
    const selects = KCS_SPLITS.map((split, index) => `
        select ${sqlString(split)} as split, ${index} as split_order, row_number() over () as file_row, ${renamed}
        from read_csv(${sqlString(files[split])}, header = true, auto_detect = false, columns = ${columns})`);
    await connection.run(`create or replace temp table kcs_declarations as
        select row_number() over (order by split_order, file_row) - 1 as row_index, * exclude (split_order, file_row)
        from (${selects.join('\n union all ')})`);
    const bad = await connection.runAndReadAll(`select split, count(*) from kcs_declarations where is_fraud is null or is_fraud not in (0, 1) group by split`);
    for (const [split, count] of bad.getRowsJson()) {
        throw new UserError('kcs_label', `The --${split} file ${files[split as KcsSplit]} has ${count} row(s) whose Fraud is not 0 or 1.`);
    }
}
