// The bad-input corpus: each case feeds the loader one kind of broken input on top of the hand-written mini
// world's reference data, and checks that nothing is lost: every row read is loaded or quarantined, with the
// rule, the line, the column and the raw text.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingest, type BatchSummary } from '../../src/ingest/load-batch.js';
import type { Encoding } from '../../src/ingest/transcode-file.js';
import {
    DECLARATION_HEADER, DECLARATION_ROWS, FACT_FILES, ITEM_HEADER, ITEM_ROWS, REFERENCE_FILES, tempWarehouse, writeFiles,
} from '../support/mini-world.js';
import { count, quarantine, query, type QuarantineRow } from '../support/warehouse-queries.js';

let base: string;

beforeAll(async () => {
    base = tempWarehouse();
    await ingest({ warehouse: base, paths: [writeFiles(REFERENCE_FILES)] });
});

interface Outcome {
    summary: BatchSummary;
    warehouse: string;
    quarantined: QuarantineRow[];
}

/** Loads `files` as one batch into a copy of the reference-only warehouse. */
async function load(files: Record<string, string | Buffer>, encoding?: Encoding): Promise<Outcome> {
    const warehouse = tempWarehouse();
    copyFileSync(base, warehouse);
    const summary = await ingest({ warehouse, paths: [writeFiles(files)], encoding });
    for (const file of summary.files) expect(file.read, file.path).toBe(file.loaded + file.quarantined);
    const quarantined = await quarantine(warehouse);
    expect(quarantined.length).toBe(summary.totals.quarantined);
    return { summary, warehouse, quarantined };
}

const declarations = (...rows: string[]) => `${DECLARATION_HEADER}\n${rows.join('\n')}\n`;
const items = (...rows: string[]) => `${ITEM_HEADER}\n${rows.join('\n')}\n`;
const [IMPORT, EXPORT] = DECLARATION_ROWS as [string, string];
const [LAPTOPS, PHONES, EXPORT_LINE] = ITEM_ROWS as [string, string, string];
const withField = (row: string, index: number, value: string) => {
    const fields = row.split(',');
    fields[index] = value;
    return fields.join(',');
};
const only = (outcome: Outcome, rule: string) => outcome.quarantined.filter((row) => row.rule === rule);

