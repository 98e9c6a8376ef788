-- one row per month of assessment: duty, business tax and commodity tax assessed, the total collected on those
-- assessments, and how they were paid: channel, days from assessment to payment (over paid assessments, partly
-- paid ones included), payments after the due date. An incremental run (getvariable('run_months')::date[] set) computes
-- only the months of assessment it recomputes.
with

int_payment_status as (
    select * from int_payment_status
    where getvariable('run_months')::date[] is null
        or list_contains(getvariable('run_months')::date[], date_trunc('month', assessed_date)::date)
),

final as (
    select
        date_trunc('month', assessed_date)::date as month_date,
        count(*) as count_assessments,
        sum(duty_twd) as assessed_duty_twd,
        sum(business_tax_twd) as assessed_business_tax_twd,
        sum(commodity_tax_twd) as assessed_commodity_tax_twd,
        sum(assessed_total_twd) as assessed_total_twd,
        sum(amount_paid_twd) as collected_total_twd,
        count(*) filter (where is_paid) as count_paid,
        count(*) filter (where is_paid and channel = 'e_payment')
            / nullif(count(*) filter (where is_paid), 0) as share_paid_electronically,
        avg(days_to_payment) filter (where is_paid) as mean_days_to_payment,
        median(days_to_payment) filter (where is_paid) as median_days_to_payment,
        count(*) filter (where is_paid_late) as count_paid_late,
    from int_payment_status
    group by month_date
)

select * from final
