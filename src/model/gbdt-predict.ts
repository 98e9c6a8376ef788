// Scoring with a trained model: raw margins, probabilities, per-feature contributions for one row, and for many rows
// the groups of features that raised each one's margin most.
// The trees are flattened once into typed arrays; rows are scored in blocks, tree by tree, so that the margins of a
// block and the nodes of a tree stay in cache. Each row's margin is baseScore + tree 1 + tree 2 + … in that order,
// whatever the block size, so the same model gives the same bits.
import { assertTableShape, binOf, type FeatureTable } from './feature-binning.js';
import type { GbdtModel } from './gbdt-json.js';
import { UserError } from '../user-error.js';

/**
 * A model's trees in typed arrays. For scoring, each feature's raw values are coded by the distinct thresholds the
 * trees use on it (`cuts`): code(x) = the first k with x <= cuts[f][k] (cuts.length above them all, MISSING for NaN),
 * so x <= cuts[f][k] exactly when code(x) <= k. A node then sends a code right (to left + 1) when cut < code < limit,
 * with limit = MISSING for a node whose missing values go left: a comparison without branches.
 * A leaf steps to itself (left = the leaf, cut above every code), so a row walks every tree exactly its depth's
 * number of steps: the walks of several rows can then run side by side with no branch on where each one is.
 */
interface Forest {
    roots: Int32Array;
    /** Per tree, the number of splits on its longest path. */
    depths: Int32Array;
    /** Per node, the feature it splits on (−1 for a leaf; the coded walk reads stepFeature instead). */
    feature: Int32Array;
    threshold: Float64Array;
    defaultLeft: Uint8Array;
    left: Int32Array;
    right: Int32Array;
    value: Float64Array;
    /** The coded walk: per node, the feature read (0 for a leaf), the next node on the left, the cut and the limit. */
    stepFeature: Int32Array;
    stepLeft: Int32Array;
    cut: Int32Array;
    limit: Int32Array;
    cuts: Float64Array[];
    /** Trees of model m (in the order given): treeEnds[m − 1] (0 for the first) … treeEnds[m] − 1. */
    treeEnds: Int32Array;
}

const MISSING = 0xffff;

const forests = new WeakMap<GbdtModel, Forest>();

function forestOf(model: GbdtModel): Forest {
    const cached = forests.get(model);
    if (cached) return cached;
    const forest = buildForest([model]);
    forests.set(model, forest);
    return forest;
}

/** The trees of several models over the same features, one after the other, coded by the thresholds of them all. */
function buildForest(models: readonly GbdtModel[]): Forest {
    const names = models[0]!.featureNames.join('\n');
    if (models.some((model) => model.featureNames.join('\n') !== names)) throw new Error('models scored together must have the same features');
    const trees = models.flatMap((model) => model.trees);
    const nodes = trees.reduce((sum, tree) => sum + tree.feature.length, 0);
    const forest: Forest = {
        roots: new Int32Array(trees.length),
        depths: new Int32Array(trees.length),
        feature: new Int32Array(nodes),
        threshold: new Float64Array(nodes),
        defaultLeft: new Uint8Array(nodes),
        left: new Int32Array(nodes),
        right: new Int32Array(nodes),
        value: new Float64Array(nodes),
        stepFeature: new Int32Array(nodes),
        stepLeft: new Int32Array(nodes),
        cut: new Int32Array(nodes),
        limit: new Int32Array(nodes),
        cuts: distinctThresholds(models),
        treeEnds: Int32Array.from(models, (_, m) => models.slice(0, m + 1).reduce((sum, model) => sum + model.trees.length, 0)),
    };
    let at = 0;
    trees.forEach((tree, t) => {
        forest.roots[t] = at;
        forest.depths[t] = depthOf(tree.feature, tree.left, 0);
        for (let node = 0; node < tree.feature.length; node++) {
            const i = at + node;
            const feature = tree.feature[node]!;
            forest.feature[i] = feature;
            forest.threshold[i] = tree.threshold[node]!;
            forest.defaultLeft[i] = tree.defaultLeft[node] ? 1 : 0;
            forest.left[i] = tree.left[node]! < 0 ? -1 : at + tree.left[node]!;
            forest.right[i] = tree.right[node]! < 0 ? -1 : at + tree.right[node]!;
            forest.value[i] = tree.value[node]!;
            if (feature < 0) {
                forest.stepLeft[i] = i;
                forest.cut[i] = MISSING + 1;
                continue;
            }
            forest.stepFeature[i] = feature;
            forest.stepLeft[i] = forest.left[i]!;
            forest.cut[i] = codeOf(forest.cuts[feature]!, tree.threshold[node]!);
            forest.limit[i] = tree.defaultLeft[node] ? MISSING : MISSING + 1;
        }
        at += tree.feature.length;
    });
    return forest;
}

