// The audit routes on a generated warehouse with the audit model run: the ranked list with its filters, sorts and
// cursor pages, the audit plan, and the trader and declaration files. Expected figures are counted straight from
// the warehouse file with SQL of the test's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from '../support/api-app.js';
import { query } from '../support/warehouse-queries.js';

let api: TestApi;
const count = async (sql: string) => Number((await query<{ n: string }>(api.warehouse, sql))[0]!.n);

interface Target {
    declaration_id: string;
    trader_id: string;
    lane: string;
    main_hs6: string | null;
    period_month: string;
    score: number;
    score_rank: number;
    expected_revenue_twd: number;
    is_selected: boolean;
    is_exploration: boolean;
    reasons: string[];
}

beforeAll(async () => {
    api = await buildTestApi({ declarations: 2500, seed: 16 });
});

afterAll(async () => {
    await api.app.close();
});

async function allPages(path: string, limit: number): Promise<{ items: Target[]; pages: number }> {
    const items: Target[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
        const response = await api.get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, 'auditor');
        expect(response.statusCode).toBe(200);
        const body = response.json() as { items: Target[]; next_cursor: string | null };
        items.push(...body.items);
        cursor = body.next_cursor;
        pages += 1;
    } while (cursor !== null);
    return { items, pages };
}

describe('GET /audit/targets', () => {
    it('lists every scored declaration once, first to audit first, over cursor pages', async () => {
        const scored = await count('select count(*) as n from fct_audit_targets');
        expect(scored).toBeGreaterThan(100);
        const { items, pages } = await allPages('/audit/targets', 97);
        expect(items).toHaveLength(scored);
        expect(pages).toBe(Math.ceil(scored / 97));
        expect(items.map((item) => item.score_rank)).toEqual(Array.from({ length: scored }, (_, index) => index + 1));
        expect(new Set(items.map((item) => item.declaration_id)).size).toBe(scored);
        for (const item of items) {
            expect(item.reasons.every((reason) => typeof reason === 'string' && reason.length > 0)).toBe(true);
        }
    });

    it('sorts by expected revenue, largest first, and pages without gaps or repeats', async () => {
        const { items } = await allPages('/audit/targets?sort=expected_revenue', 113);
        const firstPage = (await api.get('/audit/targets?sort=expected_revenue&limit=1000', 'auditor')).json().items as Target[];
        expect(items.map((item) => item.declaration_id)).toEqual(firstPage.map((item) => item.declaration_id));
        for (let index = 1; index < items.length; index += 1) {
            expect(items[index]!.expected_revenue_twd).toBeLessThanOrEqual(items[index - 1]!.expected_revenue_twd);
        }
    });

    it('filters by lane, audit list, exploration, HS prefix, period, trader and minimum score', async () => {
        const c1 = (await allPages('/audit/targets?lane=C1', 1000)).items;
        expect(c1.length).toBe(await count("select count(*) as n from fct_audit_targets where lane = 'C1'"));
        expect(c1.every((item) => item.lane === 'C1')).toBe(true);

        const selected = (await allPages('/audit/targets?selected=true', 1000)).items;
        expect(selected.length).toBe(await count('select count(*) as n from fct_audit_targets where is_selected'));
        expect(selected.every((item) => item.is_selected)).toBe(true);

        const exploration = (await allPages('/audit/targets?exploration=only', 1000)).items;
        expect(exploration.length).toBe(await count('select count(*) as n from fct_audit_targets where is_exploration'));
        expect(exploration.length).toBeGreaterThan(0);
        const noExploration = (await allPages('/audit/targets?exploration=exclude', 1000)).items;
        expect(noExploration.length + exploration.length).toBe(await count('select count(*) as n from fct_audit_targets'));

        const [{ hs2 } = { hs2: '' }] = await query<{ hs2: string }>(api.warehouse, 'select substr(main_hs6, 1, 2) as hs2 from fct_audit_targets where main_hs6 is not null group by 1 order by count(*) desc, 1 limit 1');
        const chapter = (await allPages(`/audit/targets?hs=${hs2}`, 1000)).items;
        expect(chapter.length).toBe(await count(`select count(*) as n from fct_audit_targets where main_hs6 like '${hs2}%'`));
        expect(chapter.every((item) => item.main_hs6!.startsWith(hs2))).toBe(true);

        const [{ month } = { month: '' }] = await query<{ month: string }>(api.warehouse, "select strftime(max(period_month), '%Y-%m') as month from fct_audit_targets");
        const lastMonth = (await allPages(`/audit/targets?period=${month}`, 1000)).items;
        expect(lastMonth.length).toBe(await count(`select count(*) as n from fct_audit_targets where period_month = '${month}-01'`));

        const trader = c1[0]!.trader_id;
        const ofTrader = (await allPages(`/audit/targets?trader=${trader}`, 1000)).items;
        expect(ofTrader.length).toBe(await count(`select count(*) as n from fct_audit_targets where trader_id = '${trader}'`));

        const median = selected[Math.floor(selected.length / 2)]!.score;
        const above = (await allPages(`/audit/targets?min_score=${median.toFixed(10)}`, 1000)).items;
        expect(above.every((item) => item.score >= Number(median.toFixed(10)))).toBe(true);
        expect(above.length).toBe(await count(`select count(*) as n from fct_audit_targets where score >= ${median.toFixed(10)}`));
    });

    it('answers an empty page for filters nothing matches', async () => {
        const response = await api.get('/audit/targets?office=NOPE01', 'auditor');
        expect(response.json()).toEqual({ items: [], next_cursor: null });
    });

    it('answers 400 naming the parameter for malformed values', async () => {
        for (const [path, parameter] of [['lane=C4', 'lane'], ['period=2024-13', 'period'], ['hs=8a', 'hs'], ['min_score=high', 'min_score'], ['sort=price', 'sort'], ['limit=0', 'limit'], ['selected=yes', 'selected']]) {
            const response = await api.get(`/audit/targets?${path}`, 'auditor');
            expect(response.statusCode).toBe(400);
            expect(response.json().issues[0].parameter).toBe(`querystring.${parameter}`);
        }
    });
});

