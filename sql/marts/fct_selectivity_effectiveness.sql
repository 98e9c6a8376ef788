-- one row per month × check kind: C2 document checks and C3 inspections (by month of lodgement of the declaration)
-- and post-clearance audits (by month closed; open audits are not counted yet): checks, hits (a discrepancy found,
-- an audit with findings), hit rate, additional revenue and revenue per check (rounded to the cent)
with

inspections as (
    select * from inspections
),

stg_declarations as (
    select * from stg_declarations
),

post_clearance_audits as (
    select * from post_clearance_audits
),

inspection_checks as (
    select
        stg_declarations.month_date,
        stg_declarations.lane as check_kind,
        inspections.is_discrepancy_found as is_hit,
        inspections.additional_duty_twd as additional_revenue_twd,
    from inspections
    inner join stg_declarations on inspections.declaration_id = stg_declarations.declaration_id
    where stg_declarations.lane in ('C2', 'C3')
),

audit_checks as (
    select
        date_trunc('month', closed_date)::date as month_date,
        'post_clearance_audit' as check_kind,
        has_findings as is_hit,
        additional_revenue_twd,
    from post_clearance_audits
    where closed_date is not null
),

checks as (
    select * from inspection_checks
    union all by name
    select * from audit_checks
),

final as (
    select
        month_date,
        check_kind,
        count(*) as count_checks,
        count(*) filter (where is_hit) as count_hits,
        count(*) filter (where is_hit) / count(*) as hit_rate,
        sum(additional_revenue_twd) as additional_revenue_twd,
        (sum(additional_revenue_twd) / count(*))::decimal(18, 2) as revenue_per_check_twd,
    from checks
    group by month_date, check_kind
)

select * from final
