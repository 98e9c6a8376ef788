// The OpenAPI document and the docs page work offline: every route is described, and the page and its assets are
// served from node_modules without a reference to another host. Also the limits and headers every answer gets.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { buildTestApi, type TestApi } from '../support/api-app.js';

let api: TestApi;

beforeAll(async () => {
    api = await buildTestApi({ declarations: 500, seed: 15, audit: false, stats: false });
});

afterAll(async () => {
    await api.app.close();
});

describe('API documentation', () => {
    it('GET /api/v1/openapi.json describes every route with its parameters, without a token', async () => {
        const response = await api.get('/openapi.json');
        expect(response.statusCode).toBe(200);
        const document = response.json();
        expect(document.openapi).toMatch(/^3\./);
        expect(Object.keys(document.paths).sort()).toEqual([
            '/api/v1/admin/access-log', '/api/v1/admin/tokens', '/api/v1/audit/declarations/{id}', '/api/v1/audit/plan',
            '/api/v1/audit/targets', '/api/v1/audit/traders/{id}', '/api/v1/health', '/api/v1/pipelines/batches', '/api/v1/revenue',
            '/api/v1/stats/indices', '/api/v1/stats/trade', '/api/v1/transparency/lanes', '/api/v1/transparency/release-times',
        ]);
        const targets = document.paths['/api/v1/audit/targets'].get;
        expect(targets.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
            ['period', 'office', 'hs', 'trader', 'lane', 'min_score', 'selected', 'exploration', 'sort', 'limit', 'cursor']);
        const purpose = document.paths['/api/v1/audit/traders/{id}'].get.parameters.find((parameter: { name: string }) => parameter.name === 'purpose');
        expect(purpose.required).toBe(true);
        expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    });

    it('serves /docs and every script, style and image it loads, all from this server', async () => {
        const page = await api.inject({ method: 'GET', url: '/docs/' });
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-type']).toContain('text/html');
        const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
        expect(assets.length).toBeGreaterThan(3);
        for (const asset of assets) {
            expect(asset).not.toMatch(/^(https?:)?\/\//);
            const response = await api.inject({ method: 'GET', url: new URL(asset, 'http://localhost/docs/').pathname });
            expect(response.statusCode, asset).toBe(200);
        }
        const initializer = await api.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
        expect(initializer.statusCode).toBe(200);
        // No address of another host outside comments; the page reads the OpenAPI document from this server.
        expect(initializer.body.replace(/\/\/ .*$/gm, '')).not.toMatch(/https?:\/\//);
        expect(initializer.body).toContain("url: resolveUrl('./json')");
        expect((await api.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
    });

    it('answers 429 with a JSON error once a token has used its requests of the minute', async () => {
        const limited = await buildApp({ warehouse: api.warehouse, tokensFile: api.tokensFile, accessLogFile: api.accessLogFile, rateLimitPerMinute: 3 });
        try {
            const headers = { authorization: `Bearer ${api.tokens.manager}` };
            const statuses = [];
            for (let index = 0; index < 4; index += 1) statuses.push((await limited.inject({ method: 'GET', url: '/api/v1/transparency/lanes', headers })).statusCode);
            expect(statuses).toEqual([200, 200, 200, 429]);
            const refused = await limited.inject({ method: 'GET', url: '/api/v1/transparency/lanes', headers });
            expect(refused.json()).toMatchObject({ code: 'rate_limited' });
            expect(refused.json().message).toMatch(/^Too many requests: at most 3 a minute\. Retry in/);
            // Another token has its own allowance.
            expect((await limited.inject({ method: 'GET', url: '/api/v1/transparency/lanes', headers: { authorization: `Bearer ${api.tokens.statistician}` } })).statusCode).toBe(200);
        } finally {
            await limited.close();
        }
    });

    it('sends the security headers of helmet', async () => {
        const response = await api.get('/health');
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    });

    it('serves a dashboards site at / with clean URLs and the pages\' policy, and says how to build one that is missing', async () => {
        const siteDir = join(api.directory, 'site');
        mkdirSync(join(siteDir, '_file'), { recursive: true });
        writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>Overview</title><script type="module">1</script>');
        writeFileSync(join(siteDir, 'trade.html'), '<!doctype html><title>Trade statistics</title>');
        writeFileSync(join(siteDir, '_file', 'cells.json'), '[1,2]');
        const withSite = await buildApp({ warehouse: api.warehouse, tokensFile: api.tokensFile, accessLogFile: api.accessLogFile, site: siteDir });
        const without = await buildApp({ warehouse: api.warehouse, tokensFile: api.tokensFile, accessLogFile: api.accessLogFile, site: join(api.directory, 'not-built') });
        try {
            const home = await withSite.inject({ method: 'GET', url: '/' });
            expect(home.statusCode).toBe(200);
            expect(home.body).toContain('<title>Overview</title>');
            // Inline module scripts (Observable Framework) may run; nothing may come from or go to another host.
            expect(home.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
            expect(home.headers['content-security-policy']).toContain("connect-src 'self'");
            // A page revalidated on reload (304) keeps the policy, or the browser would refuse its scripts.
            const revalidated = await withSite.inject({ method: 'GET', url: '/', headers: { 'if-none-match': String(home.headers.etag) } });
            expect(revalidated.statusCode).toBe(304);
            expect(revalidated.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
            expect((await withSite.inject({ method: 'GET', url: '/trade' })).body).toContain('<title>Trade statistics</title>');
            expect((await withSite.inject({ method: 'GET', url: '/_file/cells.json' })).json()).toEqual([1, 2]);
            expect((await withSite.inject({ method: 'GET', url: '/../tokens.json' })).statusCode).toBe(404);
            // The API beside it keeps its own stricter policy.
            const health = await withSite.inject({ method: 'GET', url: '/api/v1/health' });
            expect(health.statusCode).toBe(200);
            expect(health.headers['content-security-policy']).toContain("script-src 'self';");
            expect(health.headers['content-security-policy']).not.toContain("'unsafe-eval'");

            const missing = await without.inject({ method: 'GET', url: '/' });
            expect(missing.statusCode).toBe(404);
            expect(missing.json()).toMatchObject({ code: 'dashboards_not_built' });
            expect(missing.json().message).toContain('customs dashboards build');
        } finally {
            await withSite.close();
            await without.close();
        }
    });
});
