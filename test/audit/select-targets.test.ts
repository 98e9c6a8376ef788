import { describe, expect, it } from 'vitest';
import { orderByScore, selectTargets } from '../../src/audit/select-targets.js';
import { Random } from '../../src/generate/random.js';

describe('the audit list', () => {
    it('takes the top share by score when there is no exploration, ranking the rest after it', () => {
        // 10 declarations, 20% on the list → ⌈2⌉ = 2: the scores 0.9 (row 3) and 0.8 (row 0).
        const scores = Float64Array.from([0.8, 0.1, 0.3, 0.9, 0.2, 0.5, 0.4, 0.6, 0.7, 0.05]);
        const selection = selectTargets(scores, { selectShare: 0.2, explorationShare: 0, seed: 1 });
        expect(Array.from(selection.isSelected)).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
        expect(Array.from(selection.rank)).toEqual([2, 9, 7, 1, 8, 5, 6, 4, 3, 10]);
        expect(Array.from(selection.isExploration)).toEqual(new Array(10).fill(0));
    });

    it('gives an exploration share of the list to declarations the scores would not pick, ranked after the picks by score', () => {
        // 100 declarations scored 100 − i, 10% on the list = 10, of which 30% = 3 drawn from rows 7 … 99.
        const scores = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
        const selection = selectTargets(scores, { selectShare: 0.1, explorationShare: 0.3, seed: 7 });
        const selected = [...selection.isSelected.keys()].filter((i) => selection.isSelected[i]);
        const explored = [...selection.isExploration.keys()].filter((i) => selection.isExploration[i]);
        expect(selected).toHaveLength(10);
        expect(explored).toHaveLength(3);
        expect(selected.filter((i) => !selection.isExploration[i])).toEqual([0, 1, 2, 3, 4, 5, 6]);
        expect(explored.every((i) => i >= 7)).toBe(true);
        expect(explored.map((i) => selection.rank[i])).toEqual([8, 9, 10]);
        expect(new Set(selection.rank).size).toBe(100);
        expect(Math.max(...selection.rank)).toBe(100);
    });

    it('draws the same exploration picks for the same seed and others for another seed', () => {
        const scores = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
        const picks = (seed: number) => Array.from(selectTargets(scores, { selectShare: 0.05, explorationShare: 0.2, seed }).isExploration);
        expect(picks(3)).toEqual(picks(3));
        expect(picks(3)).not.toEqual(picks(4));
    });

    it('orders rows by score, highest first, and equal scores by row, as a comparison sort does', () => {
        const random = new Random(11, 'order-by-score');
        // Scores in tenths, so that most of them tie, and a few distinct ones, zero and negative zero among them.
        const scores = Float64Array.from({ length: 5000 }, (_, row) => (row % 97 === 0 ? random.float() : row % 89 === 0 ? -0 : Math.round(random.float() * 10) / 10));
        const expected = Array.from({ length: scores.length }, (_, row) => row).sort((a, b) => scores[b]! - scores[a]! || a - b);
        expect(Array.from(orderByScore(scores))).toEqual(expected);
        expect(Array.from(orderByScore(Float64Array.from([0.5, 2, 0.5, 1])))).toEqual([1, 3, 0, 2]);
        // Negative scores below zero, the more negative the later; −0 ties with 0.
        expect(Array.from(orderByScore(Float64Array.from([-1.5, 0, -0.25, 3e12, -0, -1e-300, 1e-300])))).toEqual([3, 6, 1, 4, 5, 2, 0]);
    });

    it('orders equal scores by their tie keys, then by row, whatever order the rows come in', () => {
        const random = new Random(12, 'tie-keys');
        // Few distinct scores and keys, so that scores tie often and keys tie sometimes; keys above 2^32 and 2^48
        // check the high words.
        // Long runs of equal scores (6 values: radix-sorted by key) and short ones (1,000 values: insertion-sorted).
        const keys = BigUint64Array.from({ length: 3000 }, () => BigInt(random.int(50)) * 0x1_0001_0001n + (random.int(2) === 0 ? 0n : 1n << 60n));
        const byComparison = (scores: Float64Array) => Array.from({ length: scores.length }, (_, row) => row)
            .sort((a, b) => scores[b]! - scores[a]! || (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0) || a - b);
        const shortRuns = Float64Array.from({ length: keys.length }, () => random.int(1000) / 1000);
        expect(Array.from(orderByScore(shortRuns, keys))).toEqual(byComparison(shortRuns));
        const scores = Float64Array.from({ length: keys.length }, () => Math.round(random.float() * 5) / 5);
        expect(Array.from(orderByScore(scores, keys))).toEqual(byComparison(scores));
        // By hand: rows 0 and 2 tie on 0.5, key 7 (row 2) before key 2^40 (row 0); row 3 (key 7 too, score 0.5)
        // after row 2 by row number.
        expect(Array.from(orderByScore(Float64Array.from([0.5, 2, 0.5, 0.5]), BigUint64Array.from([1n << 40n, 0n, 7n, 7n])))).toEqual([1, 2, 3, 0]);
        // The same rows in another order get the same list of declarations.
        const shuffled = [...scores.keys()].reverse();
        const picked = (order: number[]) => {
            const selection = selectTargets(Float64Array.from(order, (row) => scores[row]!), { selectShare: 0.05, explorationShare: 0.2, seed: 5 }, BigUint64Array.from(order, (row) => keys[row]! * 3000n + BigInt(row)));
            return order.filter((_, at) => selection.isSelected[at]).sort((a, b) => a - b);
        };
        expect(picked(shuffled)).toEqual(picked([...scores.keys()]));
    });
});
