// Growing one regression tree on binned features from gradient and hessian sums (second-order boosting, as in
// XGBoost and LightGBM). Leaf-wise: the leaf whose best split reduces the loss most is split next, until maxLeaves,
// within maxDepth. Split finding scans per-feature histograms of (Σg, Σh, count); a child's histogram is built only
// for the smaller child, the larger one's is the parent's minus it (the subtraction trick).
//
// Split gain (XGBoost): G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ); leaf value −G/(H + λ) × learning rate.
// Missing values (the last bin of a feature) go to whichever side gives the larger gain: the learnt default direction.
import type { BinnedTable } from './feature-binning.js';
import type { GbdtTree } from './gbdt-json.js';
import { accumulateFeatures, histogramOffsets, type HistogramLayout } from './histogram-kernel.js';

export interface TreeSettings {
    learningRate: number;
    maxDepth: number;
    maxLeaves: number;
    minChildWeight: number;
    minDataInLeaf: number;
    lambda: number;
    minSplitGain: number;
}

/** Reusable buffers for growing trees over one binned table. */
export class TreeGrower {
    /** Histogram offset of each feature's bin 0 (in bins; ×3 for the array index). */
    private readonly offsets: Int32Array;
    private readonly totalBins: number;
    private readonly scratch: Uint32Array;
    private readonly layout: HistogramLayout;
    /** A node's rows, and their gradients and hessians interleaved, gathered before its histogram is made. */
    private readonly gatheredRows: Uint32Array;
    private readonly gathered: Float64Array;
    private readonly pool: Float64Array[] = [];
    /** Per node of the last tree grown: its range in the rows array (a leaf's rows are rows[start..end)). */
    private nodeStart = new Int32Array(0);
    private nodeEnd = new Int32Array(0);

    constructor(private readonly data: BinnedTable, private readonly settings: TreeSettings) {
        this.layout = { bins: data.bins, offsets: histogramOffsets(data), zeroBins: new Uint8Array(data.rows) };
        this.offsets = this.layout.offsets;
        this.totalBins = this.offsets[data.features]!;
        this.scratch = new Uint32Array(data.rows);
        this.gatheredRows = new Uint32Array(data.rows);
        this.gathered = new Float64Array(2 * data.rows);
    }

