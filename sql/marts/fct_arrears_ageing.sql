-- one row per ageing bucket (0-30, 31-90, over_90 days past due) as of getvariable('as_of_date'): assessments
-- with an amount outstanding past their due date, and that amount. An assessment not yet due is not in arrears.
with

payments as (
    select * from payments
),

buckets as (
    select * from (values (1, '0-30'), (2, '31-90'), (3, 'over_90')) as buckets (bucket_order, bucket)
),

outstanding as (
    select
        getvariable('as_of_date')::date - due_date as days_past_due,
        duty_twd + business_tax_twd + commodity_tax_twd - amount_paid_twd as outstanding_twd,
    from payments
    where due_date < getvariable('as_of_date')::date
        and duty_twd + business_tax_twd + commodity_tax_twd - amount_paid_twd > 0
),

bucketed as (
    select
        case when days_past_due <= 30 then '0-30' when days_past_due <= 90 then '31-90' else 'over_90' end as bucket,
        outstanding_twd,
    from outstanding
),

final as (
    select
        buckets.bucket_order,
        buckets.bucket,
        getvariable('as_of_date')::date as as_of_date,
        count(bucketed.outstanding_twd) as count_assessments,
        coalesce(sum(bucketed.outstanding_twd), 0) as outstanding_twd,
    from buckets
    left join bucketed using (bucket)
    group by all
    order by buckets.bucket_order
)

select * from final
