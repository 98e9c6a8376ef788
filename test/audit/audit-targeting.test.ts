// Audit targeting end to end on a small generated world: 8,000 declarations over 2024, seed 5. The last month is
// December, so the scoring window is October–December (3 months) and early stopping uses July–September.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAuditTargeting, type AuditTargetingSummary } from '../../pipelines/audit-targeting.js';
import { runWarehouseModels, runWarehouseModelsWithPlan } from '../../pipelines/run-models.js';
import { AUDIT_FEATURES } from '../../src/audit/audit-features.js';
import { REASONS_PER_DECLARATION, reasonKeys, scoreRows } from '../../src/audit/score-rows.js';
import { type ScoringRun, startScoring } from '../../src/audit/scoring-threads.js';
import { readFeatureMatrix } from '../../src/audit/read-feature-matrix.js';
import { openWarehouse } from '../../src/db/warehouse.js';
import { generateWorld } from '../../src/generate/generate-world.js';
import { ingest } from '../../src/ingest/load-batch.js';
import { query } from '../support/warehouse-queries.js';

const work = mkdtempSync(join(tmpdir(), 'customs-audit-'));
const warehouse = join(work, 'customs.duckdb');
let summary: AuditTargetingSummary;

beforeAll(async () => {
    await generateWorld({ outDir: join(work, 'world'), declarations: 8000, seed: 5, from: '2024-01', months: 12 });
    await ingest({ warehouse, paths: [join(work, 'world')] });
    await runWarehouseModels({ warehouse });
    summary = await runAuditTargeting({ warehouse });
});

const number = (value: unknown) => Number(value);

describe('the audit model', () => {
    it('trains on the checks known before the scoring window and validates on the three months before it', async () => {
        expect(summary.windows).toEqual({ trainingFrom: '2024-01-01', validationFrom: '2024-07-01', scoringFrom: '2024-10-01', scoringTo: '2024-12-31' });
        const [counts] = await query<{ training: string; validation: string }>(warehouse, `
            select count_if(lodgement_at < '2024-07-01') as training, count_if(lodgement_at >= '2024-07-01') as validation
            from declarations inner join inspections using (declaration_id)
            where completed_at < '2024-10-01'`);
        expect([summary.trainingRows, summary.validationRows]).toEqual([number(counts!.training), number(counts!.validation)]);
    });

    it('is stored with its windows and both models as JSON', async () => {
        const [model] = await query<{ model_id: string; training_to_date: string; validation_from_date: string; count_training_rows: number; model_json: string }>(warehouse,
            'select model_id, training_to_date::varchar as training_to_date, validation_from_date::varchar as validation_from_date, count_training_rows, model_json from audit_models');
        expect(model!.model_id).toBe(summary.modelId);
        expect([model!.training_to_date, model!.validation_from_date]).toEqual(['2024-06-30', '2024-07-01']);
        expect(model!.count_training_rows).toBe(summary.trainingRows);
        const json = JSON.parse(model!.model_json) as { classifier: { featureNames: string[]; objective: string }; revenue: { objective: string } };
        expect(json.classifier.featureNames).toEqual(AUDIT_FEATURES.map((feature) => feature.name));
        expect([json.classifier.objective, json.revenue.objective]).toEqual(['logistic', 'squared']);
    });
});

