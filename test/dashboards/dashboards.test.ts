// The dashboards built from a small generated warehouse, served on localhost and looked at in Debian's Chromium
// (playwright-core): every page draws its charts with titles and source notes, logs no error, asks nothing of any
// other host, switches to Traditional Chinese, and the built files name no trader, declarant or declaration.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboards, DASHBOARDS_DIR } from '../../pipelines/build-dashboards.js';
import { publishStats } from '../../pipelines/publish-stats.js';
import { createDemoTokens, startServer, type RunningServer } from '../../pipelines/serve.js';
import { PROJECT_ROOT, openWarehouse, queryRows } from '../../src/db/warehouse.js';
import { ingest } from '../../src/ingest/load-batch.js';
import type { Role } from '../../src/api/tokens.js';
import { buildGeneratedWarehouse } from '../support/generated-warehouse.js';
import { query } from '../support/warehouse-queries.js';

const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts', 'dashboards');
const CHROMIUM = { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] };

let siteDir: string;
let warehouse: string;
let api: RunningServer;
let site: { origin: string };
let browser: Browser;
let tokens: Record<Role, string>;
let ids: { id: string }[];
let names: { name: string }[];
let withheldPartner: string;

beforeAll(async () => {
    // 3,000 declarations over 24 months (a year earlier exists for every month of the second year; price indices
    // need the previous year), scored by the audit model, with 2025-12 published; then a second batch whose rows are
    // all refused, and two more trade statistics releases, so that months are republished (revisions).
    const generated = await buildGeneratedWarehouse({ declarations: 3000, seed: 5, months: 24 });
    warehouse = generated.warehouse;
    const refused = join(generated.directory, 'refused', 'countries.csv');
    mkdirSync(join(generated.directory, 'refused'), { recursive: true });
    writeFileSync(refused, 'country_code,name_en,name_zh,region\nTW,Taiwan,臺灣,East Asia\nTOOLONG,Nowhere,無,Nowhere\n');
    await ingest({ warehouse, paths: [refused] });
    await publishStats({ warehouse, period: '2025-11', outDir: join(generated.directory, 'stats') });
    await publishStats({ warehouse, period: '2025-12', outDir: join(generated.directory, 'stats') });

    // A stale loader output left in the cache must not reach the site.
    const cachedData = join(DASHBOARDS_DIR, 'src', '.observablehq', 'cache', 'data');
    mkdirSync(cachedData, { recursive: true });
    writeFileSync(join(cachedData, 'overview.json'), JSON.stringify({ headline: [{ month: 'STALE-CACHE', measure: 'declarations', value: 1, is_latest: true }], lanes: [] }));

    // The largest import partner of the release gets one month withheld (as secondary suppression would): the top
    // list must then leave it out, since its 12-month sum less the published months would give that month away.
    const opened = await openWarehouse(warehouse);
    try {
        await opened.connection.run(`
            update stat_release_cells set conf_status = 'D'
            where release_id = (select max(release_id) from stat_releases) and flow_code = 'M' and commodity_level = 'TOTAL'
                and month_date = (select max(month_date) from stat_release_cells)
                and partner_code = (
                    select partner_code from stat_release_cells
                    where release_id = (select max(release_id) from stat_releases) and flow_code = 'M' and commodity_level = 'TOTAL' and partner_code <> 'W00'
                    group by partner_code order by sum(value_twd) desc limit 1)`);
        withheldPartner = (await queryRows<{ partner_code: string }>(opened.connection,
            "select partner_code from stat_release_cells where conf_status = 'D' and flow_code = 'M' and commodity_level = 'TOTAL'"))[0]!.partner_code;
    } finally {
        opened.close();
    }

    siteDir = join(generated.directory, 'site');
    await buildDashboards({ warehouse, outDir: siteDir });
    ids = await query<{ id: string }>(warehouse, `
        select trader_id as id from traders
        union select declaration_id from declarations
        union select declarant_id from declarations
        union select foreign_party_id from declarations where foreign_party_id is not null`);
    names = await query<{ name: string }>(warehouse, 'select trader_name as name from traders where trader_name is not null');

    const tokensFile = join(generated.directory, 'api', 'tokens.json');
    tokens = createDemoTokens(tokensFile);
    // customs serve: the site at / and the API under /api/v1 on one origin, with the pages' content security policy.
    api = await startServer({ warehouse, tokensFile, port: 0, site: siteDir });
    site = { origin: new URL(api.siteUrl).origin };
    browser = await chromium.launch(CHROMIUM);
    mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
    await browser?.close();
    await api?.close();
});

interface Visit {
    page: Page;
    consoleErrors: string[];
    foreignRequests: string[];
}

