// The statistics routes on a generated world of two years with the trade statistics of its last month published:
// cells of the latest release with suppressed cells withheld (never a value), bulk extracts in Arrow, filters and
// pages; price and volume indices. Expected counts come straight from the warehouse file. Seed 22 is a world with
// lines of the example confidential code in data/config (jet fuel, 27101920000), so that some cells are withheld.
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../support/api-app.js';
import { query } from '../support/warehouse-queries.js';

let api: TestApi;
const count = async (sql: string) => Number((await query<{ n: string }>(api.warehouse, sql))[0]!.n);
const LATEST = 'release_id = (select max(release_id) from stat_releases)';

interface Cell {
    release_id: number;
    month_date: string;
    flow_code: string;
    commodity_level: string;
    commodity_code: string;
    partner_code: string;
    is_suppressed: boolean;
    value_twd: number | null;
    value_usd: number | null;
    fob_value_twd: number | null;
    net_mass_kg: number | null;
    quantity: number | null;
    count_estimated_lines: number | null;
    conf_status: string;
}

beforeAll(async () => {
    api = await buildTestApi({ declarations: 3000, seed: 22, months: 24 });
});

afterAll(async () => {
    await api.app.close();
});

describe('GET /stats/trade', () => {
    it('gives every cell of the latest release in one Arrow extract, suppressed cells withheld', async () => {
        const cells = await count(`select count(*) as n from stat_release_cells where ${LATEST}`);
        const suppressed = await count(`select count(*) as n from stat_release_cells where ${LATEST} and conf_status in ('C', 'D')`);
        expect(cells).toBeGreaterThan(1000);
        expect(suppressed).toBeGreaterThan(0);
        const response = await api.get('/stats/trade?limit=100000', 'statistician', { accept: 'application/vnd.apache.arrow.stream' });
        expect(response.statusCode).toBe(200);
        const table = tableFromIPC(response.rawPayload);
        expect(table.numRows).toBe(cells);
        const rows = table.toArray().map((row) => row.toJSON() as unknown as Cell);
        const withheld = rows.filter((row) => row.is_suppressed);
        expect(withheld.length).toBe(suppressed);
        for (const row of withheld) {
            expect(['C', 'D']).toContain(row.conf_status);
            expect([row.value_twd, row.value_usd, row.fob_value_twd, row.net_mass_kg, row.quantity, row.count_estimated_lines]).toEqual([null, null, null, null, null, null]);
        }
        expect(rows.filter((row) => !row.is_suppressed).every((row) => row.conf_status === 'F' && row.value_twd !== null)).toBe(true);
    });

    it('pages JSON by cursor through the same cells, and filters by flow, level, commodity and partner', async () => {
        const filtered = '/stats/trade?flow=M&level=HS4&commodity=8';
        const items: Cell[] = [];
        let cursor: string | null = null;
        do {
            const response = await api.get(`${filtered}&limit=250${cursor ? `&cursor=${cursor}` : ''}`, 'manager');
            const body = response.json() as { items: Cell[]; next_cursor: string | null };
            items.push(...body.items);
            cursor = body.next_cursor;
        } while (cursor !== null);
        expect(items.length).toBe(await count(`select count(*) as n from stat_release_cells where ${LATEST} and flow_code = 'M' and commodity_level = 'HS4' and commodity_code like '8%'`));
        expect(items.every((item) => item.flow_code === 'M' && item.commodity_level === 'HS4' && item.commodity_code.startsWith('8'))).toBe(true);
        expect(new Set(items.map((item) => `${item.month_date} ${item.commodity_code} ${item.partner_code}`)).size).toBe(items.length);

        const world = (await api.get('/stats/trade?partner=W00&level=TOTAL&flow=X&limit=1000', 'auditor')).json().items as Cell[];
        expect(world.length).toBe(await count(`select count(*) as n from stat_release_cells where ${LATEST} and partner_code = 'W00' and commodity_level = 'TOTAL' and flow_code = 'X'`));
    });

    it('writes suppressed cells as empty fields in CSV', async () => {
        const response = await api.get('/stats/trade?limit=100000', 'statistician', { accept: 'text/csv' });
        const lines = response.body.trimEnd().split('\r\n');
        const header = lines[0]!.split(',');
        const suppressedColumn = header.indexOf('is_suppressed');
        const valueColumn = header.indexOf('value_twd');
        const suppressed = lines.slice(1).map((line) => line.split(',')).filter((fields) => fields[suppressedColumn] === 'true');
        expect(suppressed.length).toBeGreaterThan(0);
        expect(suppressed.every((fields) => fields[valueColumn] === '')).toBe(true);
    });

    it('names a release, and refuses JSON pages over 1,000 rows', async () => {
        const first = (await api.get('/stats/trade?release=1&limit=1', 'statistician')).json().items[0] as Cell;
        expect(first.release_id).toBe(1);
        expect((await api.get('/stats/trade?release=999&limit=1', 'statistician')).json()).toEqual({ items: [], next_cursor: null });
        const tooBig = await api.get('/stats/trade?limit=5000', 'statistician');
        expect(tooBig.statusCode).toBe(400);
    });
});

describe('GET /stats/indices', () => {
    it('gives the chain-linked indices with Fisher the geometric mean of Laspeyres and Paasche, and the terms of trade', async () => {
        const response = await api.get('/stats/indices?scope=TOTAL', 'statistician');
        expect(response.statusCode).toBe(200);
        const { indices, terms_of_trade: terms } = response.json() as {
            indices: { flow_code: string; month_date: string; laspeyres_price_index: number; paasche_price_index: number; fisher_price_index: number }[];
            terms_of_trade: { month_date: string; fisher_terms_of_trade: number; export_fisher_price_index: number; import_fisher_price_index: number }[];
        };
        expect(indices.length).toBe(await count("select count(*) as n from fct_trade_price_indices where scope = 'TOTAL'"));
        expect(indices.length).toBeGreaterThan(0);
        for (const row of indices) expect(row.fisher_price_index).toBeCloseTo(Math.sqrt(row.laspeyres_price_index * row.paasche_price_index), 8);
        expect(terms.length).toBeGreaterThan(0);
        // Terms of trade = export price index / import price index × 100.
        for (const row of terms) expect(row.fisher_terms_of_trade).toBeCloseTo(100 * row.export_fisher_price_index / row.import_fisher_price_index, 8);
        const exports = (await api.get('/stats/indices?scope=TOTAL&flow=X', 'manager')).json().indices as { flow_code: string }[];
        expect(exports.length).toBeGreaterThan(0);
        expect(exports.every((row) => row.flow_code === 'X')).toBe(true);
    });
});
