// A seeded fuzz of malformed requests: random routes, ids, parameters and values, bad encodings, unknown methods
// and headers. Whatever is sent, the answer is JSON with a code and a message, and never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/generate/random.js';
import { buildTestApi, type TestApi } from '../support/api-app.js';

let api: TestApi;

beforeAll(async () => {
    api = await buildTestApi({ declarations: 2500, seed: 13 }, { rateLimitPerMinute: 1_000_000 });
});

afterAll(async () => {
    await api.app.close();
});

const PATHS = [
    '/audit/targets', '/audit/plan', '/audit/traders/T00000001', '/audit/declarations/X', '/stats/trade', '/stats/indices',
    '/transparency/release-times', '/transparency/lanes', '/revenue', '/pipelines/batches', '/admin/access-log', '/admin/tokens', '/health',
];
const PARAMETERS = ['period', 'office', 'hs', 'trader', 'lane', 'min_score', 'exploration', 'sort', 'limit', 'cursor', 'from', 'to',
    'breakdown', 'trader_group', 'quarter', 'aeo', 'purpose', 'token_name', 'trader_id', 'declaration_id', 'x', '__proto__', 'constructor'];
const NASTY_VALUES = ['', ' ', '-1', '0', '1e309', 'NaN', 'Infinity', '99999999999999999999', '2024-13', '2024-00', '2024-1', '2025-Q5',
    "'; drop table declarations; --", '" or 1=1 --', '%00', '%zz', '%', '\u0000', '😀', '中文', 'a'.repeat(5000), '[]', '{}', 'null', 'true',
    'eyJ4IjoxfQ', 'WyJyYW5rIiwiYSJd', 'WyJyYW5rIiwxZTk5OV0', '../../etc/passwd', '%2e%2e%2f', 'C4', 'c1', 'rank ', 'only,include'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;
const ACCEPTS = [undefined, 'text/csv', 'application/vnd.apache.arrow.stream', '*/*;q=0', 'text/html', 'garbage;;q=x', 'application/json;q=0.1, text/csv;q=abc'];

function malformedRequest(random: Random): { method: (typeof METHODS)[number]; url: string; headers: Record<string, string> } {
    const pick = <T>(values: readonly T[]) => values[random.int(values.length)]!;
    let path = pick(PATHS);
    if (random.chance(0.2)) path = path.replace(/\/[^/]*$/, `/${encodeURIComponent(pick(NASTY_VALUES)).slice(0, 300)}`);
    if (random.chance(0.05)) path = `${path}/${pick(['%', '%zz', '..', '%c0%af'])}`;
    const parameters: string[] = [];
    for (let index = random.int(4); index >= 0; index -= 1) {
        const name = pick(PARAMETERS);
        const value = pick(NASTY_VALUES);
        // Half raw (possibly invalid percent-encoding), half properly encoded.
        parameters.push(random.chance(0.5) ? `${name}=${value.replaceAll('&', '').replaceAll('#', '')}` : `${name}=${encodeURIComponent(value)}`);
    }
    const url = `/api/v1${path}?${parameters.join('&')}`.replaceAll(' ', '%20');
    const headers: Record<string, string> = {};
    const role = pick(['auditor', 'statistician', 'manager', 'admin', 'auditor', 'none', 'garbage'] as const);
    if (role === 'garbage') headers.authorization = pick(['Bearer', 'Bearer ', 'Basic abc', `Bearer ${'x'.repeat(300)}`, 'bearer cus_x']);
    else if (role !== 'none') headers.authorization = `Bearer ${api.tokens[role]}`;
    const accept = pick(ACCEPTS);
    if (accept !== undefined) headers.accept = accept;
    return { method: pick(METHODS), url, headers };
}

describe('malformed requests', () => {
    it('1,200 seeded random malformed requests: no 5xx, every error JSON with a code and a message', async () => {
        const random = new Random(20261127, 'api-fuzz');
        const statuses = new Map<number, number>();
        for (let index = 0; index < 1200; index += 1) {
            const request = malformedRequest(random);
            const response = await api.inject(request);
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            if (response.statusCode >= 500) throw new Error(`${request.method} ${request.url} → ${response.statusCode} ${response.body}`);
            if (response.statusCode >= 400 && request.method !== 'HEAD') {
                const body = response.json();
                expect(typeof body.code, `${request.method} ${request.url}`).toBe('string');
                expect(body.message.length, `${request.method} ${request.url}`).toBeGreaterThan(10);
            }
        }
        // The fuzz reached past authentication and validation, not only 401s and 404s.
        expect(statuses.get(400)).toBeGreaterThan(100);
        expect(statuses.get(401)).toBeGreaterThan(50);
        expect(statuses.get(403)).toBeGreaterThan(50);
        expect(statuses.get(404)).toBeGreaterThan(50);
        expect(statuses.get(200)).toBeGreaterThan(10);
    });

    it('rejects forged and tampered cursors with 400 invalid_cursor', async () => {
        const forged = ['["rank","x"]', '["rank",1.5]', '["rank",1e12]', '["expected_revenue",1]', '["expected_revenue",1,2]', '["rank"]', '{"rank":1}', 'not json']
            .map((text) => Buffer.from(text).toString('base64url'));
        for (const cursor of forged) {
            const response = await api.get(`/audit/targets?cursor=${cursor}`, 'auditor');
            expect(response.statusCode).toBe(400);
            expect(response.json().code).toBe('invalid_cursor');
        }
    });

    it('caps the page size: 1,000 rows in JSON, 100,000 in Arrow or CSV', async () => {
        const json = await api.get('/audit/targets?limit=1001', 'auditor');
        expect(json.statusCode).toBe(400);
        expect(json.json().message).toMatch(/^A JSON page holds at most 1000 rows/);
        const bulk = await api.get('/audit/targets?limit=100001', 'auditor', { accept: 'text/csv' });
        expect(bulk.statusCode).toBe(400);
        expect(bulk.json().issues).toEqual([{ parameter: 'querystring.limit', message: 'Too big: expected number to be <=100000' }]);
        const lanes = await api.get('/pipelines/batches?limit=1001', 'admin');
        expect(lanes.json().issues).toEqual([{ parameter: 'querystring.limit', message: 'Too big: expected number to be <=1000' }]);
    });
});
