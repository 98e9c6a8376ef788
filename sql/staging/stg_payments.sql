-- one row per duty and tax assessment, with its payment (paid_date and channel null while unpaid)
with

source as (
    select * from payments
),

renamed as (
    select
        -- ids
        payment_id,
        declaration_id,
        -- codes
        channel,
        -- amounts
        duty_twd,
        business_tax_twd,
        commodity_tax_twd,
        amount_paid_twd,
        -- dates
        assessed_date,
        due_date,
        paid_date,
    from source
)

select * from renamed
