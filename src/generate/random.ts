// The generator's only source of randomness: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 32-bit)
// seeded through splitmix32. Each part of the world draws from its own stream, named by a label and numbers, so
// that e.g. the declarations of one month do not depend on how many numbers an earlier month consumed.

/** splitmix32 step: a well-mixed 32-bit value from a 32-bit state. */
function splitmix32(state: number): number {
    let z = (state + 0x9e3779b9) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a hash of a label, so that streams can be named. */
function hashLabel(label: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
    return hash >>> 0;
}

const TWO_POW_32 = 4294967296;

export class Random {
    private a: number;
    private b: number;
    private c: number;
    private d = 1;
    /** Second normal deviate of the last Box–Muller pair, or NaN. */
    private spareNormal = Number.NaN;

    /** A stream for the world's seed, named by `label` and up to two numbers (e.g. a month index). */
    constructor(seed: number, label: string, index = 0, subIndex = 0) {
        // Both 32-bit halves of the seed count, so that seeds beyond 2^32 do not collide with small ones.
        let state = splitmix32((seed >>> 0) ^ splitmix32(Math.floor(seed / 4294967296) >>> 0)) ^ hashLabel(label);
        state = splitmix32(state ^ Math.imul(index + 1, 0x27d4eb2d));
        state = splitmix32(state ^ Math.imul(subIndex + 1, 0x165667b1));
        this.a = splitmix32(state);
        this.b = splitmix32(this.a ^ 0x5bd1e995);
        this.c = splitmix32(this.b ^ 0x1b873593);
        // Discard the first outputs, as the sfc32 author recommends.
        for (let i = 0; i < 12; i++) this.nextUint32();
    }

    nextUint32(): number {
        const t = (((this.a + this.b) | 0) + this.d) | 0;
        this.d = (this.d + 1) | 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) | 0;
        this.c = (this.c << 21) | (this.c >>> 11);
        this.c = (this.c + t) | 0;
        return t >>> 0;
    }

    /** Uniform in [0, 1). */
    float(): number {
        return this.nextUint32() / TWO_POW_32;
    }

    /** Uniform in (0, 1]: safe to take the logarithm of. */
    positiveFloat(): number {
        return (this.nextUint32() + 1) / TWO_POW_32;
    }

    /** Uniform in [low, high). */
    between(low: number, high: number): number {
        return low + (high - low) * this.float();
    }

    /** Uniform integer in [0, n). */
    int(n: number): number {
        return Math.floor(this.float() * n);
    }

    /** Uniform integer in [low, high] (both included). */
    intBetween(low: number, high: number): number {
        return low + Math.floor(this.float() * (high - low + 1));
    }

    chance(probability: number): boolean {
        return this.float() < probability;
    }

    /** Standard normal deviate (Box–Muller). */
    normal(): number {
        if (!Number.isNaN(this.spareNormal)) {
            const spare = this.spareNormal;
            this.spareNormal = Number.NaN;
            return spare;
        }
        const radius = Math.sqrt(-2 * Math.log(this.positiveFloat()));
        const angle = 2 * Math.PI * this.float();
        this.spareNormal = radius * Math.sin(angle);
        return radius * Math.cos(angle);
    }

    /** Log-normal deviate with the given median and standard deviation of its logarithm. */
    logNormal(median: number, sigma: number): number {
        return median * Math.exp(sigma * this.normal());
    }

    /** Number of failures before the first success, for a geometric distribution with the given mean. */
    geometric(mean: number): number {
        if (mean <= 0) return 0;
        const failure = mean / (1 + mean);
        return Math.floor(Math.log(this.positiveFloat()) / Math.log(failure));
    }

    /** Exponential deviate with the given mean. */
    exponential(mean: number): number {
        return -mean * Math.log(this.positiveFloat());
    }

    /** One element of a non-empty array, uniformly. */
    pick<T>(items: readonly T[]): T {
        return items[this.int(items.length)] as T;
    }
}
