-- one row per declaration of the latest scoring window: the audit model's probability of a discrepancy, the
-- revenue a finding would recover, the rank on the audit list and the reasons in plain words. Confidential:
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

fct_audit_target_reasons as (
    select * from fct_audit_target_reasons
),

final as (
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
        target_reasons.reasons,
    from audit_scores
    inner join fct_declaration_risk_features as features on audit_scores.declaration_id = features.declaration_id
    inner join fct_audit_target_reasons as target_reasons on audit_scores.declaration_id = target_reasons.declaration_id
)

select * from final
