// The audit model: a gradient-boosted classifier of the chance that a check finds a discrepancy, and a
// gradient-boosted regression of the duty and tax a finding recovers (on log(1 + TWD), trained on findings only).
// Expected recoverable revenue = probability × predicted revenue. Scoring is in score-rows.ts.
import { auc } from '../evaluate/ranking-metrics.js';
import { predict } from '../model/gbdt-predict.js';
import { trainGbdt } from '../model/gbdt-train.js';
import type { GbdtModel } from '../model/gbdt-json.js';
import type { AuditFeature } from './audit-features.js';
import type { FeatureMatrix } from './read-feature-matrix.js';
import type { ScoringModels } from './score-rows.js';

export interface AuditModels extends ScoringModels {
    validationAuc: number;
    toJson(): { classifier: GbdtModel; revenue: GbdtModel; validationAuc: number };
}

// Scoring 10 million declarations in under a minute bounds the trees: each costs every declaration its walk, and
// the classifier's also their reasons. A learning rate of 0.15 with trees of at most 24 leaves and depth 5 keeps
// about 40 classifier trees (150 at 0.05 with 31 leaves and depth 6, 61 at 0.1), and 0.15 keeps about 80 revenue
// trees (220 at 0.05). Measured on the 10-million-line bench world: validation AUC 0.7042 (0.7050 at 0.05, 0.7035
// at 0.1), and the top 5% by expected revenue holds 0.704 of the validation months' additional duty (0.706 at 0.1).
const CLASSIFIER_SETTINGS = { objective: 'logistic', metric: 'logloss', rounds: 400, learningRate: 0.15, maxLeaves: 24, maxDepth: 5, minDataInLeaf: 20, subsample: 0.8, colsample: 0.8, earlyStoppingRounds: 40 } as const;
const REVENUE_SETTINGS = { objective: 'squared', metric: 'rmse', rounds: 300, learningRate: 0.15, maxLeaves: 15, maxDepth: 4, minDataInLeaf: 10, earlyStoppingRounds: 30 } as const;

function labels(matrix: FeatureMatrix): { found: Float64Array; revenueLog: Float64Array } {
    const found = Float64Array.from(matrix.extra.is_discrepancy_found!, (value) => (value === true ? 1 : 0));
    const revenueLog = Float64Array.from(matrix.extra.additional_duty_twd!, (value) => Math.log1p(Math.max(0, Number(value))));
    return { found, revenueLog };
}

function rowsWhere(matrix: FeatureMatrix, keep: Float64Array): Float64Array[] {
    const indices: number[] = [];
    keep.forEach((flag, row) => { if (flag === 1) indices.push(row); });
    return matrix.columns.map((column) => Float64Array.from(indices, (row) => column[row]!));
}

export function trainAuditModels(features: readonly AuditFeature[], training: FeatureMatrix, validation: FeatureMatrix, seed: number): AuditModels {
    const names = features.map((feature) => feature.name);
    const trainLabels = labels(training);
    const validLabels = labels(validation);
    const classifier = trainGbdt(
        { table: { names, columns: training.columns }, labels: trainLabels.found },
        { ...CLASSIFIER_SETTINGS, seed },
        { table: { names, columns: validation.columns }, labels: validLabels.found },
    );
    const hits = (set: ReturnType<typeof labels>) => Float64Array.from(set.revenueLog.filter((_, row) => set.found[row] === 1));
    const revenue = trainGbdt(
        { table: { names, columns: rowsWhere(training, trainLabels.found) }, labels: hits(trainLabels) },
        { ...REVENUE_SETTINGS, seed },
        { table: { names, columns: rowsWhere(validation, validLabels.found) }, labels: hits(validLabels) },
    );
    const validationAuc = auc(predict(classifier, { names, columns: validation.columns }), validLabels.found);
    return {
        classifier,
        revenue,
        validationAuc,
        toJson: () => ({ classifier, revenue, validationAuc }),
    };
}
