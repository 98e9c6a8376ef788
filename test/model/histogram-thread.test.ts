// Trees grown with the histogram thread are the trees grown on one thread, node for node and bit for bit.
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/generate/random.js';
import { binTable, quantileThresholds } from '../../src/model/feature-binning.js';
import { HISTOGRAM_THREAD_MIN_ROWS, TreeGrower } from '../../src/model/gbdt-tree.js';
import { HistogramThread } from '../../src/model/histogram-thread.js';

describe('histogram thread', () => {
    it('grows the same tree as one thread, with the split features summed by the other thread', () => {
        const rows = 5 * HISTOGRAM_THREAD_MIN_ROWS;
        const features = 9;
        const random = new Random(7, 'histogram-thread-test');
        // a tenth of the first feature missing; the gradients follow the last feature, which the other thread sums
        const columns = Array.from({ length: features }, (_, f) => Float64Array.from({ length: rows }, () => (f === 0 && random.float() < 0.1 ? Number.NaN : random.float())));
        const gradients = Float64Array.from({ length: rows }, (_, row) => (columns[features - 1]![row]! > 0.6 ? -1 : 1) + random.float() - 0.5);
        const hessians = Float64Array.from({ length: rows }, () => 0.5 + random.float());
        const binned = binTable({ names: columns.map((_, f) => `x${f}`), columns }, columns.map((column) => quantileThresholds(column, 255)));
        const settings = { learningRate: 0.1, maxDepth: 6, maxLeaves: 31, minChildWeight: 1, minDataInLeaf: 20, lambda: 1, minSplitGain: 0 };
        const allRows = () => Uint32Array.from({ length: rows }, (_, row) => row);
        const allFeatures = Int32Array.from({ length: features }, (_, f) => f);

        const alone = new TreeGrower(binned, settings).grow(allRows(), allFeatures, gradients, hessians);
        const thread = new HistogramThread(binned);
        try {
            const shared = new TreeGrower(binned, settings, thread).grow(allRows(), allFeatures, gradients, hessians);
            expect(thread.nodesHandedOver).toBeGreaterThan(2);
            expect(alone.feature[0]).toBe(features - 1);
            expect(alone.feature.filter((feature) => feature >= 0).length).toBeGreaterThan(20);
            expect(shared).toEqual(alone);
        } finally {
            thread.close();
        }
    });
});
