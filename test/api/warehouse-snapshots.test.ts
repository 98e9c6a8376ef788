// The snapshots of a served warehouse file: a read holds its snapshot open across a swap, the old one is closed when
// its last read ends, slow queries are stopped, and the file is opened read-only.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/api-error.js';
import { WarehouseSnapshots, type Snapshot } from '../../src/api/warehouse-snapshots.js';
import { publishSnapshot } from '../../src/db/publish-snapshot.js';
import { buildGeneratedWarehouse, type GeneratedWarehouse } from '../support/generated-warehouse.js';

let first: GeneratedWarehouse;
let second: GeneratedWarehouse;
let served: string;
let snapshots: WarehouseSnapshots;

const countDeclarations = async (snapshot: Snapshot) => (await snapshot.query('select count(*) as n from declarations')).rows[0]!.n;

beforeAll(async () => {
    first = await buildGeneratedWarehouse({ declarations: 600, seed: 41, months: 3, audit: false, stats: false });
    second = await buildGeneratedWarehouse({ declarations: 900, seed: 42, months: 3, audit: false, stats: false });
    served = join(first.directory, 'served.duckdb');
    await publishSnapshot({ warehouse: first.warehouse, to: served });
    // Polling left to the test: it calls checkForNewSnapshot itself.
    snapshots = await WarehouseSnapshots.open(served, { pollMs: 3_600_000, queryTimeoutMs: 300 });
});

afterAll(async () => {
    await snapshots.close();
});

describe('warehouse snapshots', () => {
    it('lets a read that started on the old snapshot finish on it, and closes the old one after it', async () => {
        const firstCount = await snapshots.read(countDeclarations);
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
            release = resolve;
        });
        let oldSnapshot!: Snapshot;
        const longRead = snapshots.read(async (snapshot) => {
            oldSnapshot = snapshot;
            await held;
            return countDeclarations(snapshot);
        });
        await publishSnapshot({ warehouse: second.warehouse, to: served });
        await snapshots.checkForNewSnapshot();
        const secondCount = await snapshots.read(countDeclarations);
        expect(secondCount).not.toBe(firstCount);
        expect(oldSnapshot.isClosed).toBe(false);
        release();
        expect(await longRead).toBe(firstCount);
        expect(oldSnapshot.isClosed).toBe(true);
    });

    it('does nothing when the file has not changed', async () => {
        const id = snapshots.info.id;
        await snapshots.checkForNewSnapshot();
        expect(snapshots.info.id).toBe(id);
    });

    it('stops a query that runs longer than the limit with a 503 query_timeout', async () => {
        const error = await snapshots.read((snapshot) => snapshot.query('select count(*) from range(100000000000) as a(x) where x % 7 = 3')).catch((caught) => caught);
        expect(error).toBeInstanceOf(ApiError);
        expect(error).toMatchObject({ statusCode: 503, code: 'query_timeout' });
        // The connection is usable afterwards.
        expect(await snapshots.read((snapshot) => snapshot.query('select 1 as one'))).toEqual({ columns: [{ name: 'one', kind: 'integer' }], rows: [{ one: 1 }] });
    });

    it('opens the file read-only', async () => {
        const error = await snapshots.read((snapshot) => snapshot.query("create table intruder as select 1 as x")).catch((caught) => caught);
        expect(String(error)).toMatch(/read-only/i);
    });

    it('binds values as parameters: a quote in a value is data, not SQL', async () => {
        const result = await snapshots.read((snapshot) => snapshot.query('select count(*) as n from traders where trader_id = ?', ["x' or '1'='1"]));
        expect(result.rows).toEqual([{ n: 0 }]);
    });
});