describe('the audit list (fct_audit_targets)', () => {
    it('scores every declaration with item lines lodged in the scoring window, once', async () => {
        const [expected] = await query<{ n: string }>(warehouse, `
            select count(*) as n from declarations
            where lodgement_at >= '2024-10-01' and declaration_id in (select declaration_id from declaration_items)`);
        const [actual] = await query<{ n: string; ids: string }>(warehouse, 'select count(*) as n, count(distinct declaration_id) as ids from fct_audit_targets');
        expect(number(actual!.n)).toBe(number(expected!.n));
        expect(number(actual!.ids)).toBe(number(expected!.n));
    });

    it('ranks them 1 … N, the 5% list first, with 10% of the list picked for exploration', async () => {
        const [ranks] = await query<{ n: string; min_rank: number; max_rank: number; ranks: string; selected: string; explored: string; worst_selected: number }>(warehouse, `
            select count(*) as n, min(score_rank) as min_rank, max(score_rank) as max_rank, count(distinct score_rank) as ranks,
                count_if(is_selected) as selected, count_if(is_exploration) as explored,
                max(score_rank) filter (where is_selected) as worst_selected
            from fct_audit_targets`);
        const n = number(ranks!.n);
        const listSize = Math.ceil(0.05 * n);
        expect([ranks!.min_rank, ranks!.max_rank, number(ranks!.ranks)]).toEqual([1, n, n]);
        expect(number(ranks!.selected)).toBe(listSize);
        expect(number(ranks!.explored)).toBe(Math.round(0.1 * listSize));
        expect(ranks!.worst_selected).toBe(listSize);
    });

    it('puts the picks by score in descending order of expected revenue = probability × predicted revenue', async () => {
        const rows = await query<{ fraud_probability: number; predicted_revenue_twd: number; expected_revenue_twd: number; score: number; is_exploration: boolean }>(warehouse,
            'select fraud_probability, predicted_revenue_twd, expected_revenue_twd, score, is_exploration from fct_audit_targets where is_selected order by score_rank');
        for (const row of rows) expect(row.expected_revenue_twd).toBeCloseTo(row.fraud_probability * row.predicted_revenue_twd, 6);
        const picks = rows.filter((row) => !row.is_exploration).map((row) => row.score);
        expect(picks).toEqual([...picks].sort((a, b) => b - a));
        const [lowest] = await query<{ best_rest: number }>(warehouse, 'select max(score) as best_rest from fct_audit_targets where not is_selected');
        expect(Math.min(...picks)).toBeGreaterThanOrEqual(lowest!.best_rest);
    });

    it('gives every pick by score at least one reason in words', async () => {
        const rows = await query<{ reasons: string[] }>(warehouse, 'select reasons from fct_audit_targets where is_selected and not is_exploration');
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
            expect(row.reasons.length).toBeGreaterThanOrEqual(1);
            expect(row.reasons.length).toBeLessThanOrEqual(3);
            for (const reason of row.reasons) expect(reason).toMatch(/^[a-zA-Z]/);
        }
    });
});

describe('scoring in worker threads', () => {
    it('gives every declaration the same scores and reasons as the stored run on one thread', async () => {
        const opened = await openWarehouse(warehouse, { readOnly: true });
        try {
            const models = await opened.connection.runAndReadAll('select model_json from audit_models order by trained_at desc limit 1');
            const stored = JSON.parse(String(models.getRows()[0]![0])) as Parameters<typeof startScoring>[0];
            const matrix = await readFeatureMatrix(opened.connection, AUDIT_FEATURES, { from: 'fct_declaration_risk_features', where: "lodgement_at >= '2024-10-01'", extraColumns: ['declaration_id'], inLodgementOrder: false });
            // Three threads, ranges of 500 rows (at least three of them), handed out as if a read delivered the rows in
            // three goes.
            expect(matrix.rows).toBeGreaterThan(1500);
            const run = startScoring(stored, AUDIT_FEATURES, matrix.columns, { threads: 3, rangeRows: 500 });
            run.rowsReady(777);
            run.rowsReady(Math.floor(matrix.rows / 2));
            const threads = await run.finish();
            const rows = await query<{ declaration_id: string; fraud_probability: number; expected_revenue_twd: number; reason_keys: string }>(warehouse,
                'select declaration_id, fraud_probability, expected_revenue_twd, reason_keys from audit_scores');
            const byId = new Map(rows.map((row) => [row.declaration_id, row]));
            const keys = reasonKeys(AUDIT_FEATURES);
            expect(matrix.rows).toBe(rows.length);
            matrix.extra.declaration_id!.forEach((id, row) => {
                const expected = byId.get(id as string)!;
                expect(threads.probability[row]).toBe(expected.fraud_probability);
                expect(threads.expectedRevenue[row]).toBe(expected.expected_revenue_twd);
                const top = Array.from(threads.topReasons.subarray(row * REASONS_PER_DECLARATION, (row + 1) * REASONS_PER_DECLARATION));
                expect(top.filter((index) => index >= 0).map((index) => keys[index]).join(',')).toBe(expected.reason_keys);
            });
        } finally {
            opened.close();
        }
    });

    it('refuses a window that ranges would wrap round, or that threads would get copies of', () => {
        const models = { classifier: null, revenue: null } as unknown as Parameters<typeof startScoring>[0];
        const shared = (rows: number) => [new Float64Array(new SharedArrayBuffer(rows * 8))];
        expect(() => startScoring(models, AUDIT_FEATURES, shared(4500), { rows: 8000, threads: 2, rangeRows: 1000 })).toThrow(/cannot hold/);
        expect(() => startScoring(models, AUDIT_FEATURES, shared(2000), { rows: 8000, threads: 2, rangeRows: 1000 })).toThrow(/cannot hold/);
        expect(() => startScoring(models, AUDIT_FEATURES, [new Float64Array(5000)], { rows: 8000, threads: 2, rangeRows: 1000 })).toThrow(/SharedArrayBuffers/);
    });

    it('gives the same scores when the read keeps only a window of the features, scored as it is read', async () => {
        // Every declaration (about 8,000) read in lodgement order into a window of 5,000 rows, scored by two threads in
        // ranges of 1,000: DuckDB's chunks of 2,048 rows wrap round the window's end, and the read waits for the rows
        // it would overwrite to be scored. Against every row read whole and scored on one thread.
        const opened = await openWarehouse(warehouse, { readOnly: true });
        try {
            const models = await opened.connection.runAndReadAll('select model_json from audit_models order by trained_at desc limit 1');
            const stored = JSON.parse(String(models.getRows()[0]![0])) as Parameters<typeof startScoring>[0];
            const read = { from: 'fct_declaration_risk_features', where: 'true', inLodgementOrder: true };
            let run: ScoringRun | undefined;
            const windowed = await readFeatureMatrix(opened.connection, AUDIT_FEATURES, { ...read, window: { rows: 5000, untilFree: (end) => run!.untilFree(end) } }, (rowsRead, columns, rows) => {
                run ??= startScoring(stored, AUDIT_FEATURES, columns, { rows, threads: 2, rangeRows: 1000 });
                run.rowsReady(rowsRead);
            });
            const scores = await run!.finish();
            expect(windowed.rows).toBeGreaterThan(7000);
            expect(windowed.columns[0]!.length).toBe(5000);
            const whole = await readFeatureMatrix(opened.connection, AUDIT_FEATURES, read);
            const expected = scoreRows(stored, AUDIT_FEATURES, whole.columns);
            expect(Array.from(windowed.idHashes)).toEqual(Array.from(whole.idHashes));
            expect(Array.from(scores.probability)).toEqual(Array.from(expected.probability));
            expect(Array.from(scores.predictedRevenue)).toEqual(Array.from(expected.predictedRevenue));
            expect(Array.from(scores.topReasons)).toEqual(Array.from(expected.topReasons));
        } finally {
            opened.close();
        }
    });
});