    /**
     * Grows a tree on the rows listed in `rows` (their order is changed) using only `features`.
     * Returns the tree; thresholds are copied from the binning.
     */
    grow(rows: Uint32Array, features: Int32Array, gradients: Float64Array, hessians: Float64Array): GbdtTree {
        const tree: GbdtTree = { feature: [], bin: [], threshold: [], defaultLeft: [], left: [], right: [], value: [], cover: [] };
        const rootHistogram = this.histogram(rows, 0, rows.length, features, gradients, hessians);
        let sumG = 0;
        let sumH = 0;
        for (let i = 0; i < rows.length; i++) {
            sumG += gradients[rows[i]!]!;
            sumH += hessians[rows[i]!]!;
        }
        const open: Leaf[] = [];
        const root = this.leaf(tree, 0, rows.length, 0, sumG, sumH, rows.length, rootHistogram, features);
        if (root.split) open.push(root);
        else this.release(root);
        let leaves = 1;
        while (leaves < this.settings.maxLeaves && open.length > 0) {
            // Best-first: the open leaf with the largest gain (the earliest node on ties, so growth is deterministic).
            let pick = 0;
            for (let i = 1; i < open.length; i++) if (open[i]!.split!.gain > open[pick]!.split!.gain) pick = i;
            const leaf = open.splice(pick, 1)[0]!;
            const split = leaf.split!;
            const middle = this.partition(rows, leaf, split);
            const leftCount = middle - leaf.start;
            const rightCount = leaf.end - middle;
            // Histogram of the smaller child by scanning its rows, the larger one by subtraction; none for a child
            // that may not be split further (too deep or too few rows), as its split is never searched.
            const depth = leaf.depth + 1;
            const leftSmaller = leftCount <= rightCount;
            const smallSplittable = this.splittable(depth, leftSmaller ? leftCount : rightCount);
            const largeSplittable = this.splittable(depth, leftSmaller ? rightCount : leftCount);
            const small = !smallSplittable && !largeSplittable ? null : leftSmaller
                ? this.histogram(rows, leaf.start, middle, features, gradients, hessians)
                : this.histogram(rows, middle, leaf.end, features, gradients, hessians);
            let large: Float64Array | null = null;
            if (largeSplittable && small) {
                large = leaf.histogram!;
                leaf.histogram = null;
                for (let j = 0; j < features.length; j++) {
                    const end = this.offsets[features[j]! + 1]! * 3;
                    for (let i = this.offsets[features[j]!]! * 3; i < end; i++) large[i] = large[i]! - small[i]!;
                }
            }
            this.release(leaf);
            const leftHistogram = leftSmaller ? small : large;
            const rightHistogram = leftSmaller ? large : small;
            const left = this.leaf(tree, leaf.start, middle, depth, split.leftG, split.leftH, leftCount, leftHistogram, features);
            const right = this.leaf(tree, middle, leaf.end, depth, leaf.sumG - split.leftG, leaf.sumH - split.leftH, rightCount, rightHistogram, features);
            tree.feature[leaf.node] = split.feature;
            tree.bin[leaf.node] = split.bin;
            tree.threshold[leaf.node] = this.data.thresholds[split.feature]![split.bin]!;
            tree.defaultLeft[leaf.node] = split.defaultLeft;
            tree.left[leaf.node] = left.node;
            tree.right[leaf.node] = right.node;
            leaves += 1;
            for (const child of [left, right]) {
                if (child.split) open.push(child);
                else this.release(child);
            }
        }
        for (const leaf of open) this.release(leaf);
        return tree;
    }

    /** Adds the last grown tree's leaf values to the margins of the rows it was grown on (`rows` as grow left it). */
    addLeafValues(tree: GbdtTree, rows: Uint32Array, margins: Float64Array): void {
        for (let node = 0; node < tree.feature.length; node++) {
            if (tree.feature[node]! >= 0) continue;
            const value = tree.value[node]!;
            for (let i = this.nodeStart[node]!; i < this.nodeEnd[node]!; i++) margins[rows[i]!] = margins[rows[i]!]! + value;
        }
    }

    /** Adds a node for a leaf and finds its best split (if it may still be split). */
    private leaf(tree: GbdtTree, start: number, end: number, depth: number, sumG: number, sumH: number, count: number, histogram: Float64Array | null, features: Int32Array): Leaf {
        const node = tree.feature.length;
        if (node >= this.nodeStart.length) {
            const grown = Math.max(64, 2 * node);
            const starts = new Int32Array(grown);
            const ends = new Int32Array(grown);
            starts.set(this.nodeStart);
            ends.set(this.nodeEnd);
            this.nodeStart = starts;
            this.nodeEnd = ends;
        }
        this.nodeStart[node] = start;
        this.nodeEnd[node] = end;
        tree.feature.push(-1);
        tree.bin.push(-1);
        tree.threshold.push(0);
        tree.defaultLeft.push(false);
        tree.left.push(-1);
        tree.right.push(-1);
        tree.value.push((-sumG / (sumH + this.settings.lambda)) * this.settings.learningRate);
        tree.cover.push(sumH);
        const leaf: Leaf = { node, start, end, depth, sumG, sumH, count, histogram, split: null };
        if (this.splittable(depth, count)) leaf.split = this.bestSplit(leaf, features);
        return leaf;
    }

    /** Whether a leaf at this depth with this many rows may be split (each child needs minDataInLeaf rows). */
    private splittable(depth: number, count: number): boolean {
        return depth < this.settings.maxDepth && count >= 2 * this.settings.minDataInLeaf;
    }

