-- one row per declaration: the amount its trader owed in arrears (assessed, past due and not yet paid) when it
-- was lodged. An assessment enters arrears the day after its due date unless paid by then, and leaves on the
-- day it is paid.
with

-- NOT MATERIALIZED: read more than once below, and DuckDB would otherwise copy every column of every row into a
-- buffer first; each reader scans only the columns it needs
declarations as not materialized (
    select * from declarations
),

int_payment_status as (
    select * from int_payment_status
),

assessments as (
    select
        declarations.trader_id,
        int_payment_status.due_date,
        int_payment_status.paid_date,
        int_payment_status.assessed_total_twd,
    from int_payment_status
    inner join declarations on int_payment_status.declaration_id = declarations.declaration_id
    where int_payment_status.paid_date is null or int_payment_status.paid_date > int_payment_status.due_date
),

events as (
    select trader_id, (due_date + 1)::timestamp as event_at, 1 as event_order, assessed_total_twd as change_twd, null as declaration_id,
    from assessments
    union all
    select trader_id, paid_date::timestamp, 1, -assessed_total_twd, null,
    from assessments
    where paid_date is not null
    union all
    select trader_id, lodgement_at, 2, 0, declaration_id,
    from declarations
    -- an incremental run needs the declarations of its months only; every assessment before them still counts
    where getvariable('run_months')::date[] is null
        -- (the range lets the scan skip the row groups of other months; list_contains keeps only the run's months)
        or (lodgement_at >= list_min(getvariable('run_months')::date[])
            and lodgement_at < list_max(getvariable('run_months')::date[]) + interval 1 month
            and list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date))
),

final as (
    select
        declaration_id,
        round(sum(change_twd) over (partition by trader_id order by event_at, event_order rows between unbounded preceding and current row), 2)
            as arrears_at_lodgement_twd,
    from events
    qualify event_order = 2
)

select * from final
