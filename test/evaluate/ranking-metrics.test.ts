import { describe, expect, it } from 'vitest';
import { auc, precisionAt, rankOrder, rankingSummary, recallAt, revenueAt, topCount } from '../../src/evaluate/ranking-metrics.js';

// Five declarations; rows 1 and 2 tie at 0.8.
const scores = [0.9, 0.8, 0.8, 0.3, 0.1];
const labels = [1, 0, 1, 0, 1];
const revenue = [10, 0, 30, 0, 60];

describe('ranking metrics', () => {
    it('takes the top ⌈n% × rows⌉ rows', () => {
        expect(topCount(8134, 5)).toBe(407); // 5% of 8134 = 406.7 → 407
        expect(topCount(100, 1)).toBe(1);
        expect(topCount(5, 40)).toBe(2);
        expect(topCount(5, 10)).toBe(1); // 0.5 → 1
    });

    it('ranks by score, highest first, ties by row position', () => {
        expect(Array.from(rankOrder(scores))).toEqual([0, 1, 2, 3, 4]);
        expect(Array.from(rankOrder([0.1, 0.5, 0.5, 0.7]))).toEqual([3, 1, 2, 0]);
    });

    it('computes precision, recall and revenue at the top percent', () => {
        // top 40% = 2 rows: rows 0 and 1 (row 1 before row 2 on the tie): labels 1, 0.
        expect(precisionAt(scores, labels, 40)).toBe(0.5);
        // top 60% = 3 rows: labels 1, 0, 1 → precision 2/3, recall 2 of 3 frauds.
        expect(precisionAt(scores, labels, 60)).toBeCloseTo(2 / 3, 15);
        expect(recallAt(scores, labels, 60)).toBeCloseTo(2 / 3, 15);
        // top 40% holds revenue 10 + 0 of 100.
        expect(revenueAt(scores, revenue, 40)).toBe(0.1);
        expect(revenueAt(scores, revenue, 100)).toBe(1);
    });

    it('computes AUC with tied scores at their average rank', () => {
        // Ascending ranks: 0.1→1, 0.3→2, 0.8 and 0.8→3.5 each, 0.9→5. Positives: 1 + 3.5 + 5 = 9.5.
        // AUC = (9.5 − 3·4/2) / (3 · 2) = 3.5/6. Pairwise: 0.9 beats 2, 0.8 ties one (½) beats one, 0.1 beats none.
        expect(auc(scores, labels)).toBeCloseTo(3.5 / 6, 15);
        expect(auc([1, 2, 3], [0, 0, 1])).toBe(1);
        expect(auc([5, 5, 5, 5], [0, 1, 0, 1])).toBe(0.5);
        expect(auc([1, 2], [1, 1])).toBeNaN();
    });

    it('summarises every percent at once, with revenue only when given', () => {
        const summary = rankingSummary(scores, labels, [20, 60]);
        expect(summary).toEqual({ precisionAt: { 20: 1, 60: 2 / 3 }, recallAt: { 20: 1 / 3, 60: 2 / 3 }, auc: 3.5 / 6 });
        expect(rankingSummary(scores, labels, [40], revenue).revenueAt).toEqual({ 40: 0.1 });
    });
});
