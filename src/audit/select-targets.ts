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
 * `tieOrder` orders declarations of equal score (orderByKey of a hash of the declaration ids, so that the list does
 * not depend on the order the warehouse returns rows in); without it, equal scores keep their input order.
 */
export function selectTargets(scores: Float64Array, options: SelectionOptions, tieOrder?: Int32Array): Selection {
    const count = scores.length;
    const listSize = Math.min(count, Math.ceil(options.selectShare * count));
    const explorationSize = Math.round(options.explorationShare * listSize);
    const exploitSize = listSize - explorationSize;
    const byScore = orderByScore(scores, tieOrder);

    const isSelected = new Uint8Array(count);
    const isExploration = new Uint8Array(count);
    for (let position = 0; position < exploitSize; position++) isSelected[byScore[position]!] = 1;
    // Partial Fisher–Yates over the declarations not picked by score.
    const rest = byScore.slice(exploitSize);
    const random = new Random(options.seed, 'audit-exploration');
    for (let drawn = 0; drawn < explorationSize; drawn++) {
        const swap = drawn + random.int(rest.length - drawn);
        [rest[drawn], rest[swap]] = [rest[swap]!, rest[drawn]!];
        isSelected[rest[drawn]!] = 1;
        isExploration[rest[drawn]!] = 1;
    }

    const rank = new Int32Array(count);
    let next = 1;
    for (const index of byScore) if (isSelected[index] && !isExploration[index]) rank[index] = next++;
    for (const index of byScore) if (isExploration[index]) rank[index] = next++;
    for (const index of byScore) if (!isSelected[index]) rank[index] = next++;
    return { rank, isSelected, isExploration };
}

/**
 * Row numbers by key, ascending; equal keys in row order. (Computed apart from the scores, it can run while threads
 * still score.)
 */
export function orderByKey(keys: BigUint64Array): Int32Array<ArrayBuffer> {
    const count = keys.length;
    const order = new Int32Array(count);
    for (let row = 0; row < count; row++) order[row] = row;
    const keyWords = new Uint32Array(keys.buffer, keys.byteOffset, 2 * count);
    const low = new Uint32Array(count);
    const high = new Uint32Array(count);
    for (let row = 0; row < count; row++) {
        low[row] = keyWords[2 * row + LOW_WORD]!;
        high[row] = keyWords[2 * row + HIGH_WORD]!;
    }
    return radixSort(order, low, high);
}

/**
 * Row numbers, highest score first; equal scores in the order of `tieOrder` (a permutation of the rows) if given,
 * else in row order, so the ranking is deterministic. The same order as sorting row numbers by (score descending,
 * place in tieOrder ascending) without calling a comparison function ten million times: a stable radix sort, a byte
 * a pass, on the scores' bits taken in tieOrder's order.
 */
export function orderByScore(scores: Float64Array, tieOrder?: Int32Array): Int32Array {
    const count = scores.length;
    if (tieOrder && tieOrder.length !== count) throw new Error('orderByScore: the tie order must hold every row once');
    const order = new Int32Array(count);
    for (let at = 0; at < count; at++) order[at] = tieOrder ? tieOrder[at]! : at;
    // A double's bits read as an unsigned number order non-negative doubles; flipping the sign bit (or every bit of
    // a negative double) orders them all; inverting that orders them from the highest. −0 is made +0 first, as
    // equal scores must tie.
    const values = new Float64Array(count);
    for (let at = 0; at < count; at++) {
        const score = scores[order[at]!]!;
        if (Number.isNaN(score)) throw new Error('orderByScore: a score is NaN');
        values[at] = score + 0;
    }
    const words = new Uint32Array(values.buffer);
    const low = new Uint32Array(count);
    const high = new Uint32Array(count);
    for (let at = 0; at < count; at++) {
        const top = words[2 * at + HIGH_WORD]!;
        const bottom = words[2 * at + LOW_WORD]!;
        const negative = top >>> 31 === 1;
        high[at] = ~(negative ? ~top : top ^ 0x80000000) >>> 0;
        low[at] = ~(negative ? ~bottom : bottom) >>> 0;
    }
    return radixSort(order, low, high);
}

/**
 * `rows` stably sorted by the 64-bit keys (high, low) that stand beside them (key i belongs to rows[i]): a byte a
 * pass from the lowest, keys moved along with their rows so that every pass reads them in order, and a pass skipped
 * when all keys share its byte. 256 buckets keep the places written to in cache, where 65,536 did not.
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
    return order === rows ? Int32Array.from(order) : order;
}

/** Which 32-bit word of a 64-bit value in memory holds its low and its high bits. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW_WORD = LITTLE_ENDIAN ? 0 : 1;
const HIGH_WORD = LITTLE_ENDIAN ? 1 : 0;
