// Scoring with a trained model: raw margins, probabilities, and per-feature contributions for one row.
// The trees are flattened once into typed arrays; rows are scored in blocks, tree by tree, so that the margins of a
// block and the nodes of a tree stay in cache. Each row's margin is baseScore + tree 1 + tree 2 + … in that order,
// whatever the block size, so the same model gives the same bits.
import { assertTableShape, type FeatureTable } from './feature-binning.js';
import type { GbdtModel } from './gbdt-json.js';
import { UserError } from '../user-error.js';

interface Forest {
    roots: Int32Array;
    feature: Int32Array;
    threshold: Float64Array;
    defaultLeft: Uint8Array;
    left: Int32Array;
    right: Int32Array;
    value: Float64Array;
}

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
    };
    let at = 0;
    model.trees.forEach((tree, t) => {
        forest.roots[t] = at;
        for (let node = 0; node < tree.feature.length; node++) {
            forest.feature[at + node] = tree.feature[node]!;
            forest.threshold[at + node] = tree.threshold[node]!;
            forest.defaultLeft[at + node] = tree.defaultLeft[node] ? 1 : 0;
            forest.left[at + node] = tree.left[node]! < 0 ? -1 : at + tree.left[node]!;
            forest.right[at + node] = tree.right[node]! < 0 ? -1 : at + tree.right[node]!;
            forest.value[at + node] = tree.value[node]!;
        }
        at += tree.feature.length;
    });
    forests.set(model, forest);
    return forest;
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

const BLOCK = 2048;

/** Raw margins (log-odds for logistic, the prediction for squared loss), one per row. */
export function predictMargins(model: GbdtModel, table: FeatureTable): Float64Array {
    const columns = columnsForModel(model, table);
    const rows = columns.length === 0 ? 0 : columns[0]!.length;
    assertTableShape({ names: model.featureNames, columns }, rows, 'table to score');
    const forest = forestOf(model);
    const { roots, feature, threshold, defaultLeft, left, value } = forest;
    const margins = new Float64Array(rows).fill(model.baseScore);
    for (let start = 0; start < rows; start += BLOCK) {
        const end = Math.min(rows, start + BLOCK);
        for (let t = 0; t < roots.length; t++) {
            const root = roots[t]!;
            for (let row = start; row < end; row++) {
                let node = root;
                let f = feature[node]!;
                while (f >= 0) {
                    const x = columns[f]![row]!;
                    // The right child follows the left one. NaN compares false both ways, so it goes left exactly
                    // where the default is left.
                    node = left[node]! + ((defaultLeft[node] ? !(x > threshold[node]!) : x <= threshold[node]!) ? 0 : 1);
                    f = feature[node]!;
                }
                margins[row] = margins[row]! + value[node]!;
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
