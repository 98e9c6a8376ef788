-- one row per declaration item line, with what the risk indicators read of its declaration: who, when, where,
-- and the line's unit value (TWD per unit of the WCO quantity) and mass per unit on a log scale.
-- Values as declared: amendments (declaration_amendments) are not applied, since risk is judged on what was declared.
with

declarations as (
    select * from declarations
),

declaration_items as (
    select * from declaration_items
),

tariff_rates as (
    select * from tariff_rates
),

general_rates as (
    select tariff_code, duty_rate as general_duty_rate,
    from tariff_rates
    where rate_kind = 'general'
),

final as (
    select
        -- ids
        declaration_items.declaration_id,
        declaration_items.line_number,
        declarations.trader_id,
        declarations.declarant_id,
        declarations.foreign_party_id,
        declarations.office_id,
        -- codes
        declarations.declaration_type,
        declarations.customs_procedure,
        declaration_items.tariff_code,
        left(declaration_items.tariff_code, 6) as hs6,
        left(declaration_items.tariff_code, 4) as hs4,
        declaration_items.origin_country,
        declaration_items.preference_agreement,
        -- dates
        declarations.lodgement_at,
        date_trunc('month', declarations.lodgement_at)::date as month_date,
        date_trunc('quarter', declarations.lodgement_at)::date as quarter_date,
        -- amounts
        declaration_items.customs_value_twd,
        declaration_items.quantity,
        declaration_items.net_mass_kg,
        declaration_items.duty_rate,
        general_rates.general_duty_rate,
        declaration_items.duty_twd,
        case when declaration_items.quantity > 0 and declaration_items.customs_value_twd > 0
            then ln(declaration_items.customs_value_twd / declaration_items.quantity) end as log_unit_value,
        case when declaration_items.quantity > 0 and declaration_items.net_mass_kg > 0
            then ln(declaration_items.net_mass_kg / declaration_items.quantity) end as log_mass_per_unit,
    from declaration_items
    inner join declarations on declaration_items.declaration_id = declarations.declaration_id
    left join general_rates on declaration_items.tariff_code = general_rates.tariff_code
)

select * from final
