import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { queryRows } from '../../src/db/warehouse.js';
import { RULE_MACROS } from '../../src/ingest/row-rules.js';
import { isValidTariffCode, tariffCheckDigit, tariffCode } from '../../src/schema/tariff-code.js';

// Worked by hand with Luhn over the first ten digits (double every second digit from the right, starting with
// the rightmost; subtract 9 from doubles over 9; check = (10 − sum mod 10) mod 10):
//   8471300000: doubled 0,0,0,1→2,4→8 = 10; others 0,0,3,7,8 = 18; sum 28 → 2
//   8517130000: doubled 0,0,3→6,7→5,5→1 = 12; others 0,0,1,1,8 = 10; sum 22 → 8
//   0201300000: doubled 0,0,0,1→2,2→4 = 6;  others 0,0,3,0,0 = 3;  sum 9  → 1
//   2709000000: doubled 0,0,0,0,7→5 = 5;    others 0,0,9,0,2 = 11; sum 16 → 4
//   1234567890: doubled 0,8→7,6→3,4→8,2→4 = 22; others 9,7,5,3,1 = 25; sum 47 → 3 (every place a different digit)
//   9999999999: doubled 9→9 five times = 45; others 45; sum 90 → 0
const HAND_WORKED: [string, number][] = [
    ['8471300000', 2], ['8517130000', 8], ['0201300000', 1], ['2709000000', 4], ['1234567890', 3], ['9999999999', 0],
];

describe('the CCC check digit', () => {
    it.each(HAND_WORKED)('of %s is %i in TypeScript', (firstTen, digit) => {
        expect(tariffCheckDigit(firstTen)).toBe(digit);
        expect(isValidTariffCode(`${firstTen}${digit}`)).toBe(true);
        expect(isValidTariffCode(`${firstTen}${(digit + 1) % 10}`)).toBe(false);
    });

    it('is the same in the loader\'s SQL', async () => {
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        await connection.run(RULE_MACROS);
        const values = HAND_WORKED.map(([firstTen]) => `('${firstTen}')`).join(', ');
        const rows = await queryRows<{ code: string; digit: number }>(connection,
            `select code, ccc_check_digit(code::bigint) as digit from (values ${values}) t(code)`);
        expect(rows.map((row) => Number(row.digit))).toEqual(HAND_WORKED.map(([, digit]) => digit));
        connection.closeSync();
    });

    it('is appended by tariffCode to HS6 + national + statistical digits', () => {
        expect(tariffCode('847130', '00', '00')).toBe('84713000002');
        expect(() => tariffCheckDigit('84713')).toThrow(/ten digits/);
    });
});
