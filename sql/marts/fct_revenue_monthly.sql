-- one row per month of assessment: duty, business tax and commodity tax assessed, total collected, payment
-- channel and timeliness (days from assessment to payment, payments after the due date)
with

payments as (
    select * from payments
),

final as (
    select
        date_trunc('month', assessed_date)::date as month_date,
        count(*) as count_assessments,
        sum(duty_twd) as assessed_duty_twd,
        sum(business_tax_twd) as assessed_business_tax_twd,
        sum(commodity_tax_twd) as assessed_commodity_tax_twd,
        sum(duty_twd + business_tax_twd + commodity_tax_twd) as assessed_total_twd,
        sum(amount_paid_twd) as collected_total_twd,
        count(*) filter (where paid_date is not null) as count_paid,
        count(*) filter (where channel = 'e_payment') / nullif(count(*) filter (where paid_date is not null), 0) as share_paid_electronically,
        avg(paid_date - assessed_date) filter (where paid_date is not null) as mean_days_to_payment,
        median(paid_date - assessed_date) filter (where paid_date is not null) as median_days_to_payment,
        count(*) filter (where paid_date > due_date) as count_paid_late,
    from payments
    group by all
)

select * from final