/** Opens a page in a new browser context; with a language, that language is chosen before every page load. */
async function visit(path: string, language?: 'en' | 'zh'): Promise<Visit> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    if (language) await context.addInitScript((lang) => localStorage.setItem('customs-dashboards-language', lang), language);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const foreignRequests: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(`${message.text()} ${message.location().url}`); });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(`${site.origin}/`) && !/^(data|blob):/.test(url)) foreignRequests.push(url);
    });
    await page.goto(`${site.origin}${path}`, { waitUntil: 'networkidle' });
    // Vega-Lite charts are drawn after their spec is compiled: wait until each has its SVG.
    await page.waitForFunction(() => [...document.querySelectorAll('.vega-chart')].every((chart) => chart.querySelector("svg")));
    return { page, consoleErrors, foreignRequests };
}

interface ChartSeen {
    title: string;
    note: string;
    marks: number;
}

/** Every chart of the page: Plot figures (title h2, caption) and Vega-Lite charts (title in the SVG, source note as a caption). */
function chartsOf(page: Page): Promise<ChartSeen[]> {
    return page.evaluate(() => {
        const plots = [...document.querySelectorAll('figure')].filter((figure) => figure.querySelector('svg')).map((figure) => ({
            title: figure.querySelector('h2')?.textContent ?? '',
            note: figure.querySelector('figcaption')?.textContent ?? '',
            marks: figure.querySelectorAll(['line', 'dot', 'bar', 'rect', 'area', 'cell'].map((mark) => `svg g[aria-label="${mark}"] > *`).join(',')).length,
        }));
        const vegas = [...document.querySelectorAll('.vega-chart')].map((chart) => ({
            title: chart.querySelector('.role-title-text')?.textContent ?? '',
            note: chart.querySelector('.vega-caption')?.textContent ?? '',
            marks: chart.querySelectorAll('g.mark-rect path, g.mark-line path, g.mark-symbol path').length,
        }));
        return [...plots, ...vegas];
    });
}

/** Charts each page draws from the test warehouse. */
const PAGES = [
    { path: '/', name: 'overview', charts: 2 },
    { path: '/transparency', name: 'transparency', charts: 8 },
    { path: '/trade', name: 'trade', charts: 8 },
    { path: '/audit', name: 'audit', charts: 3 },
    { path: '/quality', name: 'quality', charts: 2 },
];

describe('the dashboards in a browser', () => {
    it('draw every chart of every page, with a title, a source note and marks, logging no error and asking no other host', async () => {
        for (const { path, name, charts } of PAGES) {
            for (const language of ['en', 'zh'] as const) {
                const { page, consoleErrors, foreignRequests } = await visit(path, language);
                await page.screenshot({ path: join(ARTIFACTS, `${name}-${language}.png`), fullPage: true });
                const seen = await chartsOf(page);
                expect(seen.length, `${path} (${language}) charts`).toBe(charts);
                for (const chart of seen) {
                    expect(chart.title.length, `${path}: a chart without a title`).toBeGreaterThan(5);
                    expect(chart.note, `${path}: chart "${chart.title}" without a source note`).toMatch(language === 'en' ? /^Source: / : /^資料來源: /);
                    expect(chart.marks, `${path}: chart "${chart.title}" has no marks`).toBeGreaterThan(0);
                }
                expect(consoleErrors, `${path} console errors`).toEqual([]);
                expect(foreignRequests, `${path} requests outside localhost`).toEqual([]);
                await page.context().close();
            }
        }
    });

    it('switch between English and Traditional Chinese with the toggle, remembered across pages', async () => {
        const { page } = await visit('/');
        const heading = (text: string) => page.waitForFunction((wanted) => document.querySelector('h1')?.textContent === wanted, text);
        await heading('Overview');
        await Promise.all([page.waitForEvent('load'), page.click('button.language-toggle')]);
        await heading('總覽');
        await page.goto(`${site.origin}/quality`, { waitUntil: 'networkidle' });
        await heading('資料品質：載入與拒收情形');
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hant-TW');
        await page.context().close();
    });

    it('show the headline figures of the latest month of this warehouse, not a stale cached loader output', async () => {
        const { page } = await visit('/');
        const text = await page.textContent('main');
        expect(text).not.toContain('STALE-CACHE');
        // The generated world runs 2024-01 to 2025-12: the latest month is compared with 2024-12.
        expect(text).toContain('Headline figures of 2025-12');
        expect(text).toContain('on 2024-12');
        await page.context().close();
    });

    it('ask for an auditor token on the audit page and fetch targets, reasons and plan only with one, from the API at view time', async () => {
        const { page, foreignRequests } = await visit('/audit');
        expect(await page.textContent('.audit-message')).toContain('Enter your auditor token');

        // A token of another role is refused by the API, and the page says so.
        await page.fill('input[name=token]', tokens.statistician);
        await page.click('form.audit-token button[type=submit]');
        await page.waitForSelector('.audit-message.api-error');
        expect(await page.textContent('.audit-message')).toContain('The API refused the token');

        // An auditor's token: the targets come from /api/v1/audit/targets, the plan from /api/v1/audit/plan.
        await page.fill('input[name=token]', tokens.auditor);
        const answer = page.waitForResponse((response) => response.url().includes('/api/v1/audit/targets'));
        await page.click('form.audit-token button[type=submit]');
        expect((await answer).request().headers().authorization).toBe(`Bearer ${tokens.auditor}`);
        await page.waitForSelector('.audit-results table tbody tr');
        // The first 20 targets, rank 1 first, each with its reasons; then the plan, first trader first.
        const targets = page.locator('.audit-results table').nth(0).locator('tbody tr');
        expect(await targets.count()).toBe(20);
        expect(await targets.nth(0).locator('td').nth(0).textContent()).toBe('1');
        expect(await targets.nth(0).locator('td').nth(2).textContent()).toMatch(/^T\d{8}$/);
        expect((await targets.nth(0).locator('td').nth(7).textContent())!.length).toBeGreaterThan(10);
        const plan = page.locator('.audit-results table').nth(1).locator('tbody tr');
        expect(await plan.count()).toBeGreaterThan(0);
        expect(await plan.nth(0).locator('td').nth(0).textContent()).toBe('1');
        // The token lives in sessionStorage only, and "Forget token" removes it.
        expect(await page.evaluate(() => [sessionStorage.length, localStorage.getItem('customs-auditor-token')])).toEqual([1, null]);
        await page.click('button.forget');
        expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
        expect(await page.textContent('.audit-message')).toContain('Enter your auditor token');
        expect(foreignRequests).toEqual([]);
        await page.context().close();
    });
});

