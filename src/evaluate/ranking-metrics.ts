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

/**
 * Area under the ROC curve, ties by average rank. Labels are 0 or 1. Computed as the Mann–Whitney count, which equals
 * the rank formula above: each positive scores 1 for every negative below it and ½ for every negative tied with it.
 * The positives' and the negatives' scores are sorted apart (numeric typed-array sorts), then merged; every partial
 * sum is a multiple of ½, so the result is exact and the same as summing ranks.
 */
export function auc(scores: Numbers, labels: Numbers): number {
    const n = scores.length;
    let positives = 0;
    for (let i = 0; i < n; i++) if (labels[i] === 1) positives += 1;
    const negatives = n - positives;
    if (positives === 0 || negatives === 0) return Number.NaN;
    const positiveScores = new Float64Array(positives);
    const negativeScores = new Float64Array(negatives);
    for (let i = 0, p = 0, q = 0; i < n; i++) {
        if (labels[i] === 1) positiveScores[p++] = scores[i]!;
        else negativeScores[q++] = scores[i]!;
    }
    positiveScores.sort();
    negativeScores.sort();
    let wins = 0;
    let below = 0;
    for (let p = 0; p < positives;) {
        const score = positiveScores[p]!;
        let sameScore = 0;
        while (p < positives && positiveScores[p] === score) {
            p += 1;
            sameScore += 1;
        }
        while (below < negatives && negativeScores[below]! < score) below += 1;
        let tied = 0;
        while (below + tied < negatives && negativeScores[below + tied] === score) tied += 1;
        wins += sameScore * (below + tied / 2);
    }
    return wins / (positives * negatives);
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
