-- one row per declaration with item lines: the risk indicators of its lines, gathered for the declaration (the
-- lowest and highest unit-value z, and so on). Each line's indicators are worked out first:
-- * unit_value_z: robust z of the log unit value against the same flow × HS6 × origin over the 12 months before
--   the line's quarter, 0.6745 × (x − median) / MAD (the HS6 over all origins when the pair has fewer than
--   getvariable('min_reference_lines') lines); below −3.5 is a low outlier (possible under-valuation), above
--   +3.5 a high one (an over-declared export for drawback).
-- * unit_value_fence_distance: the adjusted-boxplot view of the same line: how far outside the skew-adjusted
--   fences [Q1 − 1.5·e^(−3·s)·IQR, Q3 + 1.5·e^(3·s)·IQR] the log unit value lies, in IQRs (0 inside), negative
--   below. s is Bowley's quartile skewness (Q3 + Q1 − 2·median) / IQR, standing in for the medcouple of
--   Hubert–Vandervieren, which DuckDB cannot compute in one pass.
-- * mass_per_unit_z: robust z of log(net mass / quantity); high means few units declared for the mass
--   (possible quantity misdeclaration).
-- * duty_rate_gap: the line's general duty rate minus the highest general rate among the other HS6 codes of
--   its heading (HS4); negative means a cheaper neighbour code — an incentive to misclassify into it.
-- * is_preference_shift: a preference is claimed from an origin the trader first used for this HS6 in the last
--   90 days, after importing the HS6 from elsewhere before.
with

int_audit_item_lines as (
    select * from int_audit_item_lines
),

-- the lines whose indicators are made: all of them, or an incremental run's months
lines_made as (
    select *
    from int_audit_item_lines
    where getvariable('run_months')::date[] is null
        or list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date)
),

fct_unit_value_references as (
    select * from fct_unit_value_references
),

tariff_rates as (
    select * from tariff_rates
),

heading_rates as (
    select left(tariff_code, 4) as hs4, left(tariff_code, 6) as hs6, max(duty_rate) as general_duty_rate,
    from tariff_rates
    where rate_kind = 'general'
    group by all
),

neighbour_rates as (
    select
        own.hs6,
        max(other.general_duty_rate) as max_neighbour_duty_rate,
    from heading_rates as own
    inner join heading_rates as other on own.hs4 = other.hs4 and own.hs6 <> other.hs6
    group by all
),

fct_trader_first_imports as (
    select * from fct_trader_first_imports
),

-- each trader's first import of an HS6 from each origin, and of the HS6 from any origin: for the traders claiming a
-- preference on the lines made, the only lines a preference shift is looked for on
first_use as (
    select
        trader_id,
        hs6,
        origin_country,
        min(first_import_at) as first_at,
        min(min(first_import_at)) over (partition by trader_id, hs6) as first_hs6_at,
    from fct_trader_first_imports
    where trader_id in (select trader_id from lines_made where preference_agreement is not null)
    group by trader_id, hs6, origin_country
),

-- the flow × HS6 × origin × quarter keys of the lines: references are chosen once per key, not once per line
line_keys as (
    select distinct declaration_type, hs6, origin_country, quarter_date,
    from lines_made
),

-- the reference each key's lines are compared with: its origin's when that has enough lines, else the HS6's ('*')
reference_keys as (
    select
        line_keys.declaration_type,
        line_keys.hs6,
        line_keys.origin_country,
        line_keys.quarter_date,
        coalesce(by_origin.origin_country, '*') as reference_origin_country,
    from line_keys
    left join fct_unit_value_references as by_origin
        on line_keys.declaration_type = by_origin.declaration_type
        and line_keys.hs6 = by_origin.hs6
        and line_keys.origin_country = by_origin.origin_country
        and line_keys.quarter_date = by_origin.reference_quarter_date
        and by_origin.count_lines >= getvariable('min_reference_lines')
),

references_for_keys as (
    select
        reference_keys.declaration_type,
        reference_keys.hs6,
        reference_keys.origin_country as line_origin_country,
        reference_keys.quarter_date,
        fct_unit_value_references.* exclude (declaration_type, hs6, reference_quarter_date),
    from reference_keys
    left join fct_unit_value_references
        on reference_keys.declaration_type = fct_unit_value_references.declaration_type
        and reference_keys.hs6 = fct_unit_value_references.hs6
        and reference_keys.reference_origin_country = fct_unit_value_references.origin_country
        and reference_keys.quarter_date = fct_unit_value_references.reference_quarter_date
),

