// Scoring many declarations on every core: worker threads score ranges of rows as the feature read delivers them,
// so that reading (DuckDB's threads) and scoring overlap. The features and the scores sit on SharedArrayBuffers:
// each thread reads its rows and writes their scores in place. Every row gets the same bits whichever thread scores
// it, and in whichever range.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AuditFeature } from './audit-features.js';
import { type DeclarationScores, REASONS_PER_DECLARATION, type ScoringModels, scoreRows } from './audit-model.js';

/** Below this many rows, starting threads costs more than it saves. */
const ROWS_PER_THREAD = 100_000;
/** Rows handed to a thread at a time. */
const RANGE_ROWS = 32_768;

export interface ScoringRun {
    /** The first `rows` rows of the columns hold their features: they can be scored. */
    rowsReady(rows: number): void;
    /** Scores what is left once every row is ready, and gives the scores of all rows. */
    finish(): Promise<DeclarationScores>;
    /** Stops the threads without waiting for their scores (the read failed). */
    stop(): Promise<void>;
}

/** What a scoring thread is given (see score-worker-main.ts). */
export interface ScoringThreadData {
    models: ScoringModels;
    features: readonly AuditFeature[];
    columns: Float64Array[];
    scores: DeclarationScores;
}

/**
 * Starts scoring the rows of `columns` (one per feature, all rows long; on SharedArrayBuffers, or each thread gets
 * a copy), on this thread for few rows, else in worker threads, one per core, `rangeRows` rows at a time.
 */
export function startScoring(
    models: ScoringModels, features: readonly AuditFeature[], columns: Float64Array[],
    threads = Math.min(availableParallelism(), Math.floor((columns[0]?.length ?? 0) / ROWS_PER_THREAD)),
    rangeRows = RANGE_ROWS,
): ScoringRun {
    const rows = columns[0]?.length ?? 0;
    if (threads <= 1) {
        return { rowsReady: () => {}, finish: async () => scoreRows(models, features, columns), stop: async () => {} };
    }
    const shared = (bytes: number) => new SharedArrayBuffer(bytes);
    const scores: DeclarationScores = {
        probability: new Float64Array(shared(rows * 8)), predictedRevenue: new Float64Array(shared(rows * 8)),
        expectedRevenue: new Float64Array(shared(rows * 8)), topReasons: new Int8Array(shared(rows * REASONS_PER_DECLARATION)),
    };
    const data: ScoringThreadData = { models: { classifier: models.classifier, revenue: models.revenue }, features, columns, scores };
    const pending = new Array<number>(threads).fill(0);
    let failure: Error | null = null;
    let onSettled = () => {};
    const workers = Array.from({ length: threads }, (_, thread) => {
        const worker = new Worker(new URL('./score-worker.js', import.meta.url), { workerData: data });
        worker.on('message', () => {
            pending[thread]!--;
            onSettled();
        });
        worker.once('error', (error) => {
            failure ??= error;
            onSettled();
        });
        worker.once('exit', (code) => {
            if (code !== 0 && pending[thread]! > 0) failure ??= new Error(`a scoring thread stopped with exit code ${code}`);
            onSettled();
        });
        return worker;
    });
    let handedOut = 0;
    const handOut = (upTo: number) => {
        while (handedOut < upTo) {
            const to = Math.min(upTo, handedOut + rangeRows);
            const thread = pending.indexOf(Math.min(...pending));
            pending[thread]!++;
            workers[thread]!.postMessage({ from: handedOut, to });
            handedOut = to;
        }
    };
    const stop = async () => {
        await Promise.all(workers.map((worker) => worker.terminate()));
    };
    return {
        rowsReady: (ready) => handOut(ready - ((ready - handedOut) % rangeRows)),
        finish: async () => {
            handOut(rows);
            try {
                await new Promise<void>((resolve, reject) => {
                    onSettled = () => {
                        if (failure) reject(failure);
                        else if (pending.every((count) => count === 0)) resolve();
                    };
                    onSettled();
                });
            } finally {
                await stop();
            }
            return scores;
        },
        stop,
    };
}

/** Scores every row (see startScoring). */
export function scoreDeclarations(models: ScoringModels, features: readonly AuditFeature[], columns: Float64Array[], threads?: number): Promise<DeclarationScores> {
    return startScoring(models, features, columns, threads).finish();
}
