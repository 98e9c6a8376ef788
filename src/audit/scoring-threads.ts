// Scoring many declarations on every core: worker threads score ranges of rows as the feature read delivers them,
// so that reading (DuckDB's threads) and scoring overlap. The features and the scores sit on SharedArrayBuffers:
// each thread reads its rows and writes their scores in place. Every row gets the same bits whichever thread scores
// it, and in whichever range. The features may be a window shorter than the rows (see readFeatureMatrix's window):
// row r at r % its length, the read waiting (untilFree) until the rows it would overwrite are scored.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AuditFeature } from './audit-features.js';
import { MAX_CHUNK_ROWS } from './read-feature-matrix.js';
import { type DeclarationScores, REASONS_PER_DECLARATION, type ScoringModels, scoreRows } from './score-rows.js';

/** Below this many rows, starting threads costs more than it saves. */
const ROWS_PER_THREAD = 100_000;
/** Rows handed to a thread at a time. */
const RANGE_ROWS = 32_768;

export interface ScoringRun {
    /** The first `rows` rows of the columns hold their features: they can be scored. */
    rowsReady(rows: number): void;
    /** Resolves once every row below end − the window's length is scored (rejects if a thread failed). */
    untilFree(end: number): Promise<void>;
    /** Scores what is left once every row is ready, and gives the scores of all rows. */
    finish(): Promise<DeclarationScores>;
    /** Stops the threads without waiting for their scores (the read failed). */
    stop(): Promise<void>;
}

/** What a scoring thread is given (see score-worker-main.ts). */
export interface ScoringThreadData {
    models: ScoringModels;
    features: readonly AuditFeature[];
    /** The features, as long as the rows or a window of them (row r at r % length). */
    columns: Float64Array[];
    scores: DeclarationScores;
}

/** What a scoring thread is sent: rows from … to − 1, whose features start at `slot` of the columns. */
export interface ScoringRange {
    from: number;
    to: number;
    slot: number;
}

/**
 * Starts scoring `rows` rows (default: as many as the columns are long) whose features are in `columns` (one per
 * feature, on SharedArrayBuffers, or each thread gets a copy): on this thread for few rows, else in worker threads,
 * one per core, `rangeRows` rows at a time. Columns shorter than the rows are a window (row r at r % their length),
 * at least two ranges and a chunk long and a whole number of ranges, so that no range wraps round its end.
 */
export function startScoring(
    models: ScoringModels, features: readonly AuditFeature[], columns: Float64Array[],
    options: { rows?: number; threads?: number; rangeRows?: number } = {},
): ScoringRun {
    const capacity = columns[0]?.length ?? 0;
    const { rows = capacity, rangeRows = RANGE_ROWS } = options;
    const windowed = capacity < rows;
    if (windowed && (capacity % rangeRows !== 0 || capacity < 2 * rangeRows || capacity < rangeRows + MAX_CHUNK_ROWS)) {
        throw new Error(`a window of ${capacity} rows cannot hold the features of ${rows} rows scored in ranges of ${rangeRows}`);
    }
    // threads given copies would never see the rows written into the window after they started
    if (windowed && !columns.every((column) => column.buffer instanceof SharedArrayBuffer)) throw new Error('a window of features must be on SharedArrayBuffers');
    // a window is scored as it is read, so by a thread of its own even on one core
    const threads = Math.max(windowed ? 1 : 0, options.threads ?? Math.min(availableParallelism(), Math.floor(rows / ROWS_PER_THREAD)));
    if (threads <= 1 && !windowed) {
        return { rowsReady: () => {}, untilFree: async () => {}, finish: async () => scoreRows(models, features, columns), stop: async () => {} };
    }
    const shared = (bytes: number) => new SharedArrayBuffer(bytes);
    const scores: DeclarationScores = {
        probability: new Float64Array(shared(rows * 8)), predictedRevenue: new Float64Array(shared(rows * 8)),
        expectedRevenue: new Float64Array(shared(rows * 8)), topReasons: new Int8Array(shared(rows * REASONS_PER_DECLARATION)),
    };
    const data: ScoringThreadData = { models: { classifier: models.classifier, revenue: models.revenue }, features, columns, scores };
    const pending = new Array<number>(threads).fill(0);
    // the first rows of the ranges handed out and not yet scored
    const unscored = new Set<number>();
    let handedOut = 0;
    let failure: Error | null = null;
    // what the read (untilFree) and finish wait for: each checked whenever a thread reports
    const waiting = new Set<() => void>();
    const settled = () => waiting.forEach((check) => check());
    const waitFor = (done: () => boolean) => new Promise<void>((resolve, reject) => {
        const check = () => {
            if (failure) reject(failure);
            else if (!done()) return;
            else resolve();
            waiting.delete(check);
        };
        waiting.add(check);
        check();
    });
    const workers = Array.from({ length: threads }, (_, thread) => {
        const worker = new Worker(new URL('./score-worker.js', import.meta.url), { workerData: data });
        worker.on('message', ({ from }: ScoringRange) => {
            pending[thread]!--;
            unscored.delete(from);
            settled();
        });
        worker.once('error', (error) => {
            failure ??= error;
            settled();
        });
        worker.once('exit', (code) => {
            if (code !== 0 && pending[thread]! > 0) failure ??= new Error(`a scoring thread stopped with exit code ${code}`);
            settled();
        });
        return worker;
    });
    const handOut = (upTo: number) => {
        while (handedOut < upTo) {
            const to = Math.min(upTo, handedOut + rangeRows);
            const thread = pending.indexOf(Math.min(...pending));
            pending[thread]!++;
            unscored.add(handedOut);
            workers[thread]!.postMessage({ from: handedOut, to, slot: handedOut % capacity } satisfies ScoringRange);
            handedOut = to;
        }
    };
    // every row below this one is scored
    const scoredBelow = () => (unscored.size === 0 ? handedOut : Math.min(...unscored));
    const stop = async () => {
        await Promise.all(workers.map((worker) => worker.terminate()));
    };
    return {
        rowsReady: (ready) => handOut(ready - ((ready - handedOut) % rangeRows)),
        untilFree: (end) => waitFor(() => end - capacity <= scoredBelow()),
        finish: async () => {
            handOut(rows);
            try {
                await waitFor(() => pending.every((count) => count === 0));
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
    return startScoring(models, features, columns, { threads }).finish();
}
