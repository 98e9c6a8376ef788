// The access log: each auditor read of a trader's or a declaration's file is appended with time, token name, route,
// ids, purpose and status; no purpose, no read; admins list it; nothing in the API can change it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../support/api-app.js';
import { query } from '../support/warehouse-queries.js';

let api: TestApi;
let traderId: string;
let declaration: { declaration_id: string; trader_id: string };

const logLines = () => {
    try {
        return readFileSync(api.accessLogFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
    } catch {
        return [];
    }
};

beforeAll(async () => {
    api = await buildTestApi({ declarations: 2500, seed: 12 });
    declaration = (await query<{ declaration_id: string; trader_id: string }>(api.warehouse,
        'select declaration_id, trader_id from declarations order by declaration_id limit 1'))[0]!;
    traderId = declaration.trader_id;
});

afterAll(async () => {
    await api.app.close();
});

describe('the access log', () => {
    it('refuses a trader or declaration read without a purpose (400) and logs nothing', async () => {
        for (const path of [`/audit/traders/${traderId}`, `/audit/declarations/${declaration.declaration_id}`, `/audit/traders/${traderId}?purpose=`, `/audit/traders/${traderId}?purpose=abc`]) {
            const response = await api.get(path, 'auditor');
            expect(response.statusCode).toBe(400);
            expect(response.json().code).toBe('invalid_parameter');
            expect(response.json().message).toContain('purpose');
        }
        expect(logLines()).toEqual([]);
    });

    it('appends a line per read: time, token name, route, ids, purpose, status', async () => {
        const before = Date.now();
        const trader = await api.get(`/audit/traders/${traderId}?purpose=${encodeURIComponent('2025-Q1 plan, case 7')}`, 'auditor');
        expect(trader.statusCode).toBe(200);
        expect(trader.json().trader.trader_id).toBe(traderId);
        const read = await api.get(`/audit/declarations/${declaration.declaration_id}?purpose=${encodeURIComponent('check lines of case 7')}`, 'auditor');
        expect(read.statusCode).toBe(200);
        expect(read.json().declaration.declaration_id).toBe(declaration.declaration_id);
        const missing = await api.get('/audit/traders/T99999999?purpose=typo%20check', 'auditor');
        expect(missing.statusCode).toBe(404);

        const lines = logLines();
        expect(lines.map(({ at: _at, snapshot_id: _snapshot, ...line }) => line)).toEqual([
            { token_name: 'demo-auditor', role: 'auditor', method: 'GET', route: '/api/v1/audit/traders/:id', trader_id: traderId, declaration_id: null, purpose: '2025-Q1 plan, case 7', status: 200 },
            { token_name: 'demo-auditor', role: 'auditor', method: 'GET', route: '/api/v1/audit/declarations/:id', trader_id: declaration.trader_id, declaration_id: declaration.declaration_id, purpose: 'check lines of case 7', status: 200 },
            { token_name: 'demo-auditor', role: 'auditor', method: 'GET', route: '/api/v1/audit/traders/:id', trader_id: 'T99999999', declaration_id: null, purpose: 'typo check', status: 404 },
        ]);
        for (const line of lines) {
            expect(Date.parse(line.at)).toBeGreaterThanOrEqual(before - 1000);
            expect(line.snapshot_id).toBe(api.app.snapshots.info.id);
        }
    });

    it('does not log a read refused for the role', async () => {
        const count = logLines().length;
        expect((await api.get(`/audit/traders/${traderId}?purpose=curious%20manager`, 'manager')).statusCode).toBe(403);
        expect(logLines().length).toBe(count);
    });

    it('is listed for admins, newest first, and filtered by trader', async () => {
        const all = await api.get('/admin/access-log', 'admin');
        expect(all.statusCode).toBe(200);
        expect(all.json().items.map((item: { purpose: string }) => item.purpose)).toEqual(['typo check', 'check lines of case 7', '2025-Q1 plan, case 7']);
        const forTrader = await api.get(`/admin/access-log?trader_id=${traderId}`, 'admin');
        expect(forTrader.json().items).toHaveLength(traderId === declaration.trader_id ? 2 : 1);
        expect((await api.get('/admin/access-log', 'auditor')).statusCode).toBe(403);
    });

    it('cannot be changed through the API', async () => {
        const before = readFileSync(api.accessLogFile);
        for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
            const response = await api.inject({
                method, url: '/api/v1/admin/access-log', headers: { authorization: `Bearer ${api.tokens.admin}`, 'content-type': 'application/json' },
                payload: JSON.stringify({ items: [] }),
            });
            expect(response.statusCode).toBe(404);
        }
        expect(readFileSync(api.accessLogFile).equals(before)).toBe(true);
    });
});