describe('bad input is quarantined with its reason and nothing is lost', () => {
    it('a value of the wrong type quarantines the line and holds back its whole declaration', async () => {
        const badLine = PHONES.replace(',CN,20,', ',CN,twenty,');
        const outcome = await load({
            'declarations.csv': declarations(IMPORT, EXPORT),
            'declaration_items.csv': items(LAPTOPS, badLine, EXPORT_LINE),
        });
        expect(only(outcome, 'wrong_type')).toEqual([expect.objectContaining({
            target_table: 'declaration_items', line_number: 3, column_name: 'quantity', raw_text: badLine,
        })]);
        expect(only(outcome, 'wrong_type')[0]!.message).toContain('"twenty" is not a number');
        const held = only(outcome, 'incomplete_declaration');
        expect(held.map((row) => [row.target_table, row.line_number])).toEqual([['declaration_items', 2], ['declarations', 2]]);
        expect(held.find((row) => row.target_table === 'declarations')!.message).toContain('item line 2 was quarantined (wrong_type)');
        expect(await count(outcome.warehouse, 'declarations')).toBe(1);
        expect(await count(outcome.warehouse, 'declaration_items')).toBe(1);
    });

    it('a file without a required column quarantines every row and says which column is missing', async () => {
        const header = DECLARATION_HEADER.replace(',lane', '');
        const rows = DECLARATION_ROWS.map((row) => row.replace(/,C[123],/, ','));
        const outcome = await load({ 'declarations.csv': `${header}\n${rows.join('\n')}\n` });
        expect(outcome.summary.totals).toEqual({ read: 2, loaded: 0, quarantined: 2 });
        expect(outcome.quarantined.map((row) => row.rule)).toEqual(['missing_column', 'missing_column']);
        expect(outcome.quarantined[0]!.message).toContain('the header has no column lane');
    });

    it('a truncated last line is quarantined as having too few fields', async () => {
        const truncated = IMPORT.slice(0, 40);
        const outcome = await load({ 'declarations.csv': `${DECLARATION_HEADER}\n${EXPORT}\n${truncated}` });
        expect(only(outcome, 'wrong_column_count')).toEqual([expect.objectContaining({ line_number: 3, raw_text: truncated })]);
        expect(only(outcome, 'wrong_column_count')[0]!.message).toMatch(/has \d+ field\(s\), the header has 20/);
    });

    it('a stray quote spoils only its own line', async () => {
        const stray = LAPTOPS.replace('Laptop computer', '"Laptop computer');
        const outcome = await load({
            'declarations.csv': declarations(IMPORT, EXPORT),
            'declaration_items.csv': items(stray, PHONES, EXPORT_LINE),
        });
        expect(only(outcome, 'malformed_csv')).toEqual([expect.objectContaining({ line_number: 2, raw_text: stray })]);
        expect(await count(outcome.warehouse, 'declaration_items')).toBe(1);
        expect(await query(outcome.warehouse, 'select declaration_id from declarations')).toEqual([{ declaration_id: 'EX24010000001' }]);
    });

    it('a Big5 file read as UTF-8 is quarantined with a hint, and loads correctly with --encoding big5', async () => {
        const text = 'trader_id,trader_role,trader_name,registered_date,is_aeo,aeo_since_date\nT00000009,trader,臺灣電子股份有限公司,2020-01-01,false,\nT00000010,trader,Plain Name Co,2020-01-01,false,\n';
        const bytes = iconv.encode(text, 'big5');
        const asUtf8 = await load({ 'traders.csv': bytes });
        expect(only(asUtf8, 'invalid_encoding')).toEqual([expect.objectContaining({ line_number: 2 })]);
        expect(only(asUtf8, 'invalid_encoding')[0]!.message).toContain('--encoding big5');
        expect(asUtf8.summary.totals).toEqual({ read: 2, loaded: 1, quarantined: 1 });
        const asBig5 = await load({ 'traders.csv': bytes }, 'big5');
        expect(asBig5.summary.totals).toEqual({ read: 2, loaded: 2, quarantined: 0 });
        expect(await query(asBig5.warehouse, "select trader_name from traders where trader_id = 'T00000009'"))
            .toEqual([{ trader_name: '臺灣電子股份有限公司' }]);
    });

    it('quoted fields keep their commas and doubled quotes, and a quote inside a quoted field spoils its line', async () => {
        const quoted = LAPTOPS.replace('Laptop computer', '"Laptop ""Pro"", 14 inch"');
        const unescaped = PHONES.replace('"Smartphone, 128 GB"', '"Smartphone "Max", 128 GB"');
        const outcome = await load({
            'declarations.csv': declarations(IMPORT, EXPORT),
            'declaration_items.csv': items(quoted, unescaped, EXPORT_LINE),
        });
        expect(only(outcome, 'malformed_csv')).toEqual([expect.objectContaining({ line_number: 3, raw_text: unescaped })]);
        expect(only(outcome, 'incomplete_declaration').map((row) => [row.target_table, row.line_number])).toEqual([['declaration_items', 2], ['declarations', 2]]);
        const valid = await load({
            'declarations.csv': declarations(IMPORT),
            'declaration_items.csv': items(quoted, PHONES),
        });
        expect(valid.quarantined).toEqual([]);
        expect(await query(valid.warehouse, 'select goods_description from declaration_items order by line_number'))
            .toEqual([{ goods_description: 'Laptop "Pro", 14 inch' }, { goods_description: 'Smartphone, 128 GB' }]);
    });

    it('lines after an unreadable line keep their own line numbers', async () => {
        const big5Line = iconv.encode('T00000009,trader,臺灣電子股份有限公司,2020-01-01,false,\n', 'big5');
        const text = (value: string) => Buffer.from(value, 'utf8');
        const file = Buffer.concat([
            text('trader_id,trader_role,trader_name,registered_date,is_aeo,aeo_since_date\n'),
            big5Line,
            text('T00000010,trader,Plain Name Co,2020-01-01,false,\n'),
            big5Line,
            text('T00000011,trader,Other Name Co,2020-01-01,maybe,\n'),
        ]);
        const outcome = await load({ 'traders.csv': file });
        expect(outcome.summary.totals).toEqual({ read: 4, loaded: 1, quarantined: 3 });
        expect(only(outcome, 'invalid_encoding').map((row) => row.line_number)).toEqual([2, 4]);
        expect(only(outcome, 'wrong_type')).toEqual([expect.objectContaining({
            line_number: 5, column_name: 'is_aeo', raw_text: 'T00000011,trader,Other Name Co,2020-01-01,maybe,',
        })]);
    });

    it('a blank line in a plain file, read by DuckDB\'s CSV reader first, moves no line number of it or of the file read with it', async () => {
        // Both files are plain CSV, so both go to DuckDB's reader in one read; its rows skip the blank line, so the
        // first file is read line by line after all, while the second, numbered from its own first row, is kept.
        const header = 'trader_id,trader_role,trader_name,registered_date,is_aeo,aeo_since_date';
        const first = [header, 'T00000010,trader,Plain Name Co,2020-01-01,false,', '', 'T00000011,trader,"Quoted, Co",2020-01-01,maybe,'];
        const second = [header, 'T00000012,trader,Second Co,2020-01-01,false,', 'T00000013,trader,Third Co,2020-01-01,perhaps,'];
        const outcome = await load({ 'traders/a.csv': `${first.join('\n')}\n`, 'traders/b.csv': `${second.join('\n')}\n` });
        expect(outcome.summary.totals).toEqual({ read: 4, loaded: 2, quarantined: 2 });
        expect(outcome.quarantined.map((row) => [row.source_path.split('/').at(-1), row.line_number, row.rule, row.raw_text])).toEqual([
            ['a.csv', 4, 'wrong_type', first[3]],
            ['b.csv', 3, 'wrong_type', second[2]],
        ]);
        expect(outcome.summary.files.find((file) => file.path.endsWith('a.csv'))!.notes).toContain('1 blank line(s) skipped');
        // a plain file alone: its rows are its lines, and a refused row's raw text is read back from the file
        const plain = await load({ 'traders/b.csv': `${second.join('\n')}\n` });
        expect(plain.quarantined.map((row) => [row.line_number, row.rule, row.raw_text])).toEqual([[3, 'wrong_type', second[2]]]);
        expect(await query(plain.warehouse, "select trader_name from traders where trader_id = 'T00000012'")).toEqual([{ trader_name: 'Second Co' }]);
    });


    it('a plain file with a line longer than the CSV reader\'s usual buffer is read, its line refused by the column\'s rule and the file read with it kept', async () => {
        // DuckDB's reader takes lines up to the longest the fingerprint measured, in a buffer of twice that (16 MiB
        // at least): a line of 20 MiB must neither break the read nor move a line number
        const header = 'trader_id,trader_role,trader_name,registered_date,is_aeo,aeo_since_date';
        const long = `T00000011,trader,${'N'.repeat(20 << 20)},2020-01-01,false,`;
        const first = [header, 'T00000010,trader,Plain Name Co,2020-01-01,false,', long, 'T00000012,trader,After Co,2020-01-01,false,'];
        const second = [header, 'T00000013,trader,Second Co,2020-01-01,false,', 'T00000014,trader,Third Co,2020-01-01,perhaps,'];
        const outcome = await load({ 'traders/a.csv': `${first.join('\n')}\n`, 'traders/b.csv': `${second.join('\n')}\n` });
        expect(outcome.summary.totals).toEqual({ read: 5, loaded: 3, quarantined: 2 });
        expect(outcome.quarantined.map((row) => [row.source_path.split('/').at(-1), row.line_number, row.rule, row.column_name, row.raw_text?.length])).toEqual([
            ['a.csv', 3, 'too_long', 'trader_name', long.length],
            ['b.csv', 3, 'wrong_type', 'is_aeo', second[2]!.length],
        ]);
        expect(await query(outcome.warehouse, 'select trader_id from traders where trader_id between \'T00000010\' and \'T00000014\' order by trader_id')).toEqual([
            { trader_id: 'T00000010' }, { trader_id: 'T00000012' }, { trader_id: 'T00000013' },
        ]);
    });

    it('a plain file with a column named file_index goes to the line reader, and its rows and the other file\'s keep their files', async () => {
        // DuckDB's CSV reader numbers its files in a column file_index, which a column of that name would hide.
        const header = 'trader_id,trader_role,trader_name,registered_date,is_aeo,aeo_since_date';
        const withIndex = [`${header},file_index`, 'T00000010,trader,Indexed Co,2020-01-01,false,,7', 'T00000011,trader,Bad Co,2020-01-01,maybe,,8'];
        const plain = [header, 'T00000012,trader,Plain Co,2020-01-01,false,', 'T00000013,trader,Worse Co,2020-01-01,perhaps,'];
        const outcome = await load({ 'traders/a.csv': `${withIndex.join('\n')}\n`, 'traders/b.csv': `${plain.join('\n')}\n` });
        expect(outcome.summary.totals).toEqual({ read: 4, loaded: 2, quarantined: 2 });
        expect(outcome.quarantined.map((row) => [row.source_path.split('/').at(-1), row.line_number, row.rule, row.raw_text])).toEqual([
            ['a.csv', 3, 'wrong_type', withIndex[2]],
            ['b.csv', 3, 'wrong_type', plain[2]],
        ]);
        expect(outcome.summary.files.find((file) => file.path.endsWith('a.csv'))!.notes.join('; ')).toContain('file_index');
        expect(await query(outcome.warehouse, "select trader_id, trader_name from traders where trader_id in ('T00000010', 'T00000012') order by trader_id")).toEqual([
            { trader_id: 'T00000010', trader_name: 'Indexed Co' }, { trader_id: 'T00000012', trader_name: 'Plain Co' },
        ]);
    });
    it('blank lines and lines the CSV reader refuses do not move the line numbers of the rows after them', async () => {
        const lines = [
            'trader_id,trader_role,trader_name,registered_date,is_aeo,aeo_since_date',
            'T00000010,trader,Plain Name Co,2020-01-01,false,',
            '',
            'T00000011,trader,Too Few Co,2020-01-01',
            '',
            '',
            'T00000012,trader,"Stray "quote Co",2020-01-01,false,',
            'T00000013,trader,"Quoted, Co",2020-01-01,false,',
            'T00000014,trader,Other Name Co,2020-01-01,maybe,',
        ];
        const outcome = await load({ 'traders.csv': `${lines.join('\n')}\n` });
        expect(outcome.summary.totals).toEqual({ read: 5, loaded: 2, quarantined: 3 });
        expect(outcome.quarantined.map((row) => [row.line_number, row.rule, row.raw_text])).toEqual([
            [4, 'wrong_column_count', lines[3]],
            [7, 'malformed_csv', lines[6]],
            [9, 'wrong_type', lines[8]],
        ]);
        expect(await query(outcome.warehouse, "select trader_name from traders where trader_id in ('T00000010', 'T00000013') order by trader_id"))
            .toEqual([{ trader_name: 'Plain Name Co' }, { trader_name: 'Quoted, Co' }]);
    });

    it('a quoted field holding a line break spoils both its lines, and the next line keeps its number', async () => {
        const file = 'trader_id,trader_role,trader_name,registered_date,is_aeo,aeo_since_date\n'
            + 'T00000010,trader,"Name\nCo",2020-01-01,false,\n'
            + 'T00000014,trader,Other Name Co,2020-01-01,maybe,\n';
        const outcome = await load({ 'traders.csv': file });
        expect(outcome.summary.totals).toEqual({ read: 3, loaded: 0, quarantined: 3 });
        expect(outcome.quarantined.map((row) => [row.line_number, row.rule])).toEqual([[2, 'malformed_csv'], [3, 'malformed_csv'], [4, 'wrong_type']]);
    });

    it('a duplicate key keeps the first row, and a key already in the warehouse is refused', async () => {
        const outcome = await load({ 'payments.csv': FACT_FILES['payments/2024-01.csv']!, ...factFiles() });
        expect(outcome.quarantined).toEqual([]);
        const warehouse = outcome.warehouse;
        const again = FACT_FILES['payments/2024-01.csv']!.replace('P000001,IM24010000001,2024-01-15', 'P000001,IM24010000001,2024-01-16');
        const twice = `${again}P000002,EX24010000001,2024-01-16,2024-01-30,,0.00,0.00,0.00,0.00,\nP000002,EX24010000001,2024-01-16,2024-01-30,,0.00,0.00,0.00,0.00,\n`;
        const summary = await ingest({ warehouse, paths: [writeFiles({ 'payments.csv': twice })] });
        expect(summary.totals).toEqual({ read: 3, loaded: 1, quarantined: 2 });
        const rows = (await quarantine(warehouse)).filter((row) => row.rule === 'duplicate_key');
        expect(rows.map((row) => row.line_number)).toEqual([2, 4]);
        expect(rows[0]!.message).toContain('already in the warehouse');
        expect(rows[1]!.message).toContain('at line 3 of');
    });

    it('refuses a clearance event or an item line whose key a declaration loaded earlier already has, and loads a new one', async () => {
        const outcome = await load(factFiles());
        expect(outcome.quarantined).toEqual([]);
        const events = 'declaration_id,event_type,event_at\nIM24010000001,release,2024-01-15T10:00:00\nIM24010000001,exit,2024-01-15T11:30:00\n';
        const again = await ingest({ warehouse: outcome.warehouse, paths: [writeFiles({
            'clearance_events.csv': events,
            'declarations.csv': declarations(IMPORT),
            'declaration_items.csv': items(LAPTOPS, PHONES),
        })] });
        expect(again.totals).toEqual({ read: 5, loaded: 1, quarantined: 4 });
        const refused = (await quarantine(outcome.warehouse)).filter((row) => row.rule === 'duplicate_key');
        expect(refused.map((row) => [row.target_table, row.line_number]).sort()).toEqual([
            ['clearance_events', 2], ['declaration_items', 2], ['declaration_items', 3], ['declarations', 2],
        ]);
        for (const row of refused) expect(row.message).toContain('already in the warehouse');
        expect(await count(outcome.warehouse, "clearance_events where declaration_id = 'IM24010000001' and event_type = 'exit'")).toBe(1);
    });

    it('refuses item lines that come without their declaration, saying whether it was loaded earlier or not at all', async () => {
        const outcome = await load(factFiles());
        const later = await ingest({ warehouse: outcome.warehouse, paths: [writeFiles({
            'declaration_items.csv': items(LAPTOPS.replace('IM24010000001,1,', 'IM24010000001,3,'), LAPTOPS.replace('IM24010000001,1,', 'IM24019999999,1,')),
        })] });
        expect(later.quarantinedByRule).toEqual({ unknown_reference: 2 });
        const refused = (await quarantine(outcome.warehouse)).filter((row) => row.rule === 'unknown_reference');
        expect(refused.map((row) => [row.line_number, row.column_name, row.message])).toEqual([
            [2, 'declaration_id', "declaration IM24010000001 was loaded by an earlier batch; a declaration's item lines must be loaded together with its header"],
            [3, 'declaration_id', 'declaration IM24019999999 is not in this batch; load its header (declarations) together with its item lines'],
        ]);
    });

    it('negative, absurd and future values are refused with the column named', async () => {
        const negative = withField(EXPORT_LINE, 9, '-15625.00');
        const absurdMass = withField(LAPTOPS, 7, '5e12');
        const future = withField(EXPORT, 3, '2099-01-16T14:00:00');
        const outcome = await load({
            'declarations.csv': declarations(IMPORT, future),
            'declaration_items.csv': items(absurdMass, PHONES, negative),
        });
        expect(only(outcome, 'negative_value')).toEqual([expect.objectContaining({ column_name: 'customs_value_twd', line_number: 4 })]);
        expect(only(outcome, 'out_of_range')).toEqual([expect.objectContaining({ column_name: 'net_mass_kg', line_number: 2 })]);
        expect(only(outcome, 'future_date')).toEqual([expect.objectContaining({ column_name: 'lodgement_at', line_number: 3 })]);
        expect(outcome.summary.totals.loaded).toBe(0);
    });

    it('unknown codes and references are refused', async () => {
        const badLane = withField(IMPORT, 18, 'C4');
        const badOffice = withField(EXPORT, 4, 'XX99');
        const outcome = await load({ 'declarations.csv': declarations(badLane, badOffice), 'declaration_items.csv': items(LAPTOPS, PHONES, EXPORT_LINE) });
        expect(only(outcome, 'unknown_code')).toEqual([expect.objectContaining({ column_name: 'lane', line_number: 2 })]);
        expect(only(outcome, 'unknown_code')[0]!.message).toContain('is not one of C1, C2, C3');
        expect(only(outcome, 'unknown_reference').filter((row) => row.target_table === 'declarations'))
            .toEqual([expect.objectContaining({ column_name: 'office_id', line_number: 3 })]);
        // Their item lines follow them into quarantine.
        expect(only(outcome, 'unknown_reference').filter((row) => row.target_table === 'declaration_items')).toHaveLength(3);
    });

    it('a tariff code with a wrong check digit is refused', async () => {
        const badCode = LAPTOPS.replace('84713000002', '84713000003');
        const outcome = await load({ 'declarations.csv': declarations(IMPORT), 'declaration_items.csv': items(badCode, PHONES) });
        expect(only(outcome, 'bad_check_digit')).toEqual([expect.objectContaining({ column_name: 'tariff_code', line_number: 2 })]);
        expect(only(outcome, 'bad_check_digit')[0]!.message).toContain('should be 2');
    });

    it('a 10 MB field is quarantined whole, raw text kept', async () => {
        const huge = 'x'.repeat(10 * 1024 * 1024);
        const line = LAPTOPS.replace('Laptop computer', huge);
        const outcome = await load({ 'declarations.csv': declarations(IMPORT), 'declaration_items.csv': items(line, PHONES) });
        const tooLong = only(outcome, 'too_long');
        expect(tooLong).toHaveLength(1);
        expect(tooLong[0]!.message).toBe('goods_description has 10485760 characters; at most 512 are allowed');
        expect(tooLong[0]!.raw_text!.length).toBe(line.length);
    });

    it('an empty file and a header-only file load nothing and lose nothing', async () => {
        const outcome = await load({ 'declarations/2024-01.csv': '', 'declarations/2024-02.csv': `${DECLARATION_HEADER}\n` });
        expect(outcome.summary.totals).toEqual({ read: 0, loaded: 0, quarantined: 0 });
        expect(outcome.summary.files[0]!.notes).toContain('empty file: no header, no rows');
        expect(await count(outcome.warehouse, 'ingest_files')).toBe(12);
    });

    it('mixed line endings, a byte-order mark and blank lines do not disturb rows or line numbers', async () => {
        const text = `\uFEFF${DECLARATION_HEADER}\r\n${IMPORT}\n\n${withField(EXPORT, 18, 'C9')}\r\n`;
        const outcome = await load({ 'declarations.csv': text, 'declaration_items.csv': items(LAPTOPS, PHONES) });
        expect(outcome.summary.tables.declarations).toEqual({ read: 2, loaded: 1, quarantined: 1 });
        expect(only(outcome, 'unknown_code')).toEqual([expect.objectContaining({ line_number: 4 })]);
        expect(outcome.summary.files.find((file) => file.table === 'declarations')!.notes).toContain('1 blank line(s) skipped');
    });

    it('item lines that do not add up to the header hold the declaration back', async () => {
        const wrongTotal = withField(IMPORT, 16, '93000.00');
        const wrongCount = withField(EXPORT, 19, '2');
        const outcome = await load({ 'declarations.csv': declarations(wrongTotal, wrongCount), 'declaration_items.csv': items(LAPTOPS, PHONES, EXPORT_LINE) });
        const mismatches = only(outcome, 'line_sum_mismatch');
        expect(mismatches.map((row) => row.column_name)).toEqual(['cif_value_twd', 'item_count']);
        expect(mismatches[0]!.message).toContain('add up to 93750.00 TWD, the header says 93000.00');
        expect(only(outcome, 'incomplete_declaration')).toHaveLength(3);
        expect(await count(outcome.warehouse, 'declarations')).toBe(0);
    });

    it('item lines without their header in the batch are refused', async () => {
        const outcome = await load({ 'declaration_items.csv': items(EXPORT_LINE) });
        expect(only(outcome, 'unknown_reference')[0]!.message).toContain('load its header (declarations) together with its item lines');
    });

    it('an amendment must correct an item line loaded before or in the same batch, not before its lodgement', async () => {
        const header = 'amendment_id,declaration_id,line_number,amended_at,customs_value_twd,net_mass_kg,quantity,tariff_code,origin_country,reason';
        const sameBatch = 'AMD0000001,IM24010000001,2,2024-02-01T10:00:00,60000.00,4,,,,price rebate';
        const allChanged = 'AMD0000002,IM24010000001,1,2024-01-15T09:30:00,30000.00,20,12,85171300008,JP,reclassified after inspection';
        const noLine = 'AMD0000003,IM24010000001,3,2024-02-01T10:00:00,100.00,1,,,,no third line';
        const noDeclaration = 'AMD0000004,IM24010000099,1,2024-02-01T10:00:00,100.00,1,,,,unknown declaration';
        const early = 'AMD0000005,IM24010000001,1,2024-01-15T09:29:59,100.00,1,,,,a second before lodgement';
        const badOrigin = 'AMD0000006,IM24010000001,1,2024-02-01T10:00:00,100.00,1,,,XX,unknown origin';
        const outcome = await load({
            'declarations.csv': declarations(IMPORT, EXPORT),
            'declaration_items.csv': items(LAPTOPS, PHONES, EXPORT_LINE),
            'declaration_amendments/2024-02.csv': `${header}\n${[sameBatch, allChanged, noLine, noDeclaration, early, badOrigin].join('\n')}\n`,
        });
        expect(outcome.summary.tables.declaration_amendments).toEqual({ read: 6, loaded: 2, quarantined: 4 });
        expect(outcome.quarantined.map((row) => [row.line_number, row.rule, row.column_name])).toEqual([
            [4, 'unknown_reference', 'line_number'],
            [5, 'unknown_reference', 'line_number'],
            [6, 'date_order', 'amended_at'],
            [7, 'unknown_reference', 'origin_country'],
        ]);
        expect(outcome.quarantined[0]!.message).toContain('declaration IM24010000001 has no item line 3');
        expect(outcome.quarantined[1]!.message).toContain('declaration IM24010000099 is not in the warehouse nor loaded in this batch');
        expect(outcome.quarantined[2]!.message).toContain('is before the declaration was lodged (2024-01-15T09:30:00)');
        expect(await query(outcome.warehouse, 'select amendment_id, line_number, quantity, tariff_code, origin_country from declaration_amendments order by amendment_id')).toEqual([
            { amendment_id: 'AMD0000001', line_number: 2, quantity: null, tariff_code: null, origin_country: null },
            { amendment_id: 'AMD0000002', line_number: 1, quantity: 12, tariff_code: '85171300008', origin_country: 'JP' },
        ]);

        // A later batch may amend a line loaded earlier, but not reuse an amendment id.
        const later = await ingest({ warehouse: outcome.warehouse, paths: [writeFiles({
            'declaration_amendments.csv': `${header}\nAMD0000007,EX24010000001,1,2024-03-01T08:00:00,15000.00,10,,,,FOB corrected\n${sameBatch}\n`,
        })] });
        expect(later.totals).toEqual({ read: 2, loaded: 1, quarantined: 1 });
        expect(later.quarantinedByRule).toEqual({ duplicate_key: 1 });
    });

    it('a malformed JSON line is quarantined and the other JSON lines load', async () => {
        const good = JSON.stringify({ declaration_id: 'IM24010000001', event_type: 'exit', event_at: '2024-01-15T11:30:00' });
        const outcome = await load({
            ...factFiles(),
            'clearance_events/late.jsonl': `${good}\n{"declaration_id": "IM24010000001", "event_type": \n[1,2]\n`,
        });
        expect(only(outcome, 'malformed_json').map((row) => row.line_number)).toEqual([2, 3]);
        expect(only(outcome, 'duplicate_key')).toEqual([]);
        expect(outcome.summary.files.find((file) => file.format === 'jsonl')).toMatchObject({ read: 3, loaded: 1, quarantined: 2 });
    });

    it('a Parquet file is checked like any other', async () => {
        const dir = writeFiles({});
        const path = join(dir, 'wco_units.parquet');
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        await connection.run(`copy (select * from (values ('l', 'litres'), ('m2', null), ('pcs', 'pieces')) t(unit_code, name_en)) to '${path}' (format parquet)`);
        connection.closeSync();
        const outcome = await load({ 'wco_units.parquet': await import('node:fs').then((fs) => fs.readFileSync(path)) });
        expect(outcome.summary.totals).toEqual({ read: 3, loaded: 2, quarantined: 1 });
        expect(outcome.quarantined).toEqual([expect.objectContaining({ rule: 'required_missing', column_name: 'name_en', line_number: 2 })]);
    });
});

/** The mini world's facts under plain names, for cases that add one more file to a good batch. */
function factFiles(): Record<string, string> {
    return Object.fromEntries(Object.entries(FACT_FILES).filter(([path]) => !path.startsWith('payments')));
}
