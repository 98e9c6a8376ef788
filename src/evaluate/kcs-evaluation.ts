// `customs evaluate --format kcs`: train the audit model on the KCS train file, stop early on the valid file, score
// the test file, and measure precision and recall at the top 1, 2, 5 and 10% and AUC.
import { DuckDBInstance } from '@duckdb/node-api';
import { trainGbdt } from '../model/gbdt-train.js';
import type { GbdtParams } from '../model/gbdt-json.js';
import { predictMargins } from '../model/gbdt-predict.js';
import { loadKcsFiles, type KcsFiles } from './kcs-dataset.js';
import { kcsTrainingSets } from './kcs-features.js';
import { rankingSummary, type RankingSummary } from './ranking-metrics.js';

export const KCS_PERCENTS = [1, 2, 5, 10];

/** The hyperparameters chosen on the valid file (see the README's audit-model section). */
export const KCS_PARAMS: Partial<GbdtParams> & Pick<GbdtParams, 'objective'> = {
    objective: 'logistic', metric: 'auc', rounds: 1500, learningRate: 0.2, maxLeaves: 127, maxDepth: 12,
    minDataInLeaf: 20, minChildWeight: 1, lambda: 1, subsample: 0.8, colsample: 0.3, earlyStoppingRounds: 30, seed: 1,
};

export interface KcsEvaluation extends RankingSummary {
    trainSeconds: number;
    bestIteration: number;
    features: string[];
    rows: Record<keyof KcsFiles, number>;
}

export async function evaluateKcs(files: KcsFiles, params = KCS_PARAMS): Promise<KcsEvaluation> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
        await loadKcsFiles(connection, files);
        const sets = await kcsTrainingSets(connection);
        const started = performance.now();
        const model = trainGbdt(sets.train, params, sets.valid);
        const trainSeconds = (performance.now() - started) / 1000;
        const scores = predictMargins(model, sets.test.table);
        return {
            ...rankingSummary(scores, sets.test.labels, KCS_PERCENTS),
            trainSeconds,
            bestIteration: model.bestIteration,
            features: model.featureNames,
            rows: { train: sets.train.labels.length, valid: sets.valid.labels.length, test: sets.test.labels.length },
        };
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}

export function formatKcsEvaluation(result: KcsEvaluation): string {
    const percent = (value: number) => (Number.isNaN(value) ? '   n/a' : `${(100 * value).toFixed(1).padStart(5)}%`);
    return [
        `Rows: train ${result.rows.train}, valid ${result.rows.valid}, test ${result.rows.test}; ${result.features.length} features; ${result.bestIteration} trees kept (best on valid)`,
        `top n%   precision   recall`,
        ...KCS_PERCENTS.map((n) => `${`${n}%`.padStart(6)}   ${percent(result.precisionAt[String(n)]!).padStart(9)}   ${percent(result.recallAt[String(n)]!).padStart(6)}`),
        `AUC ${result.auc.toFixed(4)}; training ${result.trainSeconds.toFixed(2)} s`,
    ].join('\n');
}
