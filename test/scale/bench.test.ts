// npm run bench on a tiny world: every stage is there, the two ingest batches read every generated row, and each
// ratio is the stage's seconds over its limit. Nothing here depends on how fast the machine is.
import { describe, expect, it } from 'vitest';
import type { BenchStage } from '../../pipelines/bench.js';
import { runCli } from '../support/run-cli.js';

describe('customs bench --json', () => {
    it('times every stage of the nightly run and reads every generated row once', () => {
        const result = runCli(['bench', '--lines', '6000', '--json']);
        expect(result.status, result.stderr).toBe(0);
        const { lines, stages } = JSON.parse(result.stdout) as { lines: number; stages: BenchStage[] };
        expect(lines).toBe(6000);
        const byName = new Map(stages.map((stage) => [stage.name, stage]));
        expect([...byName.keys()]).toEqual([
            'generate', 'ingest', 'models, full run (months before the last)', 'audit targeting, full run (months before the last)',
            'publication, full run (the month before the last)',
            'ingest one month', 'models, incremental (the new month)', 'scoring (the new month, stored model)', 'scored marts (the new month)',
            'publication (the new month)', 'transparency marts', 'statistics marts', 'risk features',
            'model training', 'scoring', 'scored marts', 'publication', 'nightly run (ingest → publication)',
            'one new month (customs month: its batch → publication)',
            'dashboards build', 'API /health', 'API /audit/targets', 'scoring as many declarations as lines',
        ]);
        // the history batch and the last month's batch together read what the generator wrote, no row twice
        expect(byName.get('ingest')!.rows + byName.get('ingest one month')!.rows).toBe(byName.get('generate')!.rows);
        for (const stage of stages.filter((s) => s.limitSeconds !== null)) {
            expect(stage.limitSeconds).toBeGreaterThan(0);
            expect(stage.ratio).toBeCloseTo(stage.seconds / stage.limitSeconds!, 6);
        }
        expect(stages.filter((s) => s.limitSeconds !== null).map((s) => s.name))
            .toEqual(['ingest', 'ingest one month', 'transparency marts', 'statistics marts', 'risk features', 'API /audit/targets']);
        // the targets route's limit is the time /health takes for as many requests, in the same run
        const health = byName.get('API /health')!;
        const targets = byName.get('API /audit/targets')!;
        expect(targets.limitSeconds).toBeCloseTo(targets.rows / health.rowsPerSecond, 6);
        expect(health.p99Ms).toBeGreaterThan(0);
        expect(targets.p99Ms).toBeGreaterThan(0);
        // the nightly run is the sum of the stages from ingest to publication, with the models rebuilt whole
        const seconds = (...names: string[]) => names.reduce((sum, name) => sum + byName.get(name)!.seconds, 0);
        expect(byName.get('nightly run (ingest → publication)')!.seconds).toBeCloseTo(seconds(
            'ingest', 'ingest one month', 'transparency marts', 'statistics marts', 'risk features', 'model training', 'scoring',
            'scored marts', 'publication'), 6);
        // a new month: customs month's one process, its parts (its batch, the models run incrementally, scoring with the
        // stored model, scored marts, publication) timed inside it
        const parts = seconds('ingest one month', 'models, incremental (the new month)', 'scoring (the new month, stored model)',
            'scored marts (the new month)', 'publication (the new month)');
        expect(byName.get('one new month (customs month: its batch → publication)')!.seconds).toBeGreaterThan(parts);
        // the month is scored with the model trained before it: the window of three months, the new one included, of
        // which the declarations lodged more than 48 hours before the new month keep their scores
        const monthScored = byName.get('scoring (the new month, stored model)')!.rows;
        expect(byName.get('scored marts (the new month)')!.rows).toBe(byName.get('scoring')!.rows);
        expect(monthScored).toBeGreaterThan(0);
        expect(monthScored).toBeLessThan(byName.get('scoring')!.rows);
        // the full run reads the declarations before the last month, the incremental one those of the last month
        expect(byName.get('models, full run (months before the last)')!.rows + byName.get('models, incremental (the new month)')!.rows).toBe(2000);
        expect(byName.get('models, incremental (the new month)')!.rows).toBeGreaterThan(0);
        // 6,000 lines at about three per declaration: 2,000 declarations, as many as the transparency marts read
        expect(byName.get('transparency marts')!.rows).toBe(2000);
        // the throughput stage scores as many declarations as the warehouse has item lines (the statistics marts'
        // rows), copies of its own declarations: three times its 2,000, less the lines the loader quarantined
        const itemLines = byName.get('statistics marts')!.rows;
        expect(itemLines).toBeGreaterThan(5900);
        expect(byName.get('scoring as many declarations as lines')!.rows).toBe(itemLines);
        expect(byName.get('ingest')!.peakRssMb).toBeGreaterThan(0);
    }, 600_000);
});
