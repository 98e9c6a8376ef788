import { describe, expect, it } from 'vitest';
import { AUDIT_FEATURES } from '../../src/audit/audit-features.js';
import { explainScore, formatHs6 } from '../../src/audit/explain-score.js';

function contributions(byFeature: Record<string, number>): Float64Array {
    return Float64Array.from(AUDIT_FEATURES, (feature) => byFeature[feature.name] ?? 0);
}

const context = {
    main_hs6: '847130', low_unit_value_hs6: '847130', low_unit_value_reference_origin_country: 'CN', low_unit_value_ratio_to_median: 0.29,
    min_unit_value_z: -4.23, importer_checked: 30, importer_hits: 12, importer_hit_rate: 0.31, count_parts_48h: 4,
    arrears_at_lodgement_twd: 120000, has_preference_shift: false, share_lines_preference_claimed: 0.5,
};

describe('reasons for a score', () => {
    it('name the reasons that raised the score most, in order, with the declaration\'s numbers', () => {
        const reasons = explainScore(AUDIT_FEATURES, contributions({
            min_unit_value_z: 1.2, min_unit_value_fence_distance: 0.3, importer_hit_rate: 0.4, importer_checked_log: 0.2, arrears_log: 0.1, is_split_shipment_suspect: -0.5,
        }), context);
        // low unit value 1.5 > importer history 0.6 > arrears 0.1; the split-shipment reason lowered the score.
        expect(reasons).toEqual([
            'unit value 71% below the median for HS 8471.30 from CN over the 12 months before (robust z −4.2)',
            "the importer's earlier checks found discrepancies in 12 of 30 (smoothed hit rate 31%)",
            'the trader owed TWD 120,000 in arrears when it was lodged',
        ]);
    });

    it('sum the features of one reason before ranking, and leave out reasons that lowered the score', () => {
        // Preference: 0.2 + 0.2 = 0.4 beats the low unit value 0.3; the importer's −0.9 is left out.
        const reasons = explainScore(AUDIT_FEATURES, contributions({
            min_unit_value_z: 0.3, share_lines_preference_claimed: 0.2, has_preference_shift: 0.2, importer_hit_rate: -0.9,
        }), context);
        expect(reasons).toEqual([
            'preferential origin claimed on 50% of its lines',
            'unit value 71% below the median for HS 8471.30 from CN over the 12 months before (robust z −4.2)',
        ]);
    });

    it('read the unit-value reason as an inflated value when the high outlier is the larger one', () => {
        const reasons = explainScore(AUDIT_FEATURES, contributions({ max_unit_value_z: 0.8 }),
            { ...context, min_unit_value_z: 0.2, max_unit_value_z: 5.04, high_unit_value_ratio_to_median: 2.46 });
        expect(reasons).toEqual(['unit value 2.5× the median for its HS code over the 12 months before (robust z +5.0)']);
    });

    it('say so plainly when a party has no earlier checks or a trader is not new', () => {
        const reasons = explainScore(AUDIT_FEATURES, contributions({ seller_hit_rate: 0.5, months_since_first_declaration: 0.2 }),
            { ...context, seller_checked: 0, seller_hits: 0, seller_hit_rate: 0.055, months_since_first_declaration: 20 });
        expect(reasons).toEqual(['no earlier checks of the seller (prior hit rate 6%)', 'trader declaring for 20 months']);
    });

    it('write HS subheadings as 4 + 2 digits', () => {
        expect(formatHs6('851713')).toBe('8517.13');
    });
});