describe('the audit plan (fct_audit_plan)', () => {
    it('leaves out traders audited in the 24 months before the quarter', async () => {
        const [clash] = await query<{ n: string }>(warehouse, `
            select count(*) as n from fct_audit_plan as plan
            inner join post_clearance_audits as audits
                on plan.trader_id = audits.trader_id
                and audits.opened_date < plan.period_start_date
                and audits.opened_date >= plan.period_start_date - interval 24 month`);
        expect(number(clash!.n)).toBe(0);
        const [excluded] = await query<{ n: string }>(warehouse, `
            select count(distinct targets.trader_id) as n from fct_audit_targets as targets
            inner join post_clearance_audits as audits
                on targets.trader_id = audits.trader_id and audits.opened_date < '2024-10-01'`);
        const [planned] = await query<{ n: string }>(warehouse, 'select count(distinct trader_id) as n from fct_audit_plan');
        const [all] = await query<{ n: string }>(warehouse, 'select count(distinct trader_id) as n from fct_audit_targets');
        expect(number(planned!.n)).toBe(number(all!.n) - number(excluded!.n));
    });

    it('adds up each trader\'s declarations and expected revenue, ranked by it', async () => {
        const rows = await query<{ trader_id: string; count_declarations: string; expected_revenue_twd: number; plan_rank: number }>(warehouse,
            'select trader_id, count_declarations, expected_revenue_twd, plan_rank from fct_audit_plan order by plan_rank');
        const [top] = rows;
        const [sums] = await query<{ n: string; revenue: number }>(warehouse,
            `select count(*) as n, sum(expected_revenue_twd) as revenue from fct_audit_targets where trader_id = '${top!.trader_id}'`);
        expect(number(top!.count_declarations)).toBe(number(sums!.n));
        expect(top!.expected_revenue_twd).toBeCloseTo(sums!.revenue, 6);
        const revenues = rows.map((row) => row.expected_revenue_twd);
        expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
        expect(rows.map((row) => row.plan_rank)).toEqual(rows.map((_, index) => index + 1));
    });

    it('gives each trader the first reason of its three declarations with the highest expected revenue, in that order', async () => {
        const plan = await query<{ period_start_date: string; trader_id: string; top_reasons: (string | null)[] }>(warehouse,
            'select period_start_date::varchar as period_start_date, trader_id, top_reasons from fct_audit_plan');
        const targets = await query<{ quarter: string; trader_id: string; declaration_id: string; expected_revenue_twd: number; reasons: string[] }>(warehouse,
            "select date_trunc('quarter', period_month)::date::varchar as quarter, trader_id, declaration_id, expected_revenue_twd, reasons from fct_audit_targets");
        const expected = (quarter: string, trader: string) => targets
            .filter((row) => row.quarter === quarter && row.trader_id === trader)
            .sort((a, b) => b.expected_revenue_twd - a.expected_revenue_twd || (a.declaration_id < b.declaration_id ? -1 : 1))
            .slice(0, 3)
            .map((row) => row.reasons[0] ?? null);
        expect(plan.length).toBeGreaterThan(100);
        // traders with declarations without reasons keep an empty place for them
        expect(plan.some((row) => row.top_reasons.includes(null))).toBe(true);
        for (const row of plan) expect(row.top_reasons, row.trader_id).toEqual(expected(row.period_start_date, row.trader_id));
    });
});

