import { BIGINT, DOUBLE, DuckDBInstance, TINYINT } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { appendColumns, vectorItems } from '../../src/db/typed-columns.js';

describe('typed columns in and out of DuckDB', () => {
    it('appends columns of several chunks (full ones reusing one chunk, then a short one) and reads them back', async () => {
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        try {
            // 5,000 rows: two full chunks of 2,048 and one of 904.
            const rows = 5000;
            const ids = BigInt64Array.from({ length: rows }, (_, row) => BigInt(row) * 1_000_000_007n);
            const halves = Float64Array.from({ length: rows }, (_, row) => row / 2);
            const small = Int8Array.from({ length: rows }, (_, row) => (row % 7) - 3);
            await connection.run('create table t (id bigint, half double, small tinyint)');
            const appender = await connection.createAppender('t');
            appendColumns(appender, [BIGINT, DOUBLE, TINYINT], [ids, halves, small]);
            appender.closeSync();
            // By hand: Σ row/2 over 0 … 4999 = 4999 · 5000 / 4 = 6,248,750; Σ ((row mod 7) − 3): 714 whole cycles sum
            // to 0, and rows 4998, 4999 (mod 7 = 0, 1) add −3 − 2 = −5.
            const [sums] = (await connection.runAndReadAll('select count(*)::integer, sum(half), sum(small)::integer, sum(id)::varchar from t')).getRows();
            expect(sums).toEqual([5000, 6_248_750, -5, String((4999n * 5000n / 2n) * 1_000_000_007n)]);
            const picked = (await connection.runAndReadAll('select id::varchar, half, small from t where id in (0, 2047000014329, 2048000014336, 4999000034993) order by id')).getRows();
            // Rows 0, 2047 (last of the first chunk), 2048 (first of the second) and 4999 (last): ids row × 1,000,000,007.
            expect(picked).toEqual([['0', 0, -3], ['2047000014329', 1023.5, 0], ['2048000014336', 1024, 1], ['4999000034993', 2499.5, -2]]);

            const result = await connection.stream('select half from t');
            const chunk = (await result.fetchChunk())!;
            expect(Array.from(vectorItems(chunk.getColumnVector(0), Float64Array, chunk.rowCount, 'half').subarray(0, 3))).toEqual([0, 0.5, 1]);
            expect(() => vectorItems(chunk.getColumnVector(0), Int32Array, chunk.rowCount, 'half')).toThrow(/half did not come back as a vector of \d+ values in a Int32Array/);
        } finally {
            connection.closeSync();
            instance.closeSync();
        }
    });
});
