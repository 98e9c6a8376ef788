-- one row per amendment of a declaration item line (key: amendment_id); null tariff_code, origin_country or
-- quantity = unchanged
with

source as (
    select * from declaration_amendments
),

renamed as (
    select
        -- ids
        amendment_id,
        declaration_id,
        line_number,
        -- codes
        tariff_code,
        origin_country,
        -- quantities
        quantity,
        net_mass_kg,
        -- amounts
        customs_value_twd,
        -- dates
        amended_at,
    from source
)

select * from renamed
