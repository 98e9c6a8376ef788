// The body of a scoring thread (see scoring-threads.ts): scores each range of rows it is sent and writes the scores
// in place, in the shared score arrays, then says which range it finished.
import { parentPort, workerData } from 'node:worker_threads';
import { REASONS_PER_DECLARATION, scoreRows } from './score-rows.js';
import type { ScoringRange, ScoringThreadData } from './scoring-threads.js';

const { models, features, columns, scores } = workerData as ScoringThreadData;
parentPort!.on('message', ({ from, to, slot }: ScoringRange) => {
    const range = scoreRows(models, features, columns.map((column) => column.subarray(slot, slot + to - from)));
    scores.probability.set(range.probability, from);
    scores.predictedRevenue.set(range.predictedRevenue, from);
    scores.expectedRevenue.set(range.expectedRevenue, from);
    scores.topReasons.set(range.topReasons, from * REASONS_PER_DECLARATION);
    parentPort!.postMessage({ from, to, slot } satisfies ScoringRange);
});