describe('the built site', () => {
    it('names no trader, declarant, foreign party or declaration of the warehouse, nor a trader name', async () => {
        // Every id has the shape the scan below looks for, so the scan cannot miss one.
        const idShape = /[A-Z]{1,3}\d{7,11}/g;
        expect(ids.length).toBeGreaterThan(3000);
        for (const { id } of ids) expect(id).toMatch(new RegExp(`^${idShape.source}$`));

        const known = new Set(ids.map((row) => row.id));
        const files = listFiles(siteDir);
        expect(files.some((file) => file.endsWith('.json'))).toBe(true);
        const found: string[] = [];
        for (const file of files) {
            const text = readFileSync(file, 'utf8');
            for (const match of text.matchAll(idShape)) if (known.has(match[0])) found.push(`${match[0]} in ${file}`);
            for (const { name } of names) if (text.includes(name)) found.push(`${name} in ${file}`);
        }
        expect(found).toEqual([]);
    });

    it('lists in the trade top lists only partners and sections published in every month summed', async () => {
        const file = listFiles(siteDir).find((path) => /[/\\]trade\.[0-9a-f]+\.json$/.test(path));
        expect(file).toBeDefined();
        const trade = JSON.parse(readFileSync(file!, 'utf8')) as { topPartners: { flow_code: string; partner_code: string; value_twd: number }[] };
        const imports = trade.topPartners.filter((row) => row.flow_code === 'M');
        expect(imports).toHaveLength(10);
        expect(imports.map((row) => row.partner_code)).not.toContain(withheldPartner);
        // The value shown is the sum of the release's published months for that partner, worked out here apart.
        const [second] = await query<{ value_twd: number }>(warehouse, `
            select sum(value_twd)::double as value_twd from stat_release_cells
            where release_id = (select max(release_id) from stat_releases) and flow_code = 'M' and commodity_level = 'TOTAL'
                and partner_code = '${imports[0]!.partner_code}'
                and month_date > (select max(month_date) from stat_release_cells) - interval 12 month`);
        expect(imports[0]!.value_twd).toBeCloseTo(second!.value_twd, 2);
    });

    it('links no stylesheet, script or font from another host', () => {
        const external: string[] = [];
        for (const file of listFiles(siteDir).filter((path) => /\.(html|css)$/.test(path))) {
            const text = readFileSync(file, 'utf8');
            for (const match of text.matchAll(/(?:src|href)="(https?:[^"]+)"|url\(["']?(https?:[^"')]+)/g)) external.push(`${match[1] ?? match[2]} in ${file}`);
        }
        expect(external).toEqual([]);
    });

    it('refuses to build from a warehouse that does not exist, saying how to make one', async () => {
        await expect(buildDashboards({ warehouse: join(siteDir, 'missing.duckdb'), outDir: join(siteDir, '..', 'site-2') }))
            .rejects.toThrow(/There is no warehouse at .*missing\.duckdb\. Make one with npm start/);
    });
});

function listFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}
