// Scoring with the audit model (audit-model.ts trains it): each declaration's probability of a discrepancy, the
// revenue a finding would recover, and the reasons (groups of features, see audit-features.ts) that raised its
// probability most; sql/scored puts them in words. A module of its own, with nothing of training, because every
// scoring thread loads it (loading the training modules too made a thread start 0.3–0.4 s later).
import { marginsOfModels, sigmoid } from '../model/gbdt-predict.js';
import type { GbdtModel } from '../model/gbdt-json.js';
import type { AuditFeature, ReasonKey } from './audit-features.js';

/** What scoring needs of the models (also what audit_models.model_json holds). */
export interface ScoringModels {
    classifier: GbdtModel;
    revenue: GbdtModel;
}

export interface DeclarationScores {
    probability: Float64Array;
    predictedRevenue: Float64Array;
    expectedRevenue: Float64Array;
    /** Per declaration, REASONS_PER_DECLARATION indices into reasonKeys(features), largest first; −1 for none. */
    topReasons: Int8Array;
}

export const REASONS_PER_DECLARATION = 3;

/** The reasons of the features, each once, in the order the features name them first. */
export function reasonKeys(features: readonly AuditFeature[]): ReasonKey[] {
    return [...new Set(features.map((feature) => feature.reason))];
}

/** Scores the rows on this thread. */
export function scoreRows(models: ScoringModels, features: readonly AuditFeature[], columns: Float64Array[]): DeclarationScores {
    const names = models.classifier.featureNames;
    const keys = reasonKeys(features);
    const groupOf = Int32Array.from(names, (name) => keys.indexOf(features.find((feature) => feature.name === name)!.reason));
    const { margins: [classifierMargins, revenueMargins], top } = marginsOfModels([models.classifier, models.revenue], { names, columns },
        { groupOf, groups: keys.length, k: REASONS_PER_DECLARATION });
    const probability = classifierMargins!.map(sigmoid);
    const predictedRevenue = revenueMargins!.map((value) => Math.max(0, Math.expm1(value)));
    const expectedRevenue = probability.map((p, row) => p * predictedRevenue[row]!);
    return { probability, predictedRevenue, expectedRevenue, topReasons: top! };
}
