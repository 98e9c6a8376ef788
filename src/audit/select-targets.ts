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
 * million times: the scores are sorted natively, and each row finds its place by binary search.
 */
export function orderByScore(scores: Float64Array): Int32Array {
    const count = scores.length;
    if (scores.some(Number.isNaN)) throw new Error('orderByScore: a score is NaN');
    const ascending = Float64Array.from(scores).sort();
    const order = new Int32Array(count);
    const tiesSeen = new Map<number, number>();
    for (let row = 0; row < count; row++) {
        const score = scores[row]!;
        // The first index holding a value above the score: the rows above it come first in descending order.
        let low = 0;
        let high = count;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if (ascending[middle]! > score) high = middle;
            else low = middle + 1;
        }
        // ascending[low − 1] is this score; a second one before it means a tie, placed by row number.
        let seen = 0;
        if (low >= 2 && ascending[low - 2] === score) {
            seen = tiesSeen.get(score) ?? 0;
            tiesSeen.set(score, seen + 1);
        }
        order[count - low + seen] = row;
    }
    return order;
}
