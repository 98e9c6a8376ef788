// Scoring with a trained model: raw margins, probabilities, and per-feature contributions for one row.
// The trees are flattened once into typed arrays; rows are scored in blocks, tree by tree, so that the margins of a
// block and the nodes of a tree stay in cache. Each row's margin is baseScore + tree 1 + tree 2 + … in that order,
// whatever the block size, so the same model gives the same bits.
import { assertTableShape, type FeatureTable } from './feature-binning.js';
import type { GbdtModel } from './gbdt-json.js';
import { UserError } from '../user-error.js';

/**
 * A model's trees in typed arrays. For scoring, each feature's raw values are coded by the distinct thresholds the
 * trees use on it (`cuts`): code(x) = the first k with x <= cuts[f][k] (cuts.length above them all, MISSING for NaN),
 * so x <= cuts[f][k] exactly when code(x) <= k. A node then sends a code right (to left + 1) when cut < code < limit,
 * with limit = MISSING for a node whose missing values go left: a comparison without branches.
 */
interface Forest {
    roots: Int32Array;
    feature: Int32Array;
    threshold: Float64Array;
    defaultLeft: Uint8Array;
    left: Int32Array;
    right: Int32Array;
    value: Float64Array;
    /** Per node, the code of its threshold and the limit above which codes go left again (see above). */
    cut: Uint16Array;
    limit: Int32Array;
    cuts: Float64Array[];
}

const MISSING = 0xffff;

const forests = new WeakMap<GbdtModel, Forest>();

function forestOf(model: GbdtModel): Forest {
    const cached = forests.get(model);
    if (cached) return cached;
    const nodes = model.trees.reduce((sum, tree) => sum + tree.feature.length, 0);
    const forest: Forest = {
        roots: new Int32Array(model.trees.length),
        feature: new Int32Array(nodes),
        threshold: new Float64Array(nodes),
        defaultLeft: new Uint8Array(nodes),
        left: new Int32Array(nodes),
        right: new Int32Array(nodes),
        value: new Float64Array(nodes),
        cut: new Uint16Array(nodes),
        limit: new Int32Array(nodes),
        cuts: distinctThresholds(model),
    };
    let at = 0;
    model.trees.forEach((tree, t) => {
        forest.roots[t] = at;
        for (let node = 0; node < tree.feature.length; node++) {
            const i = at + node;
            const feature = tree.feature[node]!;
            forest.feature[i] = feature;
            forest.threshold[i] = tree.threshold[node]!;
            forest.defaultLeft[i] = tree.defaultLeft[node] ? 1 : 0;
            forest.left[i] = tree.left[node]! < 0 ? -1 : at + tree.left[node]!;
            forest.right[i] = tree.right[node]! < 0 ? -1 : at + tree.right[node]!;
            forest.value[i] = tree.value[node]!;
            if (feature < 0) continue;
            forest.cut[i] = codeOf(forest.cuts[feature]!, tree.threshold[node]!);
            forest.limit[i] = tree.defaultLeft[node] ? MISSING : MISSING + 1;
        }
        at += tree.feature.length;
    });
    forests.set(model, forest);
    return forest;
}

/** Per feature, the distinct thresholds of the splits on it, ascending. */
function distinctThresholds(model: GbdtModel): Float64Array[] {
    const perFeature = model.featureNames.map(() => [] as number[]);
    for (const tree of model.trees) {
        tree.feature.forEach((feature, node) => {
            if (feature >= 0) perFeature[feature]!.push(tree.threshold[node]!);
        });
    }
    return perFeature.map((values, f) => {
        const sorted = Float64Array.from(values).sort();
        const distinct = sorted.filter((value, i) => i === 0 || value !== sorted[i - 1]);
        if (distinct.length >= MISSING) throw new UserError('model_invalid', `The model splits feature "${model.featureNames[f]}" at ${distinct.length} different thresholds; scoring handles at most ${MISSING - 1}.`);
        return distinct;
    });
}

/** The first k with value <= cuts[k] (cuts.length above them all), MISSING for NaN. */
function codeOf(cuts: Float64Array, value: number): number {
    if (Number.isNaN(value)) return MISSING;
    let low = 0;
    let high = cuts.length;
    while (low < high) {
        const middle = (low + high) >>> 1;
        if (value <= cuts[middle]!) high = middle;
        else low = middle + 1;
    }
    return low;
}

