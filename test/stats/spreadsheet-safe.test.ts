// CSV files a statistician may open in a spreadsheet: text that a spreadsheet would run as a formula is neutralised,
// numbers stay numbers (negative ones included).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { copySpreadsheetSafeCsv } from '../../src/stats/spreadsheet-safe.js';

describe('spreadsheet-safe CSV', () => {
    it('prefixes text beginning with = + - @, a tab or a carriage return with an apostrophe and writes negative numbers as numbers', async () => {
        const directory = mkdtempSync(join(tmpdir(), 'customs-csv-'));
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        try {
            const path = join(directory, 'out.csv');
            await copySpreadsheetSafeCsv(connection, `
                select * from (values
                    ('=HYPERLINK("http://x")', -1234.5::double, 1),
                    ('+1+1', -0.25::double, 2),
                    ('-2', 7::double, 3),
                    ('@SUM(A1)', 0::double, 4),
                    ('Taiwan - Penghu', 1::double, 5),
                    (null, null, 6),
                    (chr(9) || 'tab', 2::double, 7),
                    (chr(13) || 'cr', 3::double, 8),
                    ('', 4::double, 9)
                ) as t (name, revision_twd, n) order by n`, path);
            expect(readFileSync(path, 'utf8')).toBe([
                'name,revision_twd,n',
                `"'=HYPERLINK(""http://x"")",-1234.5,1`,
                "'+1+1,-0.25,2",
                "'-2,7.0,3",
                "'@SUM(A1),0.0,4",
                'Taiwan - Penghu,1.0,5',
                ',,6',
                "'\ttab,2.0,7",
                `"'\rcr",3.0,8`,
                '"",4.0,9',
                '',
            ].join('\n'));
        } finally {
            connection.closeSync();
            instance.closeSync();
            rmSync(directory, { recursive: true, force: true });
        }
    });

    it('keeps the rows in the order of a sorted table many times larger than one thread\'s share', async () => {
        // The release's cells are written sorted (the publication order). A test of the first character against a
        // list with chr(9) and chr(13) in it became a join in DuckDB's plan, and with two threads the rows of a table
        // of 410,000 cells came out in 172 runs of months instead of 13.
        const directory = mkdtempSync(join(tmpdir(), 'customs-csv-'));
        const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
        const connection = await instance.connect();
        try {
            await connection.run(`create table cells as
                select n, 'code ' || lpad(n::varchar, 7, '0') as code, case n % 3 when 0 then '-' when 1 then '=' else 'A' end || 'x' as flag
                from range(400000) as t (n) order by n`);
            const path = join(directory, 'out.csv');
            await copySpreadsheetSafeCsv(connection, 'select * from cells', path);
            const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
            expect(lines).toHaveLength(400_001);
            const numbers = lines.slice(1).map((line) => Number(line.split(',')[0]));
            expect(numbers.filter((n, index) => n !== index)).toEqual([]);
            expect(lines[1]).toBe("0,code 0000000,'-x");
            expect(lines[2]).toBe("1,code 0000001,'=x");
            expect(lines[3]).toBe('2,code 0000002,Ax');
        } finally {
            connection.closeSync();
            instance.closeSync();
            rmSync(directory, { recursive: true, force: true });
        }
    });
});
