// A second thread for the histograms of large nodes: while the trainer's thread sums half of a node's features, this
// one sums the other half (the trees are the same either way: see histogram-kernel.ts). The two threads share the
// binned features, the node's gathered rows and gradients, and a control block; the trainer hands over a node with
// Atomics.notify and waits for it with Atomics.wait, so growing a tree stays synchronous.
import { Worker } from 'node:worker_threads';
import type { BinnedTable } from './feature-binning.js';
import { histogramOffsets, type HistogramLayout } from './histogram-kernel.js';

/** What the histogram thread is started with (all in shared memory). */
export interface HistogramThreadData {
    layout: HistogramLayout;
    rows: Uint32Array;
    gh: Float64Array;
    histogram: Float64Array;
    /** [0] the node handed over (counts up; −1: stop), [1] the node finished, [2] its rows, [3] its features, [4…] the features. */
    control: Int32Array;
}

export const JOB = 0;
export const DONE = 1;
export const ROWS = 2;
export const FEATURES = 3;
export const FEATURE_LIST = 4;
const STOP = -1;
// Long enough for the thread to start (it loads its modules first), short enough that a thread that died does not
// hang the run.
const ANSWER_TIMEOUT_MS = 60_000;

/** A typed array of `length` items in a SharedArrayBuffer of its own. */
function shared<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(make: new (buffer: SharedArrayBuffer) => T, bytesPerItem: number, length: number): T {
    return new make(new SharedArrayBuffer(Math.max(1, length) * bytesPerItem));
}

export class HistogramThread {
    readonly layout: HistogramLayout;
    /** The node's rows and its gradients and hessians (interleaved), gathered by the trainer before each histogram. */
    readonly rows: Uint32Array;
    readonly gh: Float64Array;
    private readonly histogram: Float64Array;
    private readonly control: Int32Array;
    private readonly worker: Worker;
    private job = 0;

    /** Starts the thread for trees grown on `data` (its bins are copied into shared memory). */
    constructor(data: BinnedTable) {
        this.layout = {
            bins: data.bins.map((bins) => {
                const copy = shared(Uint8Array, 1, bins.length);
                copy.set(bins);
                return copy;
            }),
            offsets: histogramOffsets(data),
            zeroBins: shared(Uint8Array, 1, data.rows),
        };
        this.rows = shared(Uint32Array, 4, data.rows);
        this.gh = shared(Float64Array, 8, 2 * data.rows);
        this.histogram = shared(Float64Array, 8, (this.layout.offsets[data.features]! + 1) * 3);
        this.control = shared(Int32Array, 4, FEATURE_LIST + data.features);
        const workerData: HistogramThreadData = { layout: this.layout, rows: this.rows, gh: this.gh, histogram: this.histogram, control: this.control };
        this.worker = new Worker(new URL('./histogram-worker.js', import.meta.url), { workerData });
        // It ends when told to stop; until then it must not keep the process alive.
        this.worker.unref();
    }

    /** How many nodes were handed over so far. */
    get nodesHandedOver(): number {
        return this.job;
    }

    /** Hands over features[from..to) of the node whose `count` rows were gathered into rows and gh. */
    start(features: Int32Array, from: number, to: number, count: number): void {
        this.control[ROWS] = count;
        this.control[FEATURES] = to - from;
        this.control.set(features.subarray(from, to), FEATURE_LIST);
        Atomics.store(this.control, JOB, ++this.job);
        Atomics.notify(this.control, JOB);
    }

    /** Waits for the node handed over, then copies its features' bins into `histogram`. */
    finish(histogram: Float64Array, features: Int32Array, from: number, to: number): void {
        while (Atomics.load(this.control, DONE) !== this.job) {
            if (Atomics.wait(this.control, DONE, this.control[DONE]!, ANSWER_TIMEOUT_MS) === 'timed-out' && Atomics.load(this.control, DONE) !== this.job) {
                throw new Error(`the histogram thread did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`);
            }
        }
        const { offsets } = this.layout;
        for (let j = from; j < to; j++) {
            const start = offsets[features[j]!]! * 3;
            histogram.set(this.histogram.subarray(start, offsets[features[j]! + 1]! * 3), start);
        }
    }

    close(): void {
        Atomics.store(this.control, JOB, STOP);
        Atomics.notify(this.control, JOB);
    }
}
