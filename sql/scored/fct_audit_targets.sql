-- one row per declaration of the latest scoring window: the audit model's probability of a discrepancy, the
-- revenue a finding would recover, the rank on the audit list, and the reasons that raised its probability most
-- (audit_scores.reason_keys, groups of the model's features, see src/audit/audit-features.ts) in plain words with
-- the declaration's own numbers, most important first. The words are made here, in the warehouse, for every scored
-- declaration at once (by the macro reason_in_words, sql/macros), from the same join of the scores with the features
-- as the rest of the row. Confidential: identifies traders and declarations (auditors only).
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
-- REASONS_PER_DECLARATION), and the figures the reasons quote, in one struct (quoted)
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
        -- the reasons' keys, and the figures they quote (see sql/macros/reason_in_words.sql)
        list_filter(string_split(audit_scores.reason_keys, ','), key -> key <> '') as reason_keys,
        struct_pack(
            main_hs6_dotted := case when length(features.main_hs6) = 6 then features.main_hs6[1:4] || '.' || features.main_hs6[5:6] else features.main_hs6 end,
            low_unit_value_hs6 := case when length(features.low_unit_value_hs6) = 6 then features.low_unit_value_hs6[1:4] || '.' || features.low_unit_value_hs6[5:6] else features.low_unit_value_hs6 end,
            low_unit_value_reference_origin_country := features.low_unit_value_reference_origin_country,
            low_unit_value_ratio_to_median := features.low_unit_value_ratio_to_median,
            high_unit_value_ratio_to_median := features.high_unit_value_ratio_to_median,
            min_unit_value_z := features.min_unit_value_z,
            max_unit_value_z := features.max_unit_value_z,
            max_mass_per_unit_z := features.max_mass_per_unit_z,
            min_duty_rate_gap := features.min_duty_rate_gap,
            share_lines_preference_claimed := features.share_lines_preference_claimed,
            has_preference_shift := features.has_preference_shift,
            count_parts_48h := features.count_parts_48h,
            benford_first_digit_mad := features.benford_first_digit_mad,
            benford_first_digit_class := features.benford_first_digit_class,
            months_since_first_declaration := features.months_since_first_declaration,
            value_change_ratio := features.value_change_ratio,
            drawback_to_import_ratio := features.drawback_to_import_ratio,
            arrears_at_lodgement_twd := features.arrears_at_lodgement_twd,
            value_twd := features.value_twd,
            importer_checked := features.importer_checked,
            importer_hits := features.importer_hits,
            importer_hit_rate := features.importer_hit_rate,
            broker_checked := features.broker_checked,
            broker_hits := features.broker_hits,
            broker_hit_rate := features.broker_hit_rate,
            seller_checked := features.seller_checked,
            seller_hits := features.seller_hits,
            seller_hit_rate := features.seller_hit_rate,
            hs6_checked := features.hs6_checked,
            hs6_hits := features.hs6_hits,
            hs6_hit_rate := features.hs6_hit_rate,
            origin_checked := features.origin_checked,
            origin_hits := features.origin_hits,
            origin_hit_rate := features.origin_hit_rate,
            office_checked := features.office_checked,
            office_hits := features.office_hits,
            office_hit_rate := features.office_hit_rate
        ) as quoted,
    from audit_scores
    inner join fct_declaration_risk_features as features on audit_scores.declaration_id = features.declaration_id
),

-- every scored declaration, its keys put in words in their order, one call per place on the list of keys (as many
-- as REASONS_PER_DECLARATION: a place past a declaration's last key is NULL and gives no words), with an empty list
-- when nothing raised its score
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
        list_filter(
            [reason_in_words(reason_keys[1], quoted), reason_in_words(reason_keys[2], quoted), reason_in_words(reason_keys[3], quoted)],
            reason -> reason is not null) as reasons,
    from figures
)

select * from final