    private bestSplit(leaf: Leaf, features: Int32Array): Split | null {
        const { lambda, minChildWeight, minDataInLeaf, minSplitGain } = this.settings;
        const histogram = leaf.histogram!;
        const { sumG, sumH } = leaf;
        const parentScore = (sumG * sumG) / (sumH + lambda);
        // The best candidate so far, kept in locals (a Split is made once at the end).
        let bestGain = Math.max(minSplitGain, 1e-12);
        let bestFeature = -1;
        let bestBin = -1;
        let bestDefaultLeft = false;
        let bestLeftG = 0;
        let bestLeftH = 0;
        for (let j = 0; j < features.length; j++) {
            const feature = features[j]!;
            const base = this.offsets[feature]!;
            const valueBins = this.data.thresholds[feature]!.length + 1;
            const missing = (base + valueBins) * 3;
            const missingG = histogram[missing]!;
            const missingH = histogram[missing + 1]!;
            const missingCount = histogram[missing + 2]!;
            // Rows left of the cut only grow with the bin, so once neither side can leave minDataInLeaf rows on the
            // right, no later bin can either.
            const leftCountLimit = leaf.count - minDataInLeaf;
            let g = 0;
            let h = 0;
            let count = 0;
            for (let bin = 0; bin < valueBins - 1; bin++) {
                const at = (base + bin) * 3;
                g += histogram[at]!;
                h += histogram[at + 1]!;
                count += histogram[at + 2]!;
                if (count > leftCountLimit) break;
                // Missing values to the right.
                if (count >= minDataInLeaf && h >= minChildWeight && sumH - h >= minChildWeight) {
                    const rightG = sumG - g;
                    const gain = (g * g) / (h + lambda) + (rightG * rightG) / (sumH - h + lambda) - parentScore;
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestFeature = feature;
                        bestBin = bin;
                        bestDefaultLeft = false;
                        bestLeftG = g;
                        bestLeftH = h;
                    }
                }
                // Missing values to the left (tried only when there are any).
                if (missingCount === 0) continue;
                const leftCount = count + missingCount;
                const leftG = g + missingG;
                const leftH = h + missingH;
                if (leftCount >= minDataInLeaf && leftCount <= leftCountLimit && leftH >= minChildWeight && sumH - leftH >= minChildWeight) {
                    const rightG = sumG - leftG;
                    const gain = (leftG * leftG) / (leftH + lambda) + (rightG * rightG) / (sumH - leftH + lambda) - parentScore;
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestFeature = feature;
                        bestBin = bin;
                        bestDefaultLeft = true;
                        bestLeftG = leftG;
                        bestLeftH = leftH;
                    }
                }
            }
        }
        if (bestFeature < 0) return null;
        return { gain: bestGain, feature: bestFeature, bin: bestBin, defaultLeft: bestDefaultLeft, leftG: bestLeftG, leftH: bestLeftH };
    }

    /** Moves the leaf's rows that go left to the front of its range (order kept); returns where the right ones start. */
    private partition(rows: Uint32Array, leaf: Leaf, split: Split): number {
        const bins = this.data.bins[split.feature]!;
        const missingBin = this.data.thresholds[split.feature]!.length + 1;
        const cut = split.bin;
        const missingLeft = split.defaultLeft ? 1 : 0;
        const scratch = this.scratch;
        let left = leaf.start;
        let right = 0;
        // Without branches (the side is as good as random): each row is written to both places, and only the
        // side it goes to advances. (cut − bin) >>> 31 is 1 when bin > cut; ((bin ^ missingBin) − 1) >>> 31 is 1
        // when bin is the missing bin.
        for (let i = leaf.start; i < leaf.end; i++) {
            const row = rows[i]!;
            const bin = bins[row]!;
            const goesLeft = (((cut - bin) >>> 31) ^ 1) | (missingLeft & (((bin ^ missingBin) - 1) >>> 31));
            rows[left] = row;
            scratch[right] = row;
            left += goesLeft;
            right += goesLeft ^ 1;
        }
        rows.set(scratch.subarray(0, right), left);
        return left;
    }

    private histogram(rows: Uint32Array, start: number, end: number, features: Int32Array, gradients: Float64Array, hessians: Float64Array): Float64Array {
        const histogram = this.pool.pop() ?? new Float64Array((this.totalBins + 1) * 3);
        // Gather the node's rows and their gradients once: every feature's pass reads them in this order.
        const count = end - start;
        const gatheredRows = this.gatheredRows;
        const gh = this.gathered;
        for (let i = 0; i < count; i++) {
            const row = rows[start + i]!;
            gatheredRows[i] = row;
            gh[2 * i] = gradients[row]!;
            gh[2 * i + 1] = hessians[row]!;
        }
        accumulateFeatures(this.layout, histogram, features, gatheredRows, gh, count);
        return histogram;
    }

    private release(leaf: Leaf): void {
        if (leaf.histogram) this.pool.push(leaf.histogram);
        leaf.histogram = null;
    }
}

