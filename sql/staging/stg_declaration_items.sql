-- one row per declaration item line (key: declaration_id, line_number)
with

source as (
    select * from declaration_items
),

renamed as (
    select
        -- ids
        declaration_id,
        line_number,
        -- codes
        tariff_code,
        origin_country,
        quantity_unit,
        -- quantities
        quantity,
        net_mass_kg,
        -- amounts
        customs_value_twd,
    from source
)

select * from renamed
