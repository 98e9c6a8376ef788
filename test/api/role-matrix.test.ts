// Every role × every route: 401 without a valid token, 403 for a role the route is not for, 200 otherwise.
// The expected table is written out here by hand from the issue: auditors read audit routes and every aggregate;
// statisticians statistics and transparency (never trader identities); managers aggregates; admins load history,
// the access log and tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../support/api-app.js';

let api: TestApi;
let traderId: string;
let declarationId: string;

beforeAll(async () => {
    api = await buildTestApi({ declarations: 2500, seed: 11 });
    const targets = await api.get('/audit/targets?limit=1', 'auditor');
    const first = targets.json().items[0];
    traderId = first.trader_id;
    declarationId = first.declaration_id;
});

afterAll(async () => {
    await api.app.close();
});

const A = 'auditor', S = 'statistician', M = 'manager', D = 'admin';
const ROUTES: [route: string, allowed: string[]][] = [
    ['/audit/targets', [A]],
    ['/audit/plan', [A]],
    ['/audit/traders/:id', [A]],
    ['/audit/declarations/:id', [A]],
    ['/stats/trade', [A, S, M]],
    ['/stats/indices', [A, S, M]],
    ['/transparency/release-times', [A, S, M]],
    ['/transparency/lanes', [A, S, M]],
    ['/revenue', [A, M]],
    ['/pipelines/batches', [D]],
    ['/admin/access-log', [D]],
    ['/admin/tokens', [D]],
];

/** The route with a real id and the purpose the file routes need. */
function url(route: string): string {
    if (route === '/audit/traders/:id') return `/audit/traders/${traderId}?purpose=role%20matrix%20test`;
    if (route === '/audit/declarations/:id') return `/audit/declarations/${declarationId}?purpose=role%20matrix%20test`;
    return route;
}

describe('the role matrix', () => {
    it('answers /health without a token', async () => {
        const response = await api.get('/health');
        expect(response.statusCode).toBe(200);
        expect(response.json().status).toBe('ok');
    });

    for (const [route, allowed] of ROUTES) {
        it(`${route}: 401 without a token, 401 with a wrong one, 200 for ${allowed.join(', ')}, 403 for the others`, async () => {
            const anonymous = await api.get(url(route));
            expect(anonymous.statusCode).toBe(401);
            expect(anonymous.json().code).toBe('unauthenticated');
            const forged = await api.get(url(route), undefined, { authorization: `Bearer ${api.tokens.admin.slice(0, -2)}xx` });
            expect(forged.statusCode).toBe(401);
            const statuses: Record<string, number> = {};
            for (const role of [A, S, M, D] as const) statuses[role] = (await api.get(url(route), role)).statusCode;
            expect(statuses).toEqual(Object.fromEntries([A, S, M, D].map((role) => [role, allowed.includes(role) ? 200 : 403])));
        });
    }

    it('a 403 names the role the token has and the roles the route is for', async () => {
        const response = await api.get('/audit/targets', 'statistician');
        expect(response.json()).toEqual({
            code: 'forbidden',
            message: 'The token "demo-statistician" has the role statistician; this route is for the role auditor.',
        });
    });
});
