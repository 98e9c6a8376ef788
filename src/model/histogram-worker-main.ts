// The body of the histogram thread (see histogram-thread.ts): waits for a node, sums its share of the features into
// the shared histogram, says it is done, until told to stop.
import { workerData } from 'node:worker_threads';
import { accumulateFeatures } from './histogram-kernel.js';
import { DONE, FEATURE_LIST, FEATURES, JOB, ROWS, type HistogramThreadData } from './histogram-thread.js';

const { layout, rows, gh, histogram, control } = workerData as HistogramThreadData;
for (let seen = 0; ;) {
    Atomics.wait(control, JOB, seen);
    const job = Atomics.load(control, JOB);
    if (job < 0) break;
    if (job === seen) continue;
    const features = control.subarray(FEATURE_LIST, FEATURE_LIST + control[FEATURES]!);
    accumulateFeatures(layout, histogram, features, 0, features.length, rows, gh, control[ROWS]!);
    seen = job;
    Atomics.store(control, DONE, job);
    Atomics.notify(control, DONE);
}
