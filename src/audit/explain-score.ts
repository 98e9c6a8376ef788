// Turns a score's per-feature contributions into the reasons an auditor reads: features are summed by the reason
// they belong to, and the reasons that raised the score most are written in plain words with the declaration's
// own numbers.
import type { AuditFeature, ReasonKey } from './audit-features.js';

/** The columns of fct_declaration_risk_features the reasons quote. */
export const REASON_COLUMNS = [
    'main_hs6', 'low_unit_value_hs6', 'low_unit_value_reference_origin_country', 'low_unit_value_ratio_to_median',
    'high_unit_value_ratio_to_median', 'min_unit_value_z', 'max_unit_value_z', 'max_mass_per_unit_z', 'min_duty_rate_gap',
    'share_lines_preference_claimed', 'has_preference_shift', 'count_parts_48h', 'benford_first_digit_mad',
    'benford_first_digit_class', 'months_since_first_declaration', 'value_change_ratio', 'drawback_to_import_ratio',
    'arrears_at_lodgement_twd::double as arrears_at_lodgement_twd', 'value_twd::double as value_twd',
    'importer_checked', 'importer_hits', 'importer_hit_rate', 'broker_checked', 'broker_hits', 'broker_hit_rate',
    'seller_checked', 'seller_hits', 'seller_hit_rate', 'hs6_checked', 'hs6_hits', 'hs6_hit_rate',
    'origin_checked', 'origin_hits', 'origin_hit_rate', 'office_checked', 'office_hits', 'office_hit_rate',
] as const;

export type ReasonContext = Record<string, unknown>;

const MAX_REASONS = 3;

export function explainScore(features: readonly AuditFeature[], contributions: ArrayLike<number>, context: ReasonContext): string[] {
    const byReason = new Map<ReasonKey, number>();
    features.forEach((feature, index) => byReason.set(feature.reason, (byReason.get(feature.reason) ?? 0) + contributions[index]!));
    return [...byReason.entries()]
        .filter(([, contribution]) => contribution > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, MAX_REASONS)
        .map(([reason]) => reasonText(reason, context));
}

const number = (value: unknown) => (value === null || value === undefined ? Number.NaN : Number(value));
const percent = (share: number) => `${Math.round(share * 100)}%`;
const twd = (value: number) => `TWD ${Math.round(value).toLocaleString('en-US')}`;
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;

/** HS 847130 → "8471.30". */
export function formatHs6(hs6: unknown): string {
    const code = String(hs6 ?? '');
    return code.length === 6 ? `${code.slice(0, 4)}.${code.slice(4)}` : code;
}

function history(party: string, context: ReasonContext, key: string): string {
    const checked = number(context[`${key}_checked`]);
    const hits = number(context[`${key}_hits`]);
    const rate = number(context[`${key}_hit_rate`]);
    if (checked === 0) return `no earlier checks of ${party} (prior hit rate ${percent(rate)})`;
    return `${party}'s earlier checks found discrepancies in ${hits} of ${checked} (smoothed hit rate ${percent(rate)})`;
}

function reasonText(reason: ReasonKey, context: ReasonContext): string {
    switch (reason) {
        case 'unit_value': {
            // A line far below its reference reads as under-valuation, one far above as an inflated (drawback) export.
            const low = number(context.min_unit_value_z);
            const high = number(context.max_unit_value_z);
            if (!Number.isFinite(low)) return 'no unit-value history for its goods in the 12 months before';
            if (Number.isFinite(high) && high > -low) {
                return `unit value ${number(context.high_unit_value_ratio_to_median).toFixed(1)}× the median for its HS code over the 12 months before (robust z ${signed(high)})`;
            }
            const ratio = number(context.low_unit_value_ratio_to_median);
            const origin = context.low_unit_value_reference_origin_country;
            const from = origin === '*' || origin === null ? 'from all origins' : `from ${origin}`;
            const relation = ratio < 1 ? `${percent(1 - ratio)} below` : `${percent(ratio - 1)} above`;
            return `unit value ${relation} the median for HS ${formatHs6(context.low_unit_value_hs6)} ${from} over the 12 months before (robust z ${signed(low)})`;
        }
        case 'mass_per_unit':
            return `net mass per declared unit far from the usual for its code (robust z ${signed(number(context.max_mass_per_unit_z))}): fewer units declared than the mass suggests`;
        case 'cheaper_neighbour_code': {
            const gap = number(context.min_duty_rate_gap);
            return Number.isFinite(gap) && gap < 0
                ? `declared under HS ${formatHs6(context.main_hs6)}, whose duty rate is ${(Math.abs(gap) * 100).toFixed(1)} points below a neighbouring code of the same heading`
                : `declared under HS ${formatHs6(context.main_hs6)}; neighbouring codes of its heading carry similar duty`;
        }
        case 'preference':
            return context.has_preference_shift === true
                ? 'claims a preferential origin the trader first used for these goods in the last 90 days, after importing them from elsewhere'
                : `preferential origin claimed on ${percent(number(context.share_lines_preference_claimed))} of its lines`;
        case 'split_shipment':
            return `one of ${number(context.count_parts_48h)} low-value declarations from the same seller within 48 hours (de minimis TWD 2,000)`;
        case 'benford': {
            const mad = number(context.benford_first_digit_mad);
            if (!Number.isFinite(mad)) return 'too few earlier lines to test the trader against Benford\'s law';
            const conforms = context.benford_first_digit_class === 'close' || context.benford_first_digit_class === 'acceptable';
            return `the trader's declared values ${conforms ? 'follow' : 'depart from'} Benford's law (first-digit MAD ${mad.toFixed(4)}, ${context.benford_first_digit_class})`;
        }
        case 'new_trader': {
            const months = number(context.months_since_first_declaration);
            return months < 3 ? `new trader (first declaration ${months} months before)` : `trader declaring for ${months} months`;
        }
        case 'value_change': {
            const ratio = number(context.value_change_ratio);
            return Number.isFinite(ratio)
                ? `the trader declared ${ratio.toFixed(1)}× its monthly average of the 6 months before`
                : 'no declarations by the trader in the 6 months before';
        }
        case 'drawback_ratio': {
            const ratio = number(context.drawback_to_import_ratio);
            return Number.isFinite(ratio)
                ? `drawback exports worth ${ratio.toFixed(1)}× the trader's imports over 12 months`
                : 'export under drawback';
        }
        case 'arrears':
            return `the trader owed ${twd(number(context.arrears_at_lodgement_twd))} in arrears when it was lodged`;
        case 'importer_history': return history('the importer', context, 'importer');
        case 'broker_history': return history('the broker', context, 'broker');
        case 'seller_history': return history('the seller', context, 'seller');
        case 'hs6_history': return history(`HS ${formatHs6(context.main_hs6)}`, context, 'hs6');
        case 'origin_history': return history('its origin', context, 'origin');
        case 'office_history': return history('the office', context, 'office');
        case 'declaration_profile':
            return `declared value ${twd(number(context.value_twd))}`;
    }
}
