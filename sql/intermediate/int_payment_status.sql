-- one row per assessment: its total, whether and when it was paid, and, as of getvariable('as_of_date'), the amount
-- still outstanding and the days past the due date. In arrears: outstanding after the due date (an assessment due
-- on the as-of date or later is not). A payment dated after the as-of date counts as not yet made on that date.
with

stg_payments as (
    select * from stg_payments
),

as_of as (
    select getvariable('as_of_date')::date as as_of_date
),

status as (
    select
        stg_payments.*,
        as_of.as_of_date,
        duty_twd + business_tax_twd + commodity_tax_twd as assessed_total_twd,
        paid_date is not null as is_paid,
        paid_date - assessed_date as days_to_payment,
        coalesce(paid_date > due_date, false) as is_paid_late,
        duty_twd + business_tax_twd + commodity_tax_twd
            - case when paid_date > as_of.as_of_date then 0 else amount_paid_twd end as outstanding_twd,
        as_of.as_of_date - due_date as days_past_due,
    from stg_payments
    cross join as_of
),

final as (
    select
        *,
        days_past_due > 0 and outstanding_twd > 0 as is_in_arrears,
    from status
)

select * from final