/** The table's columns in the model's feature order; a UserError names a missing feature. */
export function columnsForModel(model: GbdtModel, table: FeatureTable): Float64Array[] {
    const byName = new Map(table.names.map((name, i) => [name, table.columns[i]!]));
    return model.featureNames.map((name) => {
        const column = byName.get(name);
        if (!column) throw new UserError('feature_missing', `The model needs feature "${name}", which the table to score lacks (it has: ${table.names.join(', ')}).`);
        return column;
    });
}

const BLOCK = 1024;

/**
 * Raw margins (log-odds for logistic, the prediction for squared loss), one per row. Rows are scored in blocks: the
 * block's values are coded (row-major, so a row's codes share cache lines), then each tree walks every row of the
 * block while its nodes stay in cache.
 */
export function predictMargins(model: GbdtModel, table: FeatureTable): Float64Array {
    const columns = columnsForModel(model, table);
    const rows = columns.length === 0 ? 0 : columns[0]!.length;
    assertTableShape({ names: model.featureNames, columns }, rows, 'table to score');
    const { roots, feature, cut, limit, left, value, cuts } = forestOf(model);
    const features = columns.length;
    const usedFeatures = Int32Array.from(cuts.flatMap((featureCuts, f) => (featureCuts.length > 0 ? [f] : [])));
    const codes = new Uint16Array(BLOCK * Math.max(1, features));
    const margins = new Float64Array(rows).fill(model.baseScore);
    for (let start = 0; start < rows; start += BLOCK) {
        const count = Math.min(rows, start + BLOCK) - start;
        for (let j = 0; j < usedFeatures.length; j++) {
            const f = usedFeatures[j]!;
            const column = columns[f]!;
            const featureCuts = cuts[f]!;
            for (let row = 0; row < count; row++) codes[row * features + f] = codeOf(featureCuts, column[start + row]!);
        }
        for (let t = 0; t < roots.length; t++) {
            const root = roots[t]!;
            for (let row = 0, base = 0; row < count; row++, base += features) {
                let node = root;
                let f = feature[node]!;
                while (f >= 0) {
                    const code = codes[base + f]!;
                    // (cut − code) >>> 31 is 1 when code > cut; (code − limit) >>> 31 is 1 when code < limit.
                    node = left[node]! + (((cut[node]! - code) >>> 31) & ((code - limit[node]!) >>> 31));
                    f = feature[node]!;
                }
                margins[start + row] = margins[start + row]! + value[node]!;
            }
        }
    }
    return margins;
}

export function sigmoid(margin: number): number {
    return 1 / (1 + Math.exp(-margin));
}

/** Probabilities for a logistic model; for a squared-loss model, the margins themselves. */
export function predict(model: GbdtModel, table: FeatureTable): Float64Array {
    const margins = predictMargins(model, table);
    if (model.objective === 'logistic') for (let i = 0; i < margins.length; i++) margins[i] = sigmoid(margins[i]!);
    return margins;
}

export interface Contributions {
    /** baseScore plus every tree's root value: the margin before any feature is looked at. */
    bias: number;
    /** Per feature (model order): the sum of value(child) − value(node) over the splits on it along the row's paths. */
    values: Float64Array;
    margin: number;
}

/**
 * Saabas path attribution for one row (values by feature name; missing names count as NaN): walking each tree from
 * root to leaf, the change in node value at every split is credited to the split's feature. bias + Σ values equals
 * the margin up to floating-point rounding (the telescoping sums are added in a different order).
 */
export function featureContributions(model: GbdtModel, row: Record<string, number>): Contributions {
    const forest = forestOf(model);
    const x = model.featureNames.map((name) => row[name] ?? Number.NaN);
    const values = new Float64Array(model.featureNames.length);
    let bias = model.baseScore;
    let margin = model.baseScore;
    for (let t = 0; t < forest.roots.length; t++) {
        let node = forest.roots[t]!;
        bias += forest.value[node]!;
        while (forest.feature[node]! >= 0) {
            const f = forest.feature[node]!;
            const v = x[f]!;
            const next = v <= forest.threshold[node]! ? forest.left[node]! : v > forest.threshold[node]! ? forest.right[node]! : forest.defaultLeft[node] ? forest.left[node]! : forest.right[node]!;
            values[f] = values[f]! + forest.value[next]! - forest.value[node]!;
            node = next;
        }
        margin += forest.value[node]!;
    }
    return { bias, values, margin };
}
