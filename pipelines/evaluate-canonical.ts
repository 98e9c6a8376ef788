// `customs evaluate --format canonical`: how well the audit model would have targeted the synthetic world's last
// months, measured against its ground truth (planted_fraud), beside a rules-only baseline and random picks.
// The model trains exactly as in production (checks known before the scoring window); the truth is read only
// here, to grade.
import { AUDIT_FEATURES } from '../src/audit/audit-features.js';
import { scoreDeclarations } from '../src/audit/scoring-threads.js';
import { readFeatureMatrix } from '../src/audit/read-feature-matrix.js';
import { openWarehouse } from '../src/db/warehouse.js';
import { Random } from '../src/generate/random.js';
import { rankingSummary, type RankingSummary } from '../src/evaluate/ranking-metrics.js';
import { AUDIT_DEFAULTS, auditWindows, scoringFilter, trainOnWarehouse, type AuditWindows } from './audit-targeting.js';

/**
 * The rules an auditor would apply without a model: one point per indicator past its usual threshold (robust
 * |z| > 3.5, preference shift, split shipment, cheaper neighbour code, Benford nonconformity, importer hit rate
 * above 20%); ties go to the larger declared value.
 */
export const RULES_SCORE_SQL = `
    coalesce((min_unit_value_z < -3.5)::integer, 0)
    + coalesce((max_unit_value_z > 3.5 and customs_procedure = 'drawback')::integer, 0)
    + coalesce((max_mass_per_unit_z > 3.5)::integer, 0)
    + has_preference_shift::integer
    + is_split_shipment_suspect::integer
    + coalesce((min_duty_rate_gap < 0)::integer, 0)
    + coalesce((benford_first_digit_class = 'nonconformity')::integer, 0)
    + (importer_hit_rate > 0.2)::integer
    + ln(1 + value_twd) / 100`;

/** Shares inspected, in percent of the scored declarations. */
export const EVALUATION_PERCENTS = [1, 2, 5, 10];

export interface CanonicalEvaluation {
    windows: AuditWindows;
    trainingRows: number;
    scoredRows: number;
    fraudRows: number;
    trainSeconds: number;
    /** The model ranking by expected recoverable revenue (probability × predicted revenue), as the audit list does by default. */
    model: RankingSummary;
    /** The model ranking by probability alone (--rank-by probability). */
    modelByProbability: RankingSummary;
    rules: RankingSummary;
    random: RankingSummary;
}

export async function evaluateCanonical(options: { warehouse: string; seed?: number }): Promise<CanonicalEvaluation> {
    const seed = options.seed ?? AUDIT_DEFAULTS.seed;
    const warehouse = await openWarehouse(options.warehouse, { readOnly: true });
    try {
        const connection = warehouse.connection;
        const windows = await auditWindows(connection, AUDIT_DEFAULTS.scoringMonths, AUDIT_DEFAULTS.validationMonths);
        const started = Date.now();
        const { models, trainingRows } = await trainOnWarehouse(connection, windows, seed);
        const trainSeconds = (Date.now() - started) / 1000;
        const scored = await readFeatureMatrix(connection, AUDIT_FEATURES, {
            from: `fct_declaration_risk_features left join (
                select declaration_id as fraud_declaration_id, sum(revenue_at_stake_twd)::double as revenue_at_stake_twd
                from planted_fraud group by all) as truth on declaration_id = truth.fraud_declaration_id`,
            where: scoringFilter(windows),
            extraColumns: ['coalesce(revenue_at_stake_twd, 0) as revenue_at_stake_twd', 'fraud_declaration_id is not null as is_fraud', `(${RULES_SCORE_SQL})::double as rules_score`],
            inLodgementOrder: true,
        });
        const isFraud = Uint8Array.from(scored.extra.is_fraud!, (value) => (value === true ? 1 : 0));
        const revenue = Float64Array.from(scored.extra.revenue_at_stake_twd!, Number);
        const scores = await scoreDeclarations(models, AUDIT_FEATURES, scored.columns);
        const random = new Random(seed, 'evaluation-random-baseline');
        const randomScores = Float64Array.from({ length: scored.rows }, () => random.float());
        return {
            windows, trainingRows, scoredRows: scored.rows, fraudRows: isFraud.reduce((sum, flag) => sum + flag, 0), trainSeconds,
            model: rankingSummary(scores.expectedRevenue, isFraud, EVALUATION_PERCENTS, revenue),
            modelByProbability: rankingSummary(scores.probability, isFraud, EVALUATION_PERCENTS, revenue),
            rules: rankingSummary(Float64Array.from(scored.extra.rules_score!, Number), isFraud, EVALUATION_PERCENTS, revenue),
            random: rankingSummary(randomScores, isFraud, EVALUATION_PERCENTS, revenue),
        };
    } finally {
        warehouse.close();
    }
}

/** The evaluation as a table: one row per share inspected, the model by revenue and by probability beside rules and random picks. */
export function formatCanonicalEvaluation(result: CanonicalEvaluation): string {
    const percent = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '  n/a' : `${(100 * value).toFixed(1)}%`.padStart(6));
    const rankings: [string, RankingSummary][] = [
        ['model (revenue)', result.model], ['model (probability)', result.modelByProbability], ['rules', result.rules], ['random', result.random],
    ];
    const w = result.windows;
    return [
        `Trained on checks before ${w.scoringFrom} (${result.trainingRows.toLocaleString('en-US')} rows, validation from ${w.validationFrom}) in ${result.trainSeconds.toFixed(1)} s;`
        + ` scored ${result.scoredRows.toLocaleString('en-US')} declarations from ${w.scoringFrom}, ${result.fraudRows.toLocaleString('en-US')} of them fraudulent (planted ground truth).`,
        `${'ranking'.padEnd(20)} ${EVALUATION_PERCENTS.map((n) => `prec@${n}%`.padStart(9)).join(' ')} ${EVALUATION_PERCENTS.map((n) => `rec@${n}%`.padStart(8)).join(' ')} ${EVALUATION_PERCENTS.map((n) => `rev@${n}%`.padStart(8)).join(' ')}    AUC`,
        ...rankings.map(([name, summary]) => `${name.padEnd(20)} ${EVALUATION_PERCENTS.map((n) => percent(summary.precisionAt[n]).padStart(9)).join(' ')}`
            + ` ${EVALUATION_PERCENTS.map((n) => percent(summary.recallAt[n]).padStart(8)).join(' ')}`
            + ` ${EVALUATION_PERCENTS.map((n) => percent(summary.revenueAt?.[n]).padStart(8)).join(' ')}  ${summary.auc.toFixed(3)}`),
    ].join('\n');
}