interface Split {
    gain: number;
    feature: number;
    bin: number;
    defaultLeft: boolean;
    leftG: number;
    leftH: number;
}

interface Leaf {
    node: number;
    start: number;
    end: number;
    depth: number;
    sumG: number;
    sumH: number;
    count: number;
    histogram: Float64Array | null;
    split: Split | null;
}

/**
 * Adds a tree's leaf values to the margins of the listed binned rows (the rows a tree was not grown on, validation
 * rows). A leaf steps to itself (its cut above every bin), so each row takes the tree's depth in steps and four rows
 * walk side by side, their steps overlapping.
 */
export function addTreeValues(tree: GbdtTree, data: BinnedTable, rows: Uint32Array, margins: Float64Array): void {
    const isLeaf = (node: number) => tree.feature[node]! < 0;
    const feature = Int32Array.from(tree.feature, (f) => Math.max(0, f));
    const cut = Int32Array.from(tree.bin, (bin, node) => (isLeaf(node) ? 256 : bin));
    const left = Int32Array.from(tree.left, (child, node) => (isLeaf(node) ? node : child));
    const missingLeft = Int32Array.from(tree.defaultLeft, (goesLeft) => (goesLeft ? 1 : 0));
    const missingBin = Int32Array.from(tree.feature, (f) => (f < 0 ? -1 : data.thresholds[f]!.length + 1));
    const value = Float64Array.from(tree.value);
    const depthOf = (node: number): number => (isLeaf(node) ? 0 : 1 + Math.max(depthOf(tree.left[node]!), depthOf(tree.right[node]!)));
    const depth = depthOf(0);
    const bins = data.bins;
    // As in partition: left when bin <= cut, or when bin is the missing bin and missing values go left.
    const next = (node: number, bin: number) => left[node]! + (((((cut[node]! - bin) >>> 31) ^ 1) | (missingLeft[node]! & (((bin ^ missingBin[node]!) - 1) >>> 31))) ^ 1);
    let i = 0;
    for (; i + 4 <= rows.length; i += 4) {
        const r0 = rows[i]!;
        const r1 = rows[i + 1]!;
        const r2 = rows[i + 2]!;
        const r3 = rows[i + 3]!;
        let n0 = 0;
        let n1 = 0;
        let n2 = 0;
        let n3 = 0;
        for (let step = 0; step < depth; step++) {
            n0 = next(n0, bins[feature[n0]!]![r0]!);
            n1 = next(n1, bins[feature[n1]!]![r1]!);
            n2 = next(n2, bins[feature[n2]!]![r2]!);
            n3 = next(n3, bins[feature[n3]!]![r3]!);
        }
        margins[r0] = margins[r0]! + value[n0]!;
        margins[r1] = margins[r1]! + value[n1]!;
        margins[r2] = margins[r2]! + value[n2]!;
        margins[r3] = margins[r3]! + value[n3]!;
    }
    for (; i < rows.length; i++) {
        const row = rows[i]!;
        let node = 0;
        for (let step = 0; step < depth; step++) node = next(node, bins[feature[node]!]![row]!);
        margins[row] = margins[row]! + value[node]!;
    }
}
