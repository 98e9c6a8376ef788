// Drawing an index with probability proportional to its weight: cumulative weights and a binary search,
// O(log n) per draw, used from a handful of options up to the tens of thousands of traders. (A plain array of
// doubles: every trader holds a few of these, and small typed arrays cost far more memory in V8.)
import type { Random } from './random.js';

export class WeightedChoice {
    private readonly cumulative: number[];
    readonly total: number;

    constructor(weights: ArrayLike<number>) {
        let sum = 0;
        this.cumulative = Array.from(weights, (weight, i) => {
            if (!(weight >= 0)) throw new Error(`weight ${i} is ${weight}; weights must be non-negative numbers`);
            return (sum += weight);
        });
        this.total = sum;
    }

    /** An index in [0, size) drawn by weight; throws when all weights are zero. */
    draw(random: Random): number {
        if (this.total <= 0) throw new Error('cannot draw from weights that are all zero');
        const target = random.float() * this.total;
        let low = 0;
        let high = this.cumulative.length - 1;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if ((this.cumulative[middle] as number) > target) high = middle;
            else low = middle + 1;
        }
        return low;
    }
}
