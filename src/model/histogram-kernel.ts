// The inner loop of growing a tree (gbdt-tree.ts): summing a node's gradients, hessians and row counts into the bins
// of its features.
import type { BinnedTable } from './feature-binning.js';

/** Histogram offset of each feature's bin 0: its value bins and its missing bin, after the features before it. */
export function histogramOffsets(data: BinnedTable): Int32Array {
    const offsets = new Int32Array(data.features + 1);
    for (let f = 0; f < data.features; f++) offsets[f + 1] = offsets[f]! + data.thresholds[f]!.length + 2;
    return offsets;
}

/** What the loop reads besides the rows: the binned features and where each feature's bins start. */
export interface HistogramLayout {
    /** Bin codes per feature: bins[feature][row]. */
    bins: Uint8Array[];
    /** Histogram offset of each feature's bin 0 (in bins; ×3 for the array index), and the end of the last. */
    offsets: Int32Array;
    /** An all-zero bin column as long as the features, padding the last group of four. */
    zeroBins: Uint8Array;
}

/**
 * Zeroes the bins of `features` in `histogram`, then adds `count` rows to them: the rows' ids in `rows`,
 * their gradients and hessians interleaved in `gh` (g, h of rows[i] at 2i, 2i + 1). Four features are summed in
 * one pass over the rows, so the additions overlap; each bin still sums its rows in order.
 */
export function accumulateFeatures(layout: HistogramLayout, histogram: Float64Array, features: Int32Array, rows: Uint32Array, gh: Float64Array, count: number): void {
    const { bins, offsets, zeroBins } = layout;
    for (let j = 0; j < features.length; j++) histogram.fill(0, offsets[features[j]!]! * 3, offsets[features[j]! + 1]! * 3);
    // Past the last feature, a group is padded with the sink: an all-zero bin column adding into an extra bin at the
    // end of the histogram that nothing reads.
    const sink = offsets[offsets.length - 1]! * 3;
    const to = features.length;
    for (let j = 0; j < to; j += 4) {
        const bins0 = bins[features[j]!]!;
        const bins1 = j + 1 < to ? bins[features[j + 1]!]! : zeroBins;
        const bins2 = j + 2 < to ? bins[features[j + 2]!]! : zeroBins;
        const bins3 = j + 3 < to ? bins[features[j + 3]!]! : zeroBins;
        const base0 = offsets[features[j]!]! * 3;
        const base1 = j + 1 < to ? offsets[features[j + 1]!]! * 3 : sink;
        const base2 = j + 2 < to ? offsets[features[j + 2]!]! * 3 : sink;
        const base3 = j + 3 < to ? offsets[features[j + 3]!]! * 3 : sink;
        for (let i = 0; i < count; i++) {
            const row = rows[i]!;
            const g = gh[2 * i]!;
            const h = gh[2 * i + 1]!;
            const at0 = base0 + bins0[row]! * 3;
            const at1 = base1 + bins1[row]! * 3;
            const at2 = base2 + bins2[row]! * 3;
            const at3 = base3 + bins3[row]! * 3;
            histogram[at0] = histogram[at0]! + g;
            histogram[at0 + 1] = histogram[at0 + 1]! + h;
            histogram[at0 + 2] = histogram[at0 + 2]! + 1;
            histogram[at1] = histogram[at1]! + g;
            histogram[at1 + 1] = histogram[at1 + 1]! + h;
            histogram[at1 + 2] = histogram[at1 + 2]! + 1;
            histogram[at2] = histogram[at2]! + g;
            histogram[at2 + 1] = histogram[at2 + 1]! + h;
            histogram[at2 + 2] = histogram[at2 + 2]! + 1;
            histogram[at3] = histogram[at3]! + g;
            histogram[at3 + 1] = histogram[at3 + 1]! + h;
            histogram[at3 + 2] = histogram[at3 + 2]! + 1;
        }
    }
}
