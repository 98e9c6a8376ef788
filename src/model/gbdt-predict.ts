// Scoring with a trained model: raw margins, probabilities, per-feature contributions for one row, and for many rows
// the groups of features that raised each one's margin most.
// The trees are flattened once into typed arrays; rows are scored in blocks, tree by tree, so that the margins of a
// block and the nodes of a tree stay in cache. Each row's margin is baseScore + tree 1 + tree 2 + … in that order,
// whatever the block size, so the same model gives the same bits.
import { assertTableShape, type FeatureTable } from './feature-binning.js';
import type { GbdtModel } from './gbdt-json.js';
import { UserError } from '../user-error.js';

/**
 * A model's trees in typed arrays. For scoring, each feature's raw values are coded by the distinct thresholds the
 * trees use on it (`cuts`): code(x) = the first k with x <= cuts[f][k] (cuts.length above them all, MISSING for NaN),
 * so x <= cuts[f][k] exactly when code(x) <= k, and a node sends a code right (to left + 1) when code > cut: a
 * comparison without branches. Each feature is coded twice, NaN as MISSING (above every cut: right) and NaN as 0
 * (at or below every cut: left); a node reads the code that sends missing values its way.
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
    /**
     * The coded walk, four numbers per node at 4 × node: the code read (feature f, or features + f for NaN to the
     * left; 0 for a leaf), 4 × the node on the left, the cut, and 0. Together, so that a step reads one cache line.
     */
    steps: Int32Array;
    cuts: Float64Array[];
    /** cuts[f] padded with +Infinity to a power of two (at least 1), for the branchless search of codeOf. */
    paddedCuts: Float64Array[];
    /** Per feature, 1 when a node on it sends missing values left (its NaN-left code is read). */
    missingLeft: Uint8Array;
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
        steps: new Int32Array(nodes * 4),
        cuts: distinctThresholds(models),
        paddedCuts: [],
        missingLeft: new Uint8Array(models[0]!.featureNames.length),
        treeEnds: Int32Array.from(models, (_, m) => models.slice(0, m + 1).reduce((sum, model) => sum + model.trees.length, 0)),
    };
    forest.paddedCuts = forest.cuts.map(padToPowerOfTwo);
    const features = models[0]!.featureNames.length;
    const { steps } = forest;
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
                steps[4 * i + 1] = 4 * i;
                steps[4 * i + 2] = MISSING + 1;
                continue;
            }
            steps[4 * i] = tree.defaultLeft[node] ? features + feature : feature;
            if (tree.defaultLeft[node]) forest.missingLeft[feature] = 1;
            steps[4 * i + 1] = 4 * forest.left[i]!;
            steps[4 * i + 2] = codeOf(forest.paddedCuts[feature]!, tree.threshold[node]!);
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

function padToPowerOfTwo(cuts: Float64Array): Float64Array {
    let size = 1;
    while (size < cuts.length + 1) size *= 2;
    const padded = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    padded.set(cuts);
    return padded;
}

/**
 * The first k with value <= cuts[k] (cuts.length above them all, as binOf bins), MISSING for NaN, from the cuts
 * padded by padToPowerOfTwo: the count of cuts below the value, found in log2(size) halvings that add without a
 * branch (a mispredicted branch per halving cost more than the search itself).
 */
function codeOf(padded: Float64Array, value: number): number {
    if (value !== value) return MISSING;
    let code = 0;
    for (let step = padded.length >> 1; step > 0; step >>= 1) code += step & -(+(padded[code + step - 1]! < value));
    return code;
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
 * Walks rows in blocks: codes the block's values (row-major, so a row's codes share cache lines), then walks every
 * tree for the block's rows, adding each leaf's value to its model's margin of the row, and hands `visit` the leaves
 * of the first `keptTrees` trees, row by row: leaves[row * keptTrees + t].
 */
function scoreBlocks(
    forest: Forest, columns: Float64Array[], margins: Float64Array[], keptTrees: number,
    visit: (leaves: Int32Array, start: number, count: number) => void,
): void {
    const rows = columns.length === 0 ? 0 : columns[0]!.length;
    const { paddedCuts, cuts, treeEnds, missingLeft } = forest;
    // A row's codes: NaN right for each feature, then NaN left for each feature.
    const features = columns.length;
    const stride = Math.max(1, 2 * features);
    const usedFeatures = cuts.flatMap((featureCuts, f) => (featureCuts.length > 0 ? [f] : []));
    const codes = new Uint16Array(BLOCK * stride);
    const leaves = new Int32Array(BLOCK * keptTrees);
    const blockMargins = new Float64Array(BLOCK);
    for (let start = 0; start < rows; start += BLOCK) {
        const count = Math.min(rows, start + BLOCK) - start;
        for (const f of usedFeatures) {
            const column = columns[f]!;
            const featureCuts = paddedCuts[f]!;
            const alsoLeft = missingLeft[f] === 1;
            for (let row = 0, at = f; row < count; row++, at += stride) {
                const code = codeOf(featureCuts, column[start + row]!);
                codes[at] = code;
                if (alsoLeft) codes[at + features] = code === MISSING ? 0 : code;
            }
        }
        for (let m = 0; m < margins.length; m++) {
            const modelMargins = margins[m]!;
            blockMargins.set(modelMargins.subarray(start, start + count));
            walkTrees(forest, m === 0 ? 0 : treeEnds[m - 1]!, treeEnds[m]!, codes, count, stride, blockMargins, leaves, keptTrees);
            modelMargins.set(blockMargins.subarray(0, count), start);
        }
        visit(leaves, start, count);
    }
}

