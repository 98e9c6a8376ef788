-- one row per month × check: C2 and C3 checks (by month of lodgement) and post-clearance audits (by month
-- closed; open audits are not counted): checks, hits (a discrepancy or finding), hit rate, additional revenue
with

stg_declarations as (
    select * from stg_declarations
),

inspections as (
    select * from inspections
),

post_clearance_audits as (
    select * from post_clearance_audits
),

checks as (
    select
        stg_declarations.month_date,
        stg_declarations.lane as check_kind,
        inspections.is_discrepancy_found as is_hit,
        inspections.additional_duty_twd as additional_revenue_twd,
    from inspections
    inner join stg_declarations using (declaration_id)
    union all
    select
        date_trunc('month', closed_date)::date as month_date,
        'post_clearance_audit' as check_kind,
        has_findings as is_hit,
        additional_revenue_twd,
    from post_clearance_audits
    where closed_date is not null
),

final as (
    select
        month_date,
        check_kind,
        count(*) as count_checks,
        count(*) filter (where is_hit) as count_hits,
        count(*) filter (where is_hit) / count(*) as hit_rate,
        sum(additional_revenue_twd) as additional_revenue_twd,
        sum(additional_revenue_twd) / count(*) as revenue_per_check_twd,
    from checks
    group by all
)

select * from final
