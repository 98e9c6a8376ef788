import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../pipelines/demo.js';
import { query } from '../support/warehouse-queries.js';

describe('the demo pipeline (npm start)', () => {
    it('generates a world, loads it, runs the models, and on a second run reuses world and warehouse', async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'customs-demo-'));
        const first: string[] = [];
        const { server } = await runDemo({ declarations: 3000, dataDir, log: (line) => first.push(line), serve: { port: 0 } });
        try {
            // npm start ends serving the dashboards at / and the API, with a printed token per role.
            const printed = first.join('\n');
            const siteUrl = /dashboards: +(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(printed)?.[1];
            const apiUrl = /API: +(http:\/\/\S+\/api\/v1) /.exec(printed)?.[1];
            const auditorToken = /^ +auditor +(\S+)$/m.exec(printed)?.[1];
            expect(siteUrl).toBeDefined();
            expect(apiUrl).toBe(`${siteUrl}api/v1`);
            const home = await fetch(siteUrl!);
            expect(home.status).toBe(200);
            expect(home.headers.get('content-security-policy')).toContain("connect-src 'self'");
            expect(await home.text()).toContain('<title>');
            expect((await fetch(`${siteUrl}transparency`)).status).toBe(200);
            expect((await fetch(`${apiUrl}/audit/targets`)).status).toBe(401);
            const targets = await fetch(`${apiUrl}/audit/targets?limit=5`, { headers: { authorization: `Bearer ${auditorToken}` } });
            expect(targets.status).toBe(200);
            expect(((await targets.json()) as { items: unknown[] }).items).toHaveLength(5);
        } finally {
            await server!.close();
        }
        expect(first.join('\n')).toContain('1/6 Generating the synthetic world: 3,000 declarations');
        // The models ran and their headline figures, read back from the marts, were printed for each lane.
        expect(first.join('\n')).toMatch(/C1: [\d.]+% of declarations, median lodgement → release [\d.]+ min/);
        expect(first.join('\n')).toMatch(/batch 1: [\d,]+ rows read, [\d,]+ loaded, 0 quarantined/);
        // The world runs 2024-01 … 2025-12, so the audit model scores October–December 2025.
        expect(first.join('\n')).toMatch(/[\d,]+ declarations from 2025-10-01 scored, [\d,]+ on the audit list/);

        const warehouse = join(dataDir, 'warehouse', 'customs.duckdb');
        const [counts] = await query<{ declarations: string; balanced: string; files: string }>(warehouse, `
            select (select count(*) from declarations) as declarations,
                (select count(*) from ingest_files where rows_read = rows_loaded + rows_quarantined) as balanced,
                (select count(*) from ingest_files) as files`);
        // The generator aims at the requested count; seasonality and rounding may move it a little.
        expect(Number(counts!.declarations)).toBeGreaterThan(2700);
        expect(Number(counts!.declarations)).toBeLessThan(3300);
        expect(counts!.balanced).toBe(counts!.files);

        // The Art. 7.6 publication table is written as CSV, one line per row of the table, method stated.
        const published = readFileSync(join(dataDir, 'published', 'pub_average_release_times.csv'), 'utf8').trimEnd().split('\n');
        expect(published[0]).toBe('month_date,transport_mode_code,lane,count_released,count_extreme,count_not_released,mean_release_minutes,median_release_minutes,method');
        const [table] = await query<{ n: string }>(warehouse, 'select count(*) as n from pub_average_release_times');
        expect(published.length - 1).toBe(Number(table!.n));
        expect(published.filter((line) => /^\d{4}-\d{2}-01,all,all,/.test(line)).length).toBe(24);

        // The trade statistics of the latest complete month are published, with the headline printed.
        expect(first.join('\n')).toMatch(/2025-12: imports [\d,.]+ bn TWD .*, exports [\d,.]+ bn TWD .*, balance -?[\d,.]+ bn TWD/);
        const cells = readFileSync(join(dataDir, 'published', 'stats', 'trade-cells.csv'), 'utf8').split('\n');
        expect(cells.some((line) => /^1,2025-12,M,TOTAL,TOTAL,All goods,W00,World,\d/.test(line))).toBe(true);

        // The dashboards are built from the demo warehouse, one page per file.
        expect(first.join('\n')).toMatch(/dashboards: 5 pages built into .*dashboards in [\d.]+ s/);
        expect(readFileSync(join(dataDir, 'dashboards', 'transparency.html'), 'utf8')).toContain('<title>Transparency');

        const second: string[] = [];
        await runDemo({ declarations: 3000, dataDir, log: (line) => second.push(line) });
        expect(second.join('\n')).toContain('Synthetic world already in');
        expect(second.join('\n')).toContain('already loaded');

        // A different world replaces the demo warehouse instead of colliding with the old one's keys.
        const third: string[] = [];
        await runDemo({ declarations: 3500, dataDir, log: (line) => third.push(line) });
        expect(third.join('\n')).toMatch(/batch 1: [\d,]+ rows read, [\d,]+ loaded, 0 quarantined/);
    }, 600_000); // three demo runs, each building the dashboards: minutes on a busy machine
});
