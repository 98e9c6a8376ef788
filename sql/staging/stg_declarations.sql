-- one row per declaration: the header fields the marts group by, with the lodgement month
with

source as (
    select * from declarations
),

renamed as (
    select
        -- ids
        declaration_id,
        trader_id,
        declarant_id,
        office_id,
        -- codes
        declaration_type,
        customs_procedure,
        transport_mode_code,
        lane,
        is_aeo,
        consignment_country,
        destination_country,
        -- dates
        lodgement_at,
        date_trunc('month', lodgement_at)::date as month_date,
        -- amounts
        cif_value_twd,
        fob_value_twd,
    from source
)

select * from renamed
