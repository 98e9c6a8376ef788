-- one row per declaration of the latest scoring window: the audit model's probability of a discrepancy, the
-- revenue a finding would recover, the rank on the audit list, and the reasons that raised its probability most
-- (audit_scores.reason_keys, groups of the model's features, see src/audit/audit-features.ts) in plain words with
-- the declaration's own numbers, most important first. The words are made here, in the warehouse, for every scored
-- declaration at once, from the same join of the scores with the features as the rest of the row. Confidential:
-- identifies traders and declarations (auditors only).
with

audit_scores as (
    select * from audit_scores
),

-- the scoring window's declarations only (the scores and targets hold no others): getvariable('scoring_from'),
-- set by the audit run, lets DuckDB skip the row groups before the window; unset, every declaration
fct_declaration_risk_features as (
    select * from fct_declaration_risk_features
    where getvariable('scoring_from')::timestamp is null or lodgement_at >= getvariable('scoring_from')::timestamp
),

-- each scored declaration with its reason keys, most important first (at most three: src/audit/audit-model.ts,
-- REASONS_PER_DECLARATION), and the figures the reasons quote: percentages rounded to whole numbers, robust z with a
-- sign and one decimal, amounts in whole TWD with thousands separators, HS subheadings as 4 + 2 digits
figures as (
    select
        -- ids
        audit_scores.declaration_id,
        audit_scores.model_id,
        features.trader_id,
        features.declarant_id,
        features.office_id,
        -- codes
        features.declaration_type,
        features.lane,
        features.main_hs6,
        features.main_origin_country as origin_country,
        features.is_aeo,
        -- dates
        features.month_date as period_month,
        features.lodgement_at,
        -- amounts
        features.value_twd as customs_value_twd,
        audit_scores.fraud_probability,
        audit_scores.predicted_revenue_twd,
        audit_scores.expected_revenue_twd,
        audit_scores.score,
        audit_scores.score_rank,
        audit_scores.is_selected,
        audit_scores.is_exploration,
        -- the reasons' keys and the figures they quote
        list_filter(string_split(audit_scores.reason_keys, ','), key -> key <> '') as reason_keys,
        case when length(features.main_hs6) = 6 then features.main_hs6[1:4] || '.' || features.main_hs6[5:6] else features.main_hs6 end as main_hs6_dotted,
        case when length(features.low_unit_value_hs6) = 6 then features.low_unit_value_hs6[1:4] || '.' || features.low_unit_value_hs6[5:6] else features.low_unit_value_hs6 end as low_unit_value_hs6,
        features.low_unit_value_reference_origin_country,
        features.low_unit_value_ratio_to_median,
        features.high_unit_value_ratio_to_median,
        features.min_unit_value_z,
        features.max_unit_value_z,
        features.max_mass_per_unit_z,
        features.min_duty_rate_gap,
        features.share_lines_preference_claimed,
        features.has_preference_shift,
        features.count_parts_48h,
        features.benford_first_digit_mad,
        features.benford_first_digit_class,
        features.months_since_first_declaration,
        features.value_change_ratio,
        features.drawback_to_import_ratio,
        features.arrears_at_lodgement_twd,
        features.value_twd,
        features.importer_checked, features.importer_hits, features.importer_hit_rate,
        features.broker_checked, features.broker_hits, features.broker_hit_rate,
        features.seller_checked, features.seller_hits, features.seller_hit_rate,
        features.hs6_checked, features.hs6_hits, features.hs6_hit_rate,
        features.origin_checked, features.origin_hits, features.origin_hit_rate,
        features.office_checked, features.office_hits, features.office_hit_rate,
    from audit_scores
    inner join fct_declaration_risk_features as features on audit_scores.declaration_id = features.declaration_id
),

-- every scored declaration, its keys put in words in their order (each key formats only the figures it quotes),
-- with an empty list when nothing raised its score
final as (
    select
        declaration_id,
        model_id,
        trader_id,
        declarant_id,
        office_id,
        declaration_type,
        lane,
        main_hs6,
        origin_country,
        is_aeo,
        period_month,
        lodgement_at,
        customs_value_twd,
        fraud_probability,
        predicted_revenue_twd,
        expected_revenue_twd,
        score,
        score_rank,
        is_selected,
        is_exploration,
        list_filter(list_transform(reason_keys, reason_key ->
            case reason_key
                -- a line far below its reference reads as under-valuation, one far above as an inflated (drawback) export
                when 'unit_value' then case
                    when not isfinite(min_unit_value_z) or min_unit_value_z is null then 'no unit-value history for its goods in the 12 months before'
                    when max_unit_value_z > -min_unit_value_z
                        then 'unit value ' || printf('%.1f', high_unit_value_ratio_to_median) || '× the median for its HS code over the 12 months before (robust z ' || case when max_unit_value_z >= 0 then '+' else '−' end || printf('%.1f', abs(max_unit_value_z)) || ')'
                    else 'unit value '
                        || case when low_unit_value_ratio_to_median < 1
                            then round((1 - low_unit_value_ratio_to_median) * 100)::bigint || '% below'
                            else round((low_unit_value_ratio_to_median - 1) * 100)::bigint || '% above' end
                        || ' the median for HS ' || low_unit_value_hs6
                        || case when coalesce(low_unit_value_reference_origin_country, '*') = '*' then ' from all origins' else ' from ' || low_unit_value_reference_origin_country end
                        || ' over the 12 months before (robust z ' || case when min_unit_value_z >= 0 then '+' else '−' end || printf('%.1f', abs(min_unit_value_z)) || ')'
                end
                when 'mass_per_unit' then coalesce(
                    'net mass per declared unit far from the usual for its code (robust z ' || case when max_mass_per_unit_z >= 0 then '+' else '−' end || printf('%.1f', abs(max_mass_per_unit_z)) || '): fewer units declared than the mass suggests',
                    'no net-mass history for its code to compare with')
                when 'cheaper_neighbour_code' then case
                    when min_duty_rate_gap < 0
                        then 'declared under HS ' || main_hs6_dotted || ', whose duty rate is ' || printf('%.1f', abs(min_duty_rate_gap) * 100) || ' points below a neighbouring code of the same heading'
                    else 'declared under HS ' || main_hs6_dotted || '; neighbouring codes of its heading carry similar duty'
                end
                when 'preference' then case
                    when has_preference_shift then 'claims a preferential origin the trader first used for these goods in the last 90 days, after importing them from elsewhere'
                    else 'preferential origin claimed on ' || coalesce(round(share_lines_preference_claimed * 100)::bigint, 0) || '%' || ' of its lines'
                end
                when 'split_shipment' then 'one of ' || coalesce(count_parts_48h, 1) || ' low-value declarations from the same seller within 48 hours (de minimis TWD 2,000)'
                when 'benford' then case
                    when benford_first_digit_mad is null then 'too few earlier lines to test the trader against Benford''s law'
                    else 'the trader''s declared values ' || case when benford_first_digit_class in ('close', 'acceptable') then 'follow' else 'depart from' end
                        || ' Benford''s law (first-digit MAD ' || printf('%.4f', benford_first_digit_mad) || ', ' || benford_first_digit_class || ')'
                end
                when 'new_trader' then case
                    when months_since_first_declaration < 3 then 'new trader (first declaration ' || months_since_first_declaration || ' months before)'
                    else 'trader declaring for ' || coalesce(months_since_first_declaration, 0) || ' months'
                end
                when 'value_change' then coalesce(
                    'the trader declared ' || printf('%.1f', value_change_ratio) || '× its monthly average of the 6 months before',
                    'no declarations by the trader in the 6 months before')
                when 'drawback_ratio' then coalesce(
                    'drawback exports worth ' || printf('%.1f', drawback_to_import_ratio) || '× the trader''s imports over 12 months',
                    'export under drawback')
                when 'arrears' then 'the trader owed ' || 'TWD ' || format('{:,}', coalesce(round(arrears_at_lodgement_twd)::bigint, 0)) || ' in arrears when it was lodged'
                -- each party's record of earlier checks: none yet, or its findings and smoothed hit rate
                when 'importer_history' then case when importer_checked = 0
                    then 'no earlier checks of the importer (prior hit rate ' || round(importer_hit_rate * 100)::bigint || '%)'
                    else 'the importer''s earlier checks found discrepancies in ' || importer_hits || ' of ' || importer_checked || ' (smoothed hit rate ' || round(importer_hit_rate * 100)::bigint || '%)'
                end
                when 'broker_history' then case when broker_checked = 0
                    then 'no earlier checks of the broker (prior hit rate ' || round(broker_hit_rate * 100)::bigint || '%)'
                    else 'the broker''s earlier checks found discrepancies in ' || broker_hits || ' of ' || broker_checked || ' (smoothed hit rate ' || round(broker_hit_rate * 100)::bigint || '%)'
                end
                when 'seller_history' then case when seller_checked = 0
                    then 'no earlier checks of the seller (prior hit rate ' || round(seller_hit_rate * 100)::bigint || '%)'
                    else 'the seller''s earlier checks found discrepancies in ' || seller_hits || ' of ' || seller_checked || ' (smoothed hit rate ' || round(seller_hit_rate * 100)::bigint || '%)'
                end
                when 'hs6_history' then case when hs6_checked = 0
                    then 'no earlier checks of its HS code (prior hit rate ' || round(hs6_hit_rate * 100)::bigint || '%)'
                    else 'earlier checks of its HS code found discrepancies in ' || hs6_hits || ' of ' || hs6_checked || ' (smoothed hit rate ' || round(hs6_hit_rate * 100)::bigint || '%)'
                end
                when 'origin_history' then case when origin_checked = 0
                    then 'no earlier checks of its origin (prior hit rate ' || round(origin_hit_rate * 100)::bigint || '%)'
                    else 'earlier checks of its origin found discrepancies in ' || origin_hits || ' of ' || origin_checked || ' (smoothed hit rate ' || round(origin_hit_rate * 100)::bigint || '%)'
                end
                when 'office_history' then case when office_checked = 0
                    then 'no earlier checks at the office (prior hit rate ' || round(office_hit_rate * 100)::bigint || '%)'
                    else 'earlier checks at the office found discrepancies in ' || office_hits || ' of ' || office_checked || ' (smoothed hit rate ' || round(office_hit_rate * 100)::bigint || '%)'
                end
                when 'declaration_profile' then 'declared value TWD ' || format('{:,}', round(value_twd)::bigint)
            end
        ), reason -> reason is not null) as reasons,
    from figures
)

select * from final
