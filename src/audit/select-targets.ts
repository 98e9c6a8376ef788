// The audit list: the top share of declarations by score, of which an exploration share is instead drawn at
// random from the declarations the model would not pick — labels exist only for what gets checked, so checking
// only what the model already believes would teach it nothing new (WCO BACUDA, "take a chance").
import { Random } from '../generate/random.js';

export interface SelectionOptions {
    /** Share of scored declarations on the audit list, e.g. 0.05. */
    selectShare: number;
    /** Share of the list picked at random among the rest, e.g. 0.1. */
    explorationShare: number;
    seed: number;
}

export interface Selection {
    /** 1 = first to audit: picks by score, then exploration picks, then everything else by score. */
    rank: Int32Array;
    isSelected: Uint8Array;
    isExploration: Uint8Array;
}

/**
 * `tieKeys` orders declarations of equal score (ascending; a hash of the declaration id, so that the list does not
 * depend on the order the warehouse returns rows in); without them, equal scores keep their input order.
 */
export function selectTargets(scores: Float64Array, options: SelectionOptions, tieKeys?: BigUint64Array): Selection {
    const count = scores.length;
    const listSize = Math.min(count, Math.ceil(options.selectShare * count));
    const explorationSize = Math.round(options.explorationShare * listSize);
    const exploitSize = listSize - explorationSize;
    const byScore = orderByScore(scores, tieKeys);

    // Positions in the score order: the first exploitSize are the picks by score; a partial Fisher–Yates over the
    // positions after them draws the exploration picks.
    const rest = new Int32Array(count - exploitSize);
    for (let at = 0; at < rest.length; at++) rest[at] = exploitSize + at;
    const random = new Random(options.seed, 'audit-exploration');
    for (let drawn = 0; drawn < explorationSize; drawn++) {
        const swap = drawn + random.int(rest.length - drawn);
        [rest[drawn], rest[swap]] = [rest[swap]!, rest[drawn]!];
    }
    const explored = rest.subarray(0, explorationSize).sort();
    const isExplored = new Uint8Array(count);
    for (const position of explored) isExplored[position] = 1;

    // Ranks: the picks by score, then the exploration picks, then everything else, each in score order. Positions
    // are read in order; only the writes to a row's own flags and rank jump about.
    const rank = new Int32Array(count);
    const isSelected = new Uint8Array(count);
    const isExploration = new Uint8Array(count);
    let next = 1;
    for (let position = 0; position < exploitSize; position++) {
        isSelected[byScore[position]!] = 1;
        rank[byScore[position]!] = next++;
    }
    for (const position of explored) {
        isSelected[byScore[position]!] = 1;
        isExploration[byScore[position]!] = 1;
        rank[byScore[position]!] = next++;
    }
    for (let position = exploitSize; position < count; position++) {
        if (isExplored[position] === 0) rank[byScore[position]!] = next++;
    }
    return { rank, isSelected, isExploration };
}

/**
 * Row numbers, highest score first; equal scores by `tieKeys` (ascending) if given, then in row order, so the
 * ranking is deterministic. The same order as sorting row numbers by (score descending, tie key ascending, row
 * ascending), without calling a comparison function ten million times: a stable radix sort, a byte a pass, on the
 * scores' bits; then each run of equal scores is sorted by its tie keys (most runs are one row long).
 */
export function orderByScore(scores: Float64Array, tieKeys?: BigUint64Array): Int32Array {
    const count = scores.length;
    if (tieKeys && tieKeys.length !== count) throw new Error('orderByScore: one tie key per score');
    const order = new Int32Array(count);
    for (let row = 0; row < count; row++) order[row] = row;
    // A double's bits read as an unsigned number order non-negative doubles; flipping the sign bit (or every bit of
    // a negative double) orders them all; inverting that orders them from the highest. −0 is made +0 first, as
    // equal scores must tie.
    const values = new Float64Array(count);
    for (let row = 0; row < count; row++) {
        if (Number.isNaN(scores[row]!)) throw new Error('orderByScore: a score is NaN');
        values[row] = scores[row]! + 0;
    }
    const words = new Uint32Array(values.buffer);
    const low = new Uint32Array(count);
    const high = new Uint32Array(count);
    for (let row = 0; row < count; row++) {
        const top = words[2 * row + HIGH_WORD]!;
        const bottom = words[2 * row + LOW_WORD]!;
        const negative = top >>> 31 === 1;
        high[row] = ~(negative ? ~top : top ^ 0x80000000) >>> 0;
        low[row] = ~(negative ? ~bottom : bottom) >>> 0;
    }
    const byScore = radixSort(order, low, high);
    if (tieKeys) sortTiesByKey(byScore, values, tieKeys);
    return byScore;
}

