// The body of a scoring thread: scores the rows it was given and posts the scores back (their buffers moved, not copied).
import { parentPort, workerData } from 'node:worker_threads';
import { scoreRows } from './audit-model.js';

const { models, features, columns } = workerData as { models: Parameters<typeof scoreRows>[0]; features: Parameters<typeof scoreRows>[1]; columns: Float64Array[] };
const scores = scoreRows(models, features, columns);
parentPort!.postMessage(scores, [scores.probability.buffer, scores.predictedRevenue.buffer, scores.expectedRevenue.buffer, scores.topReasons.buffer] as ArrayBuffer[]);
