import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { KCS_COLUMNS, loadKcsFiles } from '../../src/evaluate/kcs-dataset.js';
import { kcsTrainingSets } from '../../src/evaluate/kcs-features.js';
import { writeFiles } from '../support/mini-world.js';
import { runCli } from '../support/run-cli.js';

// Hand-written files in the KCS layout. Importer BAD under-invoices (10 KRW/kg against 1,000 KRW/kg) and every one
// of its declarations is fraud; the six GOOD importers' never are.
const HEADER = KCS_COLUMNS.map(([name]) => name).join(',');

function row(id: number, date: string, importer: string): string {
    const bad = importer === 'BAD';
    const price = bad ? 1000 : 100000; // net mass 100 kg → 10 or 1,000 KRW/kg
    return `${id},${date},30,B,11,21,11,10,DECL1,${importer},SELL1,,847130,CN,CN,8.0,A,Y,100.0,${price}.0,${bad ? 1 : 0},0`;
}

/** n rows per importer, dated within the given month. */
function rows(firstId: number, month: string, counts: Record<string, number>): string[] {
    const lines: string[] = [];
    for (const [importer, n] of Object.entries(counts)) {
        for (let i = 0; i < n; i++) lines.push(row(firstId + lines.length, `${month}-${String(1 + (i % 28)).padStart(2, '0')}`, importer));
    }
    return lines;
}

const GOOD = { GOOD1: 10, GOOD2: 10, GOOD3: 10, GOOD4: 10, GOOD5: 10, GOOD6: 10 };
// Train: 40 BAD + 60 GOOD. Valid: 4 BAD + 6 GOOD. Test: 8 GOOD with 2 BAD among them (rows 3 and 8).
const train = [HEADER, ...rows(1000, '2020-06', { BAD: 40, ...GOOD })].join('\n');
const valid = [HEADER, ...rows(2000, '2021-01', { BAD: 4, GOOD1: 3, GOOD2: 3 })].join('\n');
const testLines = rows(3000, '2021-04', { GOOD1: 2, GOOD2: 2, GOOD3: 2, GOOD4: 2 });
testLines.splice(2, 0, row(3100, '2021-04-10', 'BAD'));
testLines.splice(7, 0, row(3101, '2021-04-20', 'BAD'));
const test = [HEADER, ...testLines].join('\n');

function kcsFolder(files: Record<string, string> = {}): string {
    return writeFiles({ 'train.csv': train, 'valid.csv': valid, 'test.csv': test, ...files });
}

describe('KCS reader and features', () => {
    it('reads the three files and computes unit prices and smoothed fraud rates from the train labels', async () => {
        const dir = kcsFolder();
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        await loadKcsFiles(connection, { train: join(dir, 'train.csv'), valid: join(dir, 'valid.csv'), test: join(dir, 'test.csv') });
        const sets = await kcsTrainingSets(connection);
        connection.closeSync();
        instance.closeSync();
        expect([sets.train.labels.length, sets.valid.labels.length, sets.test.labels.length]).toEqual([100, 10, 10]);
        expect(Array.from(sets.test.labels)).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
        const column = (name: string) => sets.valid.table.columns[sets.valid.table.names.indexOf(name)]!;
        // Valid row 0 is BAD: 1,000 KRW / 100 kg = 10 KRW/kg; the HS6 median over all 120 rows is 1,000 (74 GOOD
        // rows at 1,000, 46 BAD at 10), so the ratio is 0.01.
        expect(column('unit_price_krw')[0]).toBe(10);
        expect(column('unit_price_to_hs6_median')[0]).toBe(0.01);
        // Prior = 40 frauds / 100 train rows = 0.4. BAD: (40 + 0.4 × 20) / (40 + 20) = 0.8;
        // GOOD1 (10 train rows, no fraud): (0 + 8) / (10 + 20) = 8/30.
        expect(column('rate_importer_id')[0]).toBeCloseTo(0.8, 12);
        expect(column('rate_importer_id')[4]).toBeCloseTo(8 / 30, 12);
    });
});

describe('customs evaluate --format kcs', () => {
    it('ranks the under-invoicing importer first and prints the JSON shape', () => {
        const dir = kcsFolder();
        const result = runCli(['evaluate', '--format', 'kcs', '--train', join(dir, 'train.csv'), '--valid', join(dir, 'valid.csv'), '--test', join(dir, 'test.csv'), '--json']);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        const output = JSON.parse(result.stdout);
        expect(Object.keys(output)).toEqual(['precisionAt', 'recallAt', 'auc', 'trainSeconds']);
        // 10 test rows: the top 1, 2, 5 and 10% are each ⌈n% × 10⌉ = 1 row, a BAD one: precision 1, recall 1 of 2.
        expect(output.precisionAt).toEqual({ 1: 1, 2: 1, 5: 1, 10: 1 });
        expect(output.recallAt).toEqual({ 1: 0.5, 2: 0.5, 5: 0.5, 10: 0.5 });
        // Both BAD rows score above all eight GOOD rows.
        expect(output.auc).toBe(1);
        expect(output.trainSeconds).toBeGreaterThan(0);
    });

    it('says which file lacks which column', () => {
        const dir = kcsFolder({ 'valid.csv': valid.replace(',Tax Rate,', ',Rate,') });
        const result = runCli(['evaluate', '--format', 'kcs', '--train', join(dir, 'train.csv'), '--valid', join(dir, 'valid.csv'), '--test', join(dir, 'test.csv')]);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`--valid file ${join(dir, 'valid.csv')} lacks column(s) "Tax Rate" and has unexpected column(s) "Rate"`);
    });

    it('says which file is missing', () => {
        const dir = kcsFolder();
        const result = runCli(['evaluate', '--format', 'kcs', '--train', join(dir, 'train.csv'), '--valid', join(dir, 'valid.csv'), '--test', join(dir, 'nope.csv')]);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`The --test file ${join(dir, 'nope.csv')} does not exist`);
    });
});