indicators as (
    select
        lines.declaration_id,
        lines.line_number,
        lines.hs6,
        lines.origin_country,
        lines.customs_value_twd,
        refs.count_lines as reference_count_lines,
        refs.origin_country as reference_origin_country,
        exp(refs.median_log_unit_value) as reference_unit_value_twd,
        exp(lines.log_unit_value) as unit_value_twd,
        0.6745 * (lines.log_unit_value - refs.median_log_unit_value) / nullif(refs.mad_log_unit_value, 0) as unit_value_z,
        refs.q3_log_unit_value - refs.q1_log_unit_value as iqr,
        (refs.q3_log_unit_value + refs.q1_log_unit_value - 2 * refs.median_log_unit_value) / nullif(refs.q3_log_unit_value - refs.q1_log_unit_value, 0) as bowley_skew,
        lines.log_unit_value,
        refs.q1_log_unit_value,
        refs.q3_log_unit_value,
        0.6745 * (lines.log_mass_per_unit - refs.median_log_mass_per_unit) / nullif(refs.mad_log_mass_per_unit, 0) as mass_per_unit_z,
        lines.general_duty_rate - neighbour_rates.max_neighbour_duty_rate as duty_rate_gap,
        lines.preference_agreement is not null as is_preference_claimed,
        coalesce(
            lines.preference_agreement is not null
            and first_use.first_hs6_at < first_use.first_at
            and lines.lodgement_at < first_use.first_at + interval 90 day,
            false
        ) as is_preference_shift,
    from lines_made as lines
    left join references_for_keys as refs
        on lines.declaration_type = refs.declaration_type
        and lines.hs6 = refs.hs6
        and lines.origin_country is not distinct from refs.line_origin_country
        and lines.quarter_date = refs.quarter_date
    left join neighbour_rates on lines.hs6 = neighbour_rates.hs6
    left join first_use
        on lines.trader_id = first_use.trader_id
        and lines.hs6 = first_use.hs6
        and lines.origin_country = first_use.origin_country
),

line_indicators as (
    select
        declaration_id,
        hs6,
        origin_country,
        reference_origin_country,
        unit_value_twd,
        reference_unit_value_twd,
        unit_value_z,
        case
            when iqr is null or iqr = 0 then null
            when log_unit_value < q1_log_unit_value - 1.5 * exp(-3 * coalesce(bowley_skew, 0)) * iqr
                then (log_unit_value - (q1_log_unit_value - 1.5 * exp(-3 * coalesce(bowley_skew, 0)) * iqr)) / iqr
            when log_unit_value > q3_log_unit_value + 1.5 * exp(3 * coalesce(bowley_skew, 0)) * iqr
                then (log_unit_value - (q3_log_unit_value + 1.5 * exp(3 * coalesce(bowley_skew, 0)) * iqr)) / iqr
            else 0
        end as unit_value_fence_distance,
        mass_per_unit_z,
        duty_rate_gap,
        is_preference_claimed,
        is_preference_shift,
    from indicators
),

-- the declaration's extremes, and the line behind the lowest unit value z, for the reasons shown to auditors
final as (
    select
        declaration_id,
        min(unit_value_z) as min_unit_value_z,
        max(unit_value_z) as max_unit_value_z,
        min(unit_value_fence_distance) as min_unit_value_fence_distance,
        max(unit_value_fence_distance) as max_unit_value_fence_distance,
        max(mass_per_unit_z) as max_mass_per_unit_z,
        min(duty_rate_gap) as min_duty_rate_gap,
        avg(is_preference_claimed::integer) as share_lines_preference_claimed,
        bool_or(is_preference_shift) as has_preference_shift,
        arg_min(hs6, unit_value_z) as low_unit_value_hs6,
        arg_min(origin_country, unit_value_z) as low_unit_value_origin_country,
        arg_min(reference_origin_country, unit_value_z) as low_unit_value_reference_origin_country,
        arg_min(unit_value_twd / reference_unit_value_twd, unit_value_z) as low_unit_value_ratio_to_median,
        arg_max(unit_value_twd / reference_unit_value_twd, unit_value_z) as high_unit_value_ratio_to_median,
    from line_indicators
    group by declaration_id
)

select * from final