/** Sorts each run of equal values in `order` (rows in row order within a run) by key, stably. */
function sortTiesByKey(order: Int32Array<ArrayBuffer>, values: Float64Array, keys: BigUint64Array): void {
    const keyWords = new Uint32Array(keys.buffer, keys.byteOffset, 2 * keys.length);
    const highOf = (row: number) => keyWords[2 * row + HIGH_WORD]!;
    const lowOf = (row: number) => keyWords[2 * row + LOW_WORD]!;
    for (let start = 0; start < order.length;) {
        let end = start + 1;
        while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
        if (end - start > 32) {
            const run = order.subarray(start, end);
            const sorted = radixSort(Int32Array.from(run), Uint32Array.from(run, lowOf), Uint32Array.from(run, highOf));
            order.set(sorted, start);
        } else {
            // Insertion sort: stable, and quick for the few rows of a short run.
            for (let at = start + 1; at < end; at++) {
                const row = order[at]!;
                const high = highOf(row);
                const low = lowOf(row);
                let to = at;
                for (; to > start; to--) {
                    const before = order[to - 1]!;
                    const beforeHigh = highOf(before);
                    if (beforeHigh < high || (beforeHigh === high && lowOf(before) <= low)) break;
                    order[to] = before;
                }
                order[to] = row;
            }
        }
        start = end;
    }
}

/**
 * `rows` stably sorted by the 64-bit keys (high, low) that stand beside them (key i belongs to rows[i]): a byte a
 * pass from the lowest, keys moved along with their rows so that every pass reads them in order, and a pass skipped
 * when all keys share its byte. 256 buckets keep the places written to in cache, where 65,536 did not. The arrays
 * given serve as scratch space, and the result may be `rows` itself.
 */
function radixSort(rows: Int32Array<ArrayBuffer>, low: Uint32Array, high: Uint32Array): Int32Array<ArrayBuffer> {
    const count = rows.length;
    // Every pass's counts from one read of the keys.
    const counts = new Int32Array(8 * 256);
    for (let at = 0; at < count; at++) {
        const lowKey = low[at]!;
        const highKey = high[at]!;
        counts[lowKey & 0xff]!++;
        counts[256 + ((lowKey >>> 8) & 0xff)]!++;
        counts[512 + ((lowKey >>> 16) & 0xff)]!++;
        counts[768 + (lowKey >>> 24)]!++;
        counts[1024 + (highKey & 0xff)]!++;
        counts[1280 + ((highKey >>> 8) & 0xff)]!++;
        counts[1536 + ((highKey >>> 16) & 0xff)]!++;
        counts[1792 + (highKey >>> 24)]!++;
    }
    let order = rows;
    let lowIn = low;
    let highIn = high;
    let nextOrder = new Int32Array(count);
    let lowOut: Uint32Array = new Uint32Array(count);
    let highOut: Uint32Array = new Uint32Array(count);
    for (let pass = 0; pass < 8; pass++) {
        const base = pass * 256;
        const shift = (pass & 3) * 8;
        const digits = pass < 4 ? lowIn : highIn;
        if (count === 0 || counts[base + ((digits[0]! >>> shift) & 0xff)] === count) continue;
        for (let digit = 0, at = 0; digit < 256; digit++) {
            const n = counts[base + digit]!;
            counts[base + digit] = at;
            at += n;
        }
        for (let at = 0; at < count; at++) {
            const to = counts[base + ((digits[at]! >>> shift) & 0xff)]!++;
            nextOrder[to] = order[at]!;
            lowOut[to] = lowIn[at]!;
            highOut[to] = highIn[at]!;
        }
        [order, nextOrder] = [nextOrder, order];
        [lowIn, lowOut] = [lowOut, lowIn];
        [highIn, highOut] = [highOut, highIn];
    }
    return order;
}

/** Which 32-bit word of a 64-bit value in memory holds its low and its high bits. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW_WORD = LITTLE_ENDIAN ? 0 : 1;
const HIGH_WORD = LITTLE_ENDIAN ? 1 : 0;
