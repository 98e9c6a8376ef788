// The audit model: a gradient-boosted classifier of the chance that a check finds a discrepancy, and a
// gradient-boosted regression of the duty and tax a finding recovers (on log(1 + TWD), trained on findings only).
// Expected recoverable revenue = probability × predicted revenue.
import { auc } from '../evaluate/ranking-metrics.js';
import { featureContributions, predict } from '../model/gbdt-predict.js';
import { trainGbdt } from '../model/gbdt-train.js';
import type { GbdtModel } from '../model/gbdt-json.js';
import type { AuditFeature } from './audit-features.js';
import type { FeatureMatrix } from './read-feature-matrix.js';

export interface AuditModels {
    classifier: GbdtModel;
    revenue: GbdtModel;
    validationAuc: number;
    /** Per-feature contributions of one row to the classifier's margin (log-odds), in feature order. */
    classifierContributions(columns: Float64Array[], row: number): Float64Array;
    toJson(): { classifier: GbdtModel; revenue: GbdtModel; validationAuc: number };
}

const CLASSIFIER_SETTINGS = { objective: 'logistic', metric: 'logloss', rounds: 400, learningRate: 0.05, maxLeaves: 31, maxDepth: 6, minDataInLeaf: 20, subsample: 0.8, colsample: 0.8, earlyStoppingRounds: 40 } as const;
const REVENUE_SETTINGS = { objective: 'squared', metric: 'rmse', rounds: 300, learningRate: 0.05, maxLeaves: 15, maxDepth: 4, minDataInLeaf: 10, earlyStoppingRounds: 30 } as const;

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
        classifierContributions(columns, row) {
            return featureContributions(classifier, Object.fromEntries(names.map((name, index) => [name, columns[index]![row]!]))).values;
        },
        toJson: () => ({ classifier, revenue, validationAuc }),
    };
}

export interface DeclarationScores {
    probability: Float64Array;
    predictedRevenue: Float64Array;
    expectedRevenue: Float64Array;
}

export function scoreDeclarations(models: Pick<AuditModels, 'classifier' | 'revenue'>, columns: Float64Array[]): DeclarationScores {
    const names = models.classifier.featureNames;
    const probability = predict(models.classifier, { names, columns });
    const predictedRevenue = predict(models.revenue, { names, columns }).map((value) => Math.max(0, Math.expm1(value)));
    const expectedRevenue = probability.map((p, row) => p * predictedRevenue[row]!);
    return { probability, predictedRevenue, expectedRevenue };
}