describe('a second run with the same seed', () => {
    it('scores and ranks exactly as the first', async () => {
        const before = await query(warehouse, 'select declaration_id, fraud_probability, score_rank, is_exploration from fct_audit_targets order by declaration_id');
        await runAuditTargeting({ warehouse });
        const after = await query(warehouse, 'select declaration_id, fraud_probability, score_rank, is_exploration from fct_audit_targets order by declaration_id');
        expect(after).toEqual(before);
        const [models] = await query<{ n: string }>(warehouse, 'select count(*) as n from audit_models');
        expect(number(models!.n)).toBe(2);
    });

    it('rebuilds audit_scores of the older layout (reasons in words as JSON) and scores into it as before', async () => {
        const before = await query(warehouse, 'select declaration_id, fraud_probability, score_rank, reasons from fct_audit_targets order by declaration_id');
        const opened = await openWarehouse(warehouse);
        try {
            await opened.connection.run('drop table audit_scores');
            await opened.connection.run(`create table audit_scores (model_id varchar not null, declaration_id varchar not null, fraud_probability double not null,
                predicted_revenue_twd double not null, expected_revenue_twd double not null, score double not null, score_rank integer not null,
                is_selected boolean not null, is_exploration boolean not null, reasons_json varchar not null)`);
        } finally {
            opened.close();
        }
        await runAuditTargeting({ warehouse });
        const columns = await query<{ column_name: string }>(warehouse, "select column_name from information_schema.columns where table_name = 'audit_scores' order by ordinal_position");
        expect(columns.map((column) => column.column_name)).toContain('reason_keys');
        expect(columns.map((column) => column.column_name)).not.toContain('reasons_json');
        const after = await query(warehouse, 'select declaration_id, fraud_probability, score_rank, reasons from fct_audit_targets order by declaration_id');
        expect(after).toEqual(before);
    });
});

