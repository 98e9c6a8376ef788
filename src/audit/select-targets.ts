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

export function selectTargets(scores: Float64Array, options: SelectionOptions): Selection {
    const count = scores.length;
    const listSize = Math.min(count, Math.ceil(options.selectShare * count));
    const explorationSize = Math.round(options.explorationShare * listSize);
    const exploitSize = listSize - explorationSize;
    const byScore = orderByScore(scores);

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
 * Row numbers, highest score first; equal scores keep their input order, so the ranking is deterministic. The same
 * order as sorting row numbers by (score descending, row ascending), without calling a comparison function ten
 * million times: a stable radix sort on the scores' bits, 16 bits a pass.
 */
export function orderByScore(scores: Float64Array): Int32Array {
    const count = scores.length;
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
    const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    for (let row = 0; row < count; row++) {
        const top = words[2 * row + (littleEndian ? 1 : 0)]!;
        const bottom = words[2 * row + (littleEndian ? 0 : 1)]!;
        const negative = top >>> 31 === 1;
        high[row] = ~(negative ? ~top : top ^ 0x80000000) >>> 0;
        low[row] = ~(negative ? ~bottom : bottom) >>> 0;
    }
    let order = Int32Array.from({ length: count }, (_, row) => row);
    let next = new Int32Array(count);
    const counts = new Int32Array(1 << 16);
    for (const [word, shift] of [[low, 0], [low, 16], [high, 0], [high, 16]] as const) {
        counts.fill(0);
        for (let row = 0; row < count; row++) counts[(word[row]! >>> shift) & 0xffff]!++;
        for (let digit = 0, at = 0; digit < counts.length; digit++) {
            const n = counts[digit]!;
            counts[digit] = at;
            at += n;
        }
        for (let i = 0; i < count; i++) {
            const row = order[i]!;
            next[counts[(word[row]! >>> shift) & 0xffff]!++] = row;
        }
        [order, next] = [next, order];
    }
    return order;
}
