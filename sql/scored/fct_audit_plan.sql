-- one row per trader × quarter of the scoring window: what an audit of the trader's declarations of that quarter
-- could recover, the indicators behind it, and the trader's audit history, ranked by expected recoverable revenue.
-- Traders with an audit opened within getvariable('audit_exclusion_months') months before the quarter are left
-- out (audited recently). Confidential: identifies traders (auditors only).
with

fct_audit_targets as (
    select * from fct_audit_targets
),

-- the scoring window's declarations only (the scores and targets hold no others): getvariable('scoring_from'),
-- set by the audit run, lets DuckDB skip the row groups before the window; unset, every declaration
fct_declaration_risk_features as (
    select * from fct_declaration_risk_features
    where getvariable('scoring_from')::timestamp is null or lodgement_at >= getvariable('scoring_from')::timestamp
),

post_clearance_audits as (
    select * from post_clearance_audits
),

traders as (
    select * from traders
),

quarters as (
    select
        date_trunc('quarter', targets.period_month)::date as period_start_date,
        targets.trader_id,
        count(*) as count_declarations,
        count_if(targets.is_selected) as count_selected_declarations,
        sum(targets.customs_value_twd) as value_twd,
        sum(targets.expected_revenue_twd) as expected_revenue_twd,
        avg(targets.fraud_probability) as mean_fraud_probability,
        -- indicators over the quarter's declarations
        count_if(features.min_unit_value_z < -3.5) as count_low_unit_value,
        count_if(features.has_preference_shift) as count_preference_shift,
        count_if(features.is_split_shipment_suspect) as count_split_shipment_suspect,
        max(features.max_mass_per_unit_z) as max_mass_per_unit_z,
        any_value(features.benford_first_digit_class) as benford_first_digit_class,
        max(features.arrears_at_lodgement_twd) as max_arrears_twd,
        -- the first reason of its three declarations with the highest expected revenue (equal ones by declaration
        -- id, so that the list does not depend on the order the scores were stored in; a declaration without reasons
        -- gives an empty place, kept by wrapping it in a list): min_by keeps three rows per trader where an ordered
        -- list sorted all of them (0.7 s against 1.6–2.2 s, 66,021 plan rows of 457,855 declarations)
        flatten(min_by([targets.reasons[1]], {'revenue': -targets.expected_revenue_twd, 'declaration_id': targets.declaration_id}, 3)) as top_reasons,
    from fct_audit_targets as targets
    inner join fct_declaration_risk_features as features on targets.declaration_id = features.declaration_id
    group by all
),

audit_history as (
    select
        quarters.period_start_date,
        quarters.trader_id,
        count(audits.audit_id) as count_previous_audits,
        count_if(audits.has_findings) as count_previous_findings,
        coalesce(sum(audits.additional_revenue_twd), 0)::double as previous_additional_revenue_twd,
        max(audits.opened_date) as last_audit_date,
    from quarters
    left join post_clearance_audits as audits
        on quarters.trader_id = audits.trader_id
        and audits.opened_date < quarters.period_start_date
    group by all
),

final as (
    select
        quarters.period_start_date,
        quarters.trader_id,
        traders.trader_name,
        traders.is_aeo,
        quarters.* exclude (period_start_date, trader_id),
        audit_history.count_previous_audits,
        audit_history.count_previous_findings,
        audit_history.previous_additional_revenue_twd,
        audit_history.last_audit_date,
        row_number() over (partition by quarters.period_start_date order by quarters.expected_revenue_twd desc, quarters.trader_id)::integer
            as plan_rank,
    from quarters
    inner join audit_history
        on quarters.period_start_date = audit_history.period_start_date
        and quarters.trader_id = audit_history.trader_id
    left join traders on quarters.trader_id = traders.trader_id
    where audit_history.last_audit_date is null
        or audit_history.last_audit_date < quarters.period_start_date - to_months(getvariable('audit_exclusion_months'))
)

select * from final
