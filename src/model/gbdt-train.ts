// Training a histogram gradient-boosted tree model (logistic or squared loss) with optional early stopping.
// Deterministic for a seed: row and column samples come from named streams of the project's seeded generator
// (src/generate/random.ts), one per round.
import { Random } from '../generate/random.js';
import { auc } from '../evaluate/ranking-metrics.js';
import { assertTableShape, binTable, quantileThresholds, type BinnedTable, type FeatureTable } from './feature-binning.js';
import { gbdtParamsSchema, type GbdtModel, type GbdtParams } from './gbdt-json.js';
import { columnsForModel, sigmoid } from './gbdt-predict.js';
import { addTreeValues, TreeGrower } from './gbdt-tree.js';

/** Features and labels: 0/1 for logistic loss, any number for squared loss. */
export interface TrainingSet {
    table: FeatureTable;
    labels: Float64Array;
}

const COMMON_DEFAULTS = {
    rounds: 500, learningRate: 0.1, maxDepth: 6, maxLeaves: 31, minChildWeight: 1, minDataInLeaf: 20, lambda: 1,
    minSplitGain: 0, subsample: 1, colsample: 1, maxBins: 255, seed: 1, earlyStoppingRounds: 50,
};

/** Defaults: 500 rounds of 0.1, up to 31 leaves within depth 6, λ = 1, no sampling, stop after 50 rounds without gain. */
export function defaultParams(objective: GbdtParams['objective']): GbdtParams {
    return { ...COMMON_DEFAULTS, objective, metric: objective === 'logistic' ? 'logloss' : 'rmse' };
}

/** Trains on `train`; with `validation`, keeps the round with the best validation metric (early stopping). */
export function trainGbdt(train: TrainingSet, options: Partial<GbdtParams> & Pick<GbdtParams, 'objective'>, validation?: TrainingSet): GbdtModel {
    const params = gbdtParamsSchema.parse({ ...defaultParams(options.objective), ...options });
    if ((params.objective === 'logistic') !== (params.metric !== 'rmse')) {
        throw new RangeError(`metric ${params.metric} does not suit the ${params.objective} objective.`);
    }
    const rows = train.labels.length;
    if (rows === 0) throw new RangeError('No training rows.');
    assertTableShape(train.table, rows, 'training table');
    checkLabels(train.labels, params.objective, 'training');
    if (validation) {
        assertTableShape(validation.table, validation.labels.length, 'validation table');
        checkLabels(validation.labels, params.objective, 'validation');
    }

    const thresholds = train.table.columns.map((column) => quantileThresholds(column, params.maxBins));
    const binned = binTable(train.table, thresholds);
    return boost(train, validation, params, binned, new TreeGrower(binned, params));
}

/** The boosting rounds, each growing a tree on the round's sample with `grower`. */
function boost(train: TrainingSet, validation: TrainingSet | undefined, params: GbdtParams, binned: BinnedTable, grower: TreeGrower): GbdtModel {
    const rows = train.labels.length;
    const thresholds = binned.thresholds;
    const baseScore = initialScore(train.labels, params.objective);
    const margins = new Float64Array(rows).fill(baseScore);
    const gradients = new Float64Array(rows);
    const hessians = new Float64Array(rows);
    const sampled = new Uint32Array(rows);
    const featureCount = train.table.columns.length;
    const allFeatures = Int32Array.from({ length: featureCount }, (_, f) => f);

    const model: GbdtModel = {
        kind: 'gbdt', version: 1, objective: params.objective, featureNames: [...train.table.names],
        thresholds: thresholds.map((cuts) => Array.from(cuts)), trees: [], baseScore, bestIteration: 0,
        validationHistory: [], params,
    };
    const validationMargins = validation ? new Float64Array(validation.labels.length).fill(baseScore) : null;
    // Binned with the training thresholds, a validation row reaches the same leaf as its raw values would.
    const validationRows = Uint32Array.from({ length: validation?.labels.length ?? 0 }, (_, i) => i);
    const binnedValidation = validation ? binTable({ names: model.featureNames, columns: columnsForModel(model, validation.table) }, thresholds) : null;
    const higherIsBetter = params.metric === 'auc';
    let bestScore = Number.NaN;

    for (let round = 0; round < params.rounds; round++) {
        const sampleSize = sampleRows(params, round, rows, sampled);
        const inBag = sampled.subarray(0, sampleSize);
        computeGradients(params.objective, train.labels, margins, inBag, gradients, hessians);
        const features = params.colsample < 1 ? sampleFeatures(params, round, featureCount) : allFeatures;
        const tree = grower.grow(inBag, features, gradients, hessians);
        model.trees.push(tree);
        grower.addLeafValues(tree, sampled, margins);
        addTreeValues(tree, binned, sampled.subarray(sampleSize), margins);

        if (!validation || !validationMargins || !binnedValidation) continue;
        addTreeValues(tree, binnedValidation, validationRows, validationMargins);
        const score = metricValue(params.metric, validation.labels, validationMargins);
        model.validationHistory.push(score);
        if (Number.isNaN(bestScore) || (higherIsBetter ? score > bestScore : score < bestScore)) {
            bestScore = score;
            model.bestIteration = round + 1;
        } else if (round + 1 - model.bestIteration >= params.earlyStoppingRounds) {
            break;
        }
    }
    if (validation) model.trees.length = model.bestIteration;
    else model.bestIteration = model.trees.length;
    return model;
}

