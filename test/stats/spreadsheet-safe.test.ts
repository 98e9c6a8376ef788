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
});
