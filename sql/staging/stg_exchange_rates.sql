-- one row per currency × month: the month's average rate in TWD per unit of the currency
with

source as (
    select * from exchange_rates
),

renamed as (
    select
        -- codes
        currency_code,
        -- dates
        rate_month as month_date,
        -- rates
        twd_per_unit,
    from source
)

select * from renamed
