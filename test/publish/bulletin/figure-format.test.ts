// Number formatting and derived figures of the bulletin, on values worked out by hand.
import { describe, expect, it } from 'vitest';
import { balanceChangePct, changePct, revisionPct } from '../../../src/publish/bulletin/bulletin-figures.js';
import { millions, signedMillions, signedPercent } from '../../../src/publish/bulletin/figure-format.js';

describe('bulletin number formatting', () => {
    it('writes millions with thousands separators, one decimal and a true minus sign', () => {
        expect(millions(1_234_567_890)).toBe('1,234.6'); // 1,234.56789 million
        expect(millions(-1_234_567_890)).toBe('\u22121,234.6');
        expect(signedMillions(200_000_000)).toBe('+200.0');
        expect(signedMillions(-40_000_000)).toBe('\u221240.0');
    });

    it('writes a change that rounds to zero without a sign', () => {
        expect(signedPercent(0.04)).toBe('0.0');
        expect(signedPercent(-0.04)).toBe('0.0');
        expect(signedPercent(-3.846)).toBe('\u22123.8');
    });
});

describe('bulletin derived figures', () => {
    it('computes the change on a year earlier, none without a year-earlier value', () => {
        expect(changePct(1200, 1000)).toBeCloseTo(20, 10); // 200 / 1,000
        expect(changePct(1200, null)).toBeNull();
        expect(changePct(1200, 0)).toBeNull();
    });

    it('computes the change of the balance against its absolute value, none when it changed sign', () => {
        expect(balanceChangePct(-90, -100)).toBeCloseTo(10, 10); // (−90 − −100) / 100: the deficit narrowed
        expect(balanceChangePct(360, 600)).toBeCloseTo(-40, 10); // −240 / 600
        expect(balanceChangePct(360, -100)).toBeNull();
        expect(balanceChangePct(360, 0)).toBeNull();
    });

    it('computes a revision from first to latest estimate', () => {
        expect(revisionPct(1250, 1225)).toBeCloseTo(-2, 10); // −25 / 1,250
        expect(revisionPct(0, 5)).toBeNull();
    });
});