describe('a run with the latest stored model (customs run --incremental)', () => {
    it('scores with the latest model, stores none, and scores and ranks as the run that trained it', async () => {
        const before = await query(warehouse, 'select declaration_id, model_id, fraud_probability, score_rank, reasons from fct_audit_targets order by declaration_id');
        const [latest] = await query<{ model_id: string; n: string }>(warehouse,
            'select arg_max(model_id, trained_at) as model_id, count(*) as n from audit_models');
        const reused = await runAuditTargeting({ warehouse, model: 'latest' });
        expect([reused.trained, reused.modelId, reused.validationRows]).toEqual([false, latest!.model_id, null]);
        const [models] = await query<{ n: string }>(warehouse, 'select count(*) as n from audit_models');
        expect(number(models!.n)).toBe(number(latest!.n));
        const after = await query(warehouse, 'select declaration_id, model_id, fraud_probability, score_rank, reasons from fct_audit_targets order by declaration_id');
        expect(after).toEqual(before);
    });

    it('keeps the scores of the declarations lodged before keepScoresBefore when they are of the run before the latest, and their rows of the list, and lists them as scoring all would', async () => {
        const targets = 'select declaration_id, model_id, fraud_probability, score_rank, is_selected, is_exploration, reasons from fct_audit_targets order by declaration_id';
        const before = await query<{ declaration_id: string; reasons: string[] }>(warehouse, targets);
        // a run of the models since the scores, as customs run --incremental makes before scoring (nothing new: no month recomputed)
        expect((await runWarehouseModelsWithPlan({ warehouse, incremental: true })).plan.months).toEqual([]);
        // a mark in the stored reasons and in the listed ones of a declaration of November (kept: its marks stay) and of
        // one of December (scored again: its marks go)
        const pick = (where: string) => query<{ declaration_id: string }>(warehouse, `
            select declaration_id from audit_scores inner join declarations using (declaration_id)
            where ${where} and reason_keys not like 'arrears%' order by declaration_id limit 1`);
        const [[kept], [rescored]] = [await pick("lodgement_at < '2024-12-01'"), await pick("lodgement_at >= '2024-12-01'")];
        const onWarehouse = async (sql: string) => {
            const opened = await openWarehouse(warehouse);
            try {
                await opened.connection.run(sql);
            } finally {
                opened.close();
            }
        };
        const marked = `('${kept!.declaration_id}', '${rescored!.declaration_id}')`;
        const mark = async () => {
            await onWarehouse(`update audit_scores set reason_keys = 'arrears' where declaration_id in ${marked}`);
            await onWarehouse(`update fct_audit_targets set reasons = ['(marked)'] where declaration_id in ${marked}`);
        };
        await mark();
        const [window] = await query<{ november: string; december: string }>(warehouse, `
            select count_if(lodgement_at < '2024-12-01') as november, count_if(lodgement_at >= '2024-12-01') as december
            from fct_declaration_risk_features where lodgement_at >= '2024-10-01'`);
        const keeping = await runAuditTargeting({ warehouse, model: 'latest', keepScoresBefore: '2024-12-01 00:00:00' });
        expect([keeping.keptRows, keeping.scoredRows]).toEqual([number(window!.november), number(window!.december)]);
        const after = await query<{ declaration_id: string; reasons: string[] }>(warehouse, targets);
        // the kept declaration's row of the list as it was (its reasons not put in words again), the other's made anew
        expect(after.find((row) => row.declaration_id === kept!.declaration_id)!.reasons).toEqual(['(marked)']);
        expect(after.find((row) => row.declaration_id === rescored!.declaration_id)).toEqual(before.find((row) => row.declaration_id === rescored!.declaration_id));
        // every other figure as before: the kept and the new scores ranked together as when all were scored
        const unmarked = (rows: typeof before) => rows.map((row) => (row.declaration_id === kept!.declaration_id ? { ...row, reasons: null } : row));
        expect(unmarked(after)).toEqual(unmarked(before));
        // the list holds only the window's rows: those it replaced are gone
        expect(after).toHaveLength(before.length);

        // a list without the row of a kept score (one a failed run left, say) is made whole
        await runWarehouseModelsWithPlan({ warehouse, incremental: true });
        await onWarehouse(`delete from fct_audit_targets where declaration_id = '${kept!.declaration_id}'`);
        const remaking = await runAuditTargeting({ warehouse, model: 'latest', keepScoresBefore: '2024-12-01 00:00:00' });
        expect(remaking.keptRows).toBe(number(window!.november));
        const remade = await query<{ declaration_id: string; reasons: string[] }>(warehouse, targets);
        // the kept declaration's reasons put in words again, from its stored (marked) keys; every other row as before
        expect(remade.find((row) => row.declaration_id === kept!.declaration_id)!.reasons)
            .toEqual([expect.stringMatching(/^the trader owed TWD [\d,]+ in arrears when it was lodged$/)]);
        expect(unmarked(remade)).toEqual(unmarked(before));

        // two runs of the models later, the scores are not of the run before the latest: every one is scored again
        await runWarehouseModelsWithPlan({ warehouse, incremental: true });
        await runWarehouseModelsWithPlan({ warehouse, incremental: true });
        await mark();
        const rescoring = await runAuditTargeting({ warehouse, model: 'latest', keepScoresBefore: '2024-12-01 00:00:00' });
        expect([rescoring.keptRows, rescoring.scoredRows]).toEqual([0, number(window!.november) + number(window!.december)]);
        expect(await query(warehouse, targets)).toEqual(before);
    });

    it('trains anew when the latest model was trained on other features', async () => {
        const opened = await openWarehouse(warehouse);
        try {
            await opened.connection.run(`update audit_models set model_json = replace(model_json, '"featureNames":["min_unit_value_z"', '"featureNames":["retired_feature"')
                where trained_at = (select max(trained_at) from audit_models)`);
        } finally {
            opened.close();
        }
        const [models] = await query<{ n: string }>(warehouse, 'select count(*) as n from audit_models');
        const run = await runAuditTargeting({ warehouse, model: 'latest' });
        expect(run.trained).toBe(true);
        const [after] = await query<{ n: string }>(warehouse, 'select count(*) as n from audit_models');
        expect(number(after!.n)).toBe(number(models!.n) + 1);
    });
});