function checkLabels(labels: Float64Array, objective: GbdtParams['objective'], what: string): void {
    for (let i = 0; i < labels.length; i++) {
        const label = labels[i]!;
        if (objective === 'logistic' ? label !== 0 && label !== 1 : !Number.isFinite(label)) {
            throw new RangeError(`${what} label ${i} is ${label}; the ${objective} objective needs ${objective === 'logistic' ? '0 or 1' : 'finite numbers'}.`);
        }
    }
}

function initialScore(labels: Float64Array, objective: GbdtParams['objective']): number {
    let sum = 0;
    for (let i = 0; i < labels.length; i++) sum += labels[i]!;
    const mean = sum / labels.length;
    if (objective === 'squared') return mean;
    const rate = Math.min(1 - 1e-6, Math.max(1e-6, mean));
    return Math.log(rate / (1 - rate));
}

/** For the listed rows (the others' are not used this round): logistic g = p − y, h = p(1 − p) (at least 1e-16); squared g = ŷ − y, h = 1. */
function computeGradients(objective: GbdtParams['objective'], labels: Float64Array, margins: Float64Array, rows: Uint32Array, gradients: Float64Array, hessians: Float64Array): void {
    for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        if (objective === 'logistic') {
            const p = sigmoid(margins[row]!);
            gradients[row] = p - labels[row]!;
            hessians[row] = Math.max(p * (1 - p), 1e-16);
        } else {
            gradients[row] = margins[row]! - labels[row]!;
            hessians[row] = 1;
        }
    }
}

/**
 * Each row with probability `subsample` (all rows when 1); at least one row. The drawn rows fill `into` from the
 * front in ascending order, the others (out of bag) the rest. Returns how many were drawn.
 */
function sampleRows(params: GbdtParams, round: number, rows: number, into: Uint32Array): number {
    let count = 0;
    if (params.subsample >= 1) {
        for (let row = 0; row < rows; row++) into[count++] = row;
        return count;
    }
    const random = new Random(params.seed, 'gbdt-rows', round);
    let outOfBag = rows;
    for (let row = 0; row < rows; row++) {
        if (random.float() < params.subsample) into[count++] = row;
        else into[--outOfBag] = row;
    }
    if (count === 0) {
        const row = random.int(rows);
        into[rows - 1 - row] = into[0]!;
        into[count++] = row;
    }
    return count;
}

/** ⌈colsample × features⌉ distinct features (partial Fisher–Yates), in ascending order. */
function sampleFeatures(params: GbdtParams, round: number, featureCount: number): Int32Array {
    const random = new Random(params.seed, 'gbdt-columns', round);
    const pool = Int32Array.from({ length: featureCount }, (_, f) => f);
    const take = Math.max(1, Math.ceil(params.colsample * featureCount));
    for (let i = 0; i < take; i++) {
        const j = i + random.int(featureCount - i);
        const swap = pool[i]!;
        pool[i] = pool[j]!;
        pool[j] = swap;
    }
    return pool.subarray(0, take).sort();
}

/** logloss (probabilities clipped to [1e-15, 1 − 1e-15]), AUC, or RMSE of margins against labels. */
export function metricValue(metric: GbdtParams['metric'], labels: Float64Array, margins: Float64Array): number {
    if (metric === 'auc') return auc(margins, labels);
    let sum = 0;
    for (let i = 0; i < labels.length; i++) {
        if (metric === 'rmse') {
            const error = margins[i]! - labels[i]!;
            sum += error * error;
        } else {
            const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(margins[i]!)));
            sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
        }
    }
    return metric === 'rmse' ? Math.sqrt(sum / labels.length) : sum / labels.length;
}