/** Splits on the longest path from `node` down (right = left + 1). */
function depthOf(feature: number[], left: number[], node: number): number {
    return feature[node]! < 0 ? 0 : 1 + Math.max(depthOf(feature, left, left[node]!), depthOf(feature, left, left[node]! + 1));
}

/** Per feature, the distinct thresholds of the models' splits on it, ascending. */
function distinctThresholds(models: readonly GbdtModel[]): Float64Array[] {
    const model = models[0]!;
    const perFeature = model.featureNames.map(() => [] as number[]);
    for (const tree of models.flatMap((each) => each.trees)) {
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

/** The first k with value <= cuts[k] (cuts.length above them all, as binOf bins), MISSING for NaN. */
function codeOf(cuts: Float64Array, value: number): number {
    return Number.isNaN(value) ? MISSING : binOf(cuts, value);
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
 * Walks rows in blocks: codes the block's values (row-major, so a row's codes share cache lines), then finds the
 * leaf each row reaches in each tree of the forest, and hands `visit` the block's leaves: leaves[t * count + row].
 */
function forEachBlockOfLeaves(forest: Forest, columns: Float64Array[], visit: (leaves: Int32Array, start: number, count: number) => void): void {
    const rows = columns.length === 0 ? 0 : columns[0]!.length;
    const { cuts, roots } = forest;
    const stride = Math.max(1, columns.length);
    const usedFeatures = cuts.flatMap((featureCuts, f) => (featureCuts.length > 0 ? [f] : []));
    const codes = new Int32Array(BLOCK * stride);
    const leaves = new Int32Array(BLOCK * roots.length);
    for (let start = 0; start < rows; start += BLOCK) {
        const count = Math.min(rows, start + BLOCK) - start;
        for (const f of usedFeatures) {
            const column = columns[f]!;
            const featureCuts = cuts[f]!;
            for (let row = 0, at = f; row < count; row++, at += stride) codes[at] = codeOf(featureCuts, column[start + row]!);
        }
        findLeaves(forest, codes, count, stride, leaves);
        visit(leaves, start, count);
    }
}

/**
 * Each tree walks the rows of a block four at a time, its depth's number of steps each (leaves step to
 * themselves), so that the four walks overlap instead of each step waiting for the one before.
 */
function findLeaves(forest: Forest, codes: Int32Array, count: number, stride: number, leaves: Int32Array): void {
    const { roots, depths, stepFeature, stepLeft, cut, limit } = forest;
    for (let t = 0; t < roots.length; t++) {
        const root = roots[t]!;
        const depth = depths[t]!;
        const out = t * count;
        let row = 0;
        for (; row + 4 <= count; row += 4) {
            const b0 = row * stride;
            const b1 = b0 + stride;
            const b2 = b1 + stride;
            const b3 = b2 + stride;
            let n0 = root;
            let n1 = root;
            let n2 = root;
            let n3 = root;
            for (let step = 0; step < depth; step++) {
                const c0 = codes[b0 + stepFeature[n0]!]!;
                const c1 = codes[b1 + stepFeature[n1]!]!;
                const c2 = codes[b2 + stepFeature[n2]!]!;
                const c3 = codes[b3 + stepFeature[n3]!]!;
                // (cut − code) >>> 31 is 1 when code > cut; (code − limit) >>> 31 is 1 when code < limit.
                n0 = stepLeft[n0]! + (((cut[n0]! - c0) >>> 31) & ((c0 - limit[n0]!) >>> 31));
                n1 = stepLeft[n1]! + (((cut[n1]! - c1) >>> 31) & ((c1 - limit[n1]!) >>> 31));
                n2 = stepLeft[n2]! + (((cut[n2]! - c2) >>> 31) & ((c2 - limit[n2]!) >>> 31));
                n3 = stepLeft[n3]! + (((cut[n3]! - c3) >>> 31) & ((c3 - limit[n3]!) >>> 31));
            }
            leaves[out + row] = n0;
            leaves[out + row + 1] = n1;
            leaves[out + row + 2] = n2;
            leaves[out + row + 3] = n3;
        }
        for (; row < count; row++) {
            const base = row * stride;
            let node = root;
            for (let step = 0; step < depth; step++) {
                const code = codes[base + stepFeature[node]!]!;
                node = stepLeft[node]! + (((cut[node]! - code) >>> 31) & ((code - limit[node]!) >>> 31));
            }
            leaves[out + row] = node;
        }
    }
}

/** Raw margins (log-odds for logistic, the prediction for squared loss), one per row. */
export function predictMargins(model: GbdtModel, table: FeatureTable): Float64Array {
    return marginsOfModels([model], table).margins[0]!;
}

/** What to find besides the margins: per row, the `k` groups of the first model's features that raised its margin most. */
export interface TopGroups {
    /** Per feature, its group: 0 … groups − 1. */
    groupOf: Int32Array;
    groups: number;
    k: number;
}

/**
 * The margins of several models over the same features (as predictMargins gives each, bit for bit), the table's
 * values coded once for all of them. With `topGroups`, also for each row the groups of features whose
 * contributions to the first model's margin (as featureContributions credits them, summed over the group's
 * features) are largest and above zero: k group numbers per row, largest first, −1 where fewer groups raised it.
 */
export function marginsOfModels(models: readonly GbdtModel[], table: FeatureTable, topGroups?: TopGroups): { margins: Float64Array[]; top: Int8Array | null } {
    const forest = models.length === 1 ? forestOf(models[0]!) : buildForest(models);
    const columns = columnsForModel(models[0]!, table);
    const rows = columns.length === 0 ? 0 : columns[0]!.length;
    assertTableShape({ names: models[0]!.featureNames, columns }, rows, 'table to score');
    const { value, treeEnds } = forest;
    const margins = models.map((model) => new Float64Array(rows).fill(model.baseScore));
    const k = topGroups?.k ?? 0;
    const groups = topGroups?.groups ?? 0;
    if (groups > 127) throw new Error('marginsOfModels: at most 127 groups');
    const paths = topGroups ? pathContributions(forest, treeEnds[0]!, topGroups.groupOf) : null;
    const top = topGroups ? new Int8Array(rows * k).fill(-1) : null;
    const sums = new Float64Array(BLOCK * groups);
    forEachBlockOfLeaves(forest, columns, (leaves, start, count) => {
        for (let m = 0, t = 0; m < models.length; m++) {
            const modelMargins = margins[m]!;
            for (; t < treeEnds[m]!; t++) {
                for (let row = 0, at = t * count; row < count; row++, at++) modelMargins[start + row] = modelMargins[start + row]! + value[leaves[at]!]!;
            }
        }
        if (paths && top) addTopGroups(paths, leaves, treeEnds[0]!, start, count, sums, groups, k, top);
    });
    return { margins, top };
}

interface Paths {
    pathStart: Int32Array;
    pathEnd: Int32Array;
    pathGroup: Int32Array;
    pathValue: Float64Array;
}

/**
 * Per leaf of the first `trees` trees, the changes in node value along the path from its tree's root to it, summed
 * by group of the features split on (as featureContributions credits them): leaf node → its entries
 * pathStart[node] … pathEnd[node] − 1.
 */
function pathContributions(forest: Forest, trees: number, groupOf: Int32Array): Paths {
    const { roots, feature, left, value } = forest;
    const pathStart = new Int32Array(feature.length);
    const pathEnd = new Int32Array(feature.length);
    const groups: number[] = [];
    const values: number[] = [];
    const walk = (node: number, path: Map<number, number>) => {
        if (feature[node]! < 0) {
            pathStart[node] = groups.length;
            for (const [group, sum] of path) {
                groups.push(group);
                values.push(sum);
            }
            pathEnd[node] = groups.length;
            return;
        }
        const group = groupOf[feature[node]!]!;
        for (const child of [left[node]!, left[node]! + 1]) {
            const onPath = new Map(path);
            onPath.set(group, (onPath.get(group) ?? 0) + (value[child]! - value[node]!));
            walk(child, onPath);
        }
    };
    roots.subarray(0, trees).forEach((root) => walk(root, new Map()));
    return { pathStart, pathEnd, pathGroup: Int32Array.from(groups), pathValue: Float64Array.from(values) };
}

/** Sums the path contributions of the block's rows over the first `trees` trees by group, and keeps each row's top k. */
function addTopGroups(paths: Paths, leaves: Int32Array, trees: number, start: number, count: number, sums: Float64Array, groups: number, k: number, top: Int8Array): void {
    const { pathStart, pathEnd, pathGroup, pathValue } = paths;
    sums.fill(0);
    for (let t = 0; t < trees; t++) {
        for (let row = 0, at = t * count, sum = 0; row < count; row++, at++, sum += groups) {
            const leaf = leaves[at]!;
            for (let entry = pathStart[leaf]!, end = pathEnd[leaf]!; entry < end; entry++) {
                const slot = sum + pathGroup[entry]!;
                sums[slot] = sums[slot]! + pathValue[entry]!;
            }
        }
    }
    for (let row = 0; row < count; row++) {
        const sum = row * groups;
        const out = (start + row) * k;
        for (let place = 0; place < k; place++) {
            let best = -1;
            for (let group = 0; group < groups; group++) {
                if (sums[sum + group]! > 0 && (best < 0 || sums[sum + group]! > sums[sum + best]!)) best = group;
            }
            if (best < 0) break;
            top[out + place] = best;
            sums[sum + best] = 0;
        }
    }
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
