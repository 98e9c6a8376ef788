-- one row per ageing bucket (0-30, 31-90, over_90 days past the due date) as of getvariable('as_of_date'), all
-- three always present: the assessments in arrears and the amount outstanding on them (int_payment_status states
-- what counts as arrears)
with

int_payment_status as (
    select * from int_payment_status
),

buckets as (
    select *
    from (values
        (1, '0-30', 0, 30),
        (2, '31-90', 31, 90),
        (3, 'over_90', 91, null)
    ) as buckets (bucket_order, bucket, min_days_past_due, max_days_past_due)
),

arrears as (
    select
        days_past_due,
        outstanding_twd,
    from int_payment_status
    where is_in_arrears
),

final as (
    select
        buckets.bucket_order,
        buckets.bucket,
        getvariable('as_of_date')::date as as_of_date,
        count(arrears.outstanding_twd) as count_assessments,
        coalesce(sum(arrears.outstanding_twd), 0) as outstanding_twd,
    from buckets
    left join arrears
        on arrears.days_past_due >= buckets.min_days_past_due
        and (arrears.days_past_due <= buckets.max_days_past_due or buckets.max_days_past_due is null)
    group by buckets.bucket_order, buckets.bucket
)

select * from final
