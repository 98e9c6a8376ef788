// Ranking metrics for audit targeting (DATE, Kim et al. 2020): inspect the top n% of declarations by score.
// - top k = ⌈n/100 × rows⌉ rows by score, highest first; ties are broken by row position (the earlier row first),
//   so the figures are deterministic for a given input order.
// - precision@n% = frauds among the top k / k
// - recall@n%    = frauds among the top k / all frauds (NaN when there are none)
// - revenue@n%   = recoverable revenue of the top k / all recoverable revenue (NaN when it is 0)
// - AUC = (Σ ranks of the positives − P(P + 1)/2) / (P × N), ranks ascending by score with ties given their average
//   rank (Mann–Whitney), so tied scores count one half; NaN without both classes.

type Numbers = ArrayLike<number>;

/** Row indices by score, highest first; ties by row index, lowest first. */
export function rankOrder(scores: Numbers): Uint32Array {
    const order = new Uint32Array(scores.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** ⌈percent/100 × rows⌉: how many rows the top percent holds. */
export function topCount(rows: number, percent: number): number {
    if (!(percent > 0 && percent <= 100)) throw new RangeError(`percent must be in (0, 100], not ${percent}.`);
    return Math.min(rows, Math.ceil((percent * rows) / 100));
}

function topSum(order: Uint32Array, values: Numbers, percent: number): { k: number; sum: number } {
    const k = topCount(order.length, percent);
    let sum = 0;
    for (let i = 0; i < k; i++) sum += values[order[i]!]!;
    return { k, sum };
}

function total(values: Numbers): number {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i]!;
    return sum;
}

export function precisionAt(scores: Numbers, labels: Numbers, percent: number, order = rankOrder(scores)): number {
    const { k, sum } = topSum(order, labels, percent);
    return k === 0 ? Number.NaN : sum / k;
}

export function recallAt(scores: Numbers, labels: Numbers, percent: number, order = rankOrder(scores)): number {
    const positives = total(labels);
    return positives === 0 ? Number.NaN : topSum(order, labels, percent).sum / positives;
}

/** Share of all recoverable revenue that the top percent captures. */
export function revenueAt(scores: Numbers, revenue: Numbers, percent: number, order = rankOrder(scores)): number {
    const all = total(revenue);
    return all === 0 ? Number.NaN : topSum(order, revenue, percent).sum / all;
}

/** Area under the ROC curve, ties by average rank. Labels are 0 or 1. */
export function auc(scores: Numbers, labels: Numbers): number {
    const n = scores.length;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => scores[a]! - scores[b]!);
    let positives = 0;
    let positiveRankSum = 0;
    for (let start = 0; start < n;) {
        let end = start + 1;
        while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
        // Rows start..end−1 (0-based) share ranks start+1..end: their average is (start + 1 + end) / 2.
        const averageRank = (start + 1 + end) / 2;
        for (let i = start; i < end; i++) {
            if (labels[order[i]!] === 1) {
                positives += 1;
                positiveRankSum += averageRank;
            }
        }
        start = end;
    }
    const negatives = n - positives;
    if (positives === 0 || negatives === 0) return Number.NaN;
    return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface RankingSummary {
    precisionAt: Record<string, number>;
    recallAt: Record<string, number>;
    revenueAt?: Record<string, number>;
    auc: number;
}

/** All the metrics at the given percents, sorting once. */
export function rankingSummary(scores: Numbers, labels: Numbers, percents: number[], revenue?: Numbers): RankingSummary {
    const order = rankOrder(scores);
    const at = (metric: (percent: number) => number) => Object.fromEntries(percents.map((percent) => [String(percent), metric(percent)]));
    return {
        precisionAt: at((percent) => precisionAt(scores, labels, percent, order)),
        recallAt: at((percent) => recallAt(scores, labels, percent, order)),
        ...(revenue ? { revenueAt: at((percent) => revenueAt(scores, revenue, percent, order)) } : {}),
        auc: auc(scores, labels),
    };
}