describe('GET /audit/plan', () => {
    it('lists the latest quarter planned in plan order, and a named quarter', async () => {
        const latest = await api.get('/audit/plan?limit=1000', 'auditor');
        const items = latest.json().items as { period_start_date: string; plan_rank: number; trader_id: string }[];
        const [{ quarter } = { quarter: '' }] = await query<{ quarter: string }>(api.warehouse, 'select max(period_start_date)::varchar as quarter from fct_audit_plan');
        expect(items.length).toBe(await count(`select count(*) as n from fct_audit_plan where period_start_date = '${quarter}'`));
        expect(items.every((item) => item.period_start_date === quarter)).toBe(true);
        expect(items.map((item) => item.plan_rank)).toEqual(Array.from({ length: items.length }, (_, index) => index + 1));
        // The generated world runs 2024-01 to 2024-12: the scored months are the last quarter.
        expect(quarter).toBe('2024-10-01');
        expect((await api.get('/audit/plan?quarter=2024-Q4&limit=1000', 'auditor')).json().items).toEqual(items);
        expect((await api.get('/audit/plan?quarter=2023-Q1', 'auditor')).json()).toEqual({ items: [], next_cursor: null });
        const second = await api.get(`/audit/plan?limit=3&cursor=${(await api.get('/audit/plan?limit=3', 'auditor')).json().next_cursor}`, 'auditor');
        expect(second.json().items.map((item: { plan_rank: number }) => item.plan_rank)).toEqual([4, 5, 6]);
    });
});

describe('GET /audit/traders/:id and /audit/declarations/:id', () => {
    it("gives a trader's file whose figures agree with the warehouse", async () => {
        const [{ trader_id: traderId } = { trader_id: '' }] = await query<{ trader_id: string }>(api.warehouse,
            'select trader_id from post_clearance_audits group by trader_id order by count(*) desc, trader_id limit 1');
        const file = (await api.get(`/audit/traders/${traderId}?purpose=audit%20routes%20test`, 'auditor')).json();
        expect(file.trader.trader_id).toBe(traderId);
        const declarations = await count(`select count(*) as n from declarations where trader_id = '${traderId}' or declarant_id = '${traderId}'`);
        expect(file.monthly_history.reduce((sum: number, month: { count_declarations: number }) => sum + month.count_declarations, 0)).toBe(declarations);
        expect(file.indicators.count_declarations).toBe(declarations);
        expect(file.previous_audits.length).toBe(await count(`select count(*) as n from post_clearance_audits where trader_id = '${traderId}'`));
        expect(file.risk.count_scored_declarations).toBe(await count(`select count(*) as n from fct_audit_targets where trader_id = '${traderId}'`));
    });

    it('gives a declaration with all its item lines and events, and 404 for an unknown id', async () => {
        const [{ declaration_id: id, item_count: items } = { declaration_id: '', item_count: 0 }] = await query<{ declaration_id: string; item_count: number }>(api.warehouse,
            'select declaration_id, item_count from declarations where item_count > 1 order by declaration_id limit 1');
        const file = (await api.get(`/audit/declarations/${id}?purpose=audit%20routes%20test`, 'auditor')).json();
        expect(file.declaration.declaration_id).toBe(id);
        expect(file.items.map((item: { line_number: number }) => item.line_number)).toEqual(Array.from({ length: items }, (_, index) => index + 1));
        expect(file.clearance_events.length).toBe(await count(`select count(*) as n from clearance_events where declaration_id = '${id}'`));
        const missing = await api.get('/audit/declarations/IM00000000000?purpose=audit%20routes%20test', 'auditor');
        expect(missing.statusCode).toBe(404);
        expect(missing.json().code).toBe('not_found');
    });
});