/**
 * Trees from … to − 1 each walk the rows of a block four at a time, their depth's number of steps (leaves step to
 * themselves), so that the four walks overlap instead of each step waiting for the one before. Each leaf's value
 * is added to the row's margin, tree after tree; the leaves of trees before `keptTrees` are kept.
 */
function walkTrees(
    forest: Forest, from: number, to: number, codes: Uint16Array, count: number, stride: number,
    margins: Float64Array, leaves: Int32Array, keptTrees: number,
): void {
    const { roots, depths, steps, value } = forest;
    for (let t = from; t < to; t++) {
        const root = 4 * roots[t]!;
        const depth = depths[t]!;
        const kept = t < keptTrees;
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
                const c0 = codes[b0 + steps[n0]!]!;
                const c1 = codes[b1 + steps[n1]!]!;
                const c2 = codes[b2 + steps[n2]!]!;
                const c3 = codes[b3 + steps[n3]!]!;
                // (cut − code) >>> 31 is 1 when code > cut; the node on the right is 4 further on.
                n0 = steps[n0 + 1]! + (((steps[n0 + 2]! - c0) >>> 31) << 2);
                n1 = steps[n1 + 1]! + (((steps[n1 + 2]! - c1) >>> 31) << 2);
                n2 = steps[n2 + 1]! + (((steps[n2 + 2]! - c2) >>> 31) << 2);
                n3 = steps[n3 + 1]! + (((steps[n3 + 2]! - c3) >>> 31) << 2);
            }
            n0 >>= 2;
            n1 >>= 2;
            n2 >>= 2;
            n3 >>= 2;
            margins[row] = margins[row]! + value[n0]!;
            margins[row + 1] = margins[row + 1]! + value[n1]!;
            margins[row + 2] = margins[row + 2]! + value[n2]!;
            margins[row + 3] = margins[row + 3]! + value[n3]!;
            if (kept) {
                const out = row * keptTrees + t;
                leaves[out] = n0;
                leaves[out + keptTrees] = n1;
                leaves[out + 2 * keptTrees] = n2;
                leaves[out + 3 * keptTrees] = n3;
            }
        }
        for (; row < count; row++) {
            const base = row * stride;
            let node = root;
            for (let step = 0; step < depth; step++) {
                const code = codes[base + steps[node]!]!;
                node = steps[node + 1]! + (((steps[node + 2]! - code) >>> 31) << 2);
            }
            node >>= 2;
            margins[row] = margins[row]! + value[node]!;
            if (kept) leaves[row * keptTrees + t] = node;
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
    const { treeEnds } = forest;
    const margins = models.map((model) => new Float64Array(rows).fill(model.baseScore));
    const k = topGroups?.k ?? 0;
    const groups = topGroups?.groups ?? 0;
    if (groups > 127) throw new Error('marginsOfModels: at most 127 groups');
    const paths = topGroups ? pathContributions(forest, treeEnds[0]!, topGroups.groupOf) : null;
    const top = topGroups ? new Int8Array(rows * k).fill(-1) : null;
    const sums = new Float64Array(groups);
    scoreBlocks(forest, columns, margins, paths ? treeEnds[0]! : 0, (leaves, start, count) => {
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

/** Sums the path contributions of each row of the block over the first `trees` trees by group, and keeps its top k. */
function addTopGroups(paths: Paths, leaves: Int32Array, trees: number, start: number, count: number, sums: Float64Array, groups: number, k: number, top: Int8Array): void {
    const { pathStart, pathEnd, pathGroup, pathValue } = paths;
    // Row by row, so that one row's sums stay in the nearest cache while its trees add to them.
    for (let row = 0, at = 0; row < count; row++) {
        sums.fill(0);
        for (let t = 0; t < trees; t++, at++) {
            const leaf = leaves[at]!;
            for (let entry = pathStart[leaf]!, end = pathEnd[leaf]!; entry < end; entry++) {
                const group = pathGroup[entry]!;
                sums[group] = sums[group]! + pathValue[entry]!;
            }
        }
        const out = (start + row) * k;
        for (let place = 0; place < k; place++) {
            let best = -1;
            for (let group = 0; group < groups; group++) {
                if (sums[group]! > 0 && (best < 0 || sums[group]! > sums[best]!)) best = group;
            }
            if (best < 0) break;
            top[out + place] = best;
            sums[best] = 0;
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
