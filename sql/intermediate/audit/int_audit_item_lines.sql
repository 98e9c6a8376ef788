-- one row per declaration item line, with what the risk indicators read of its declaration: who, when, where,
-- and the line's unit value (TWD per unit of the WCO quantity) and mass per unit on a log scale. Only the columns
-- the audit models read: at 10 million lines every column more is memory held for the whole run.
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
        -- codes
        declarations.declaration_type,
        left(declaration_items.tariff_code, 6) as hs6,
        declaration_items.origin_country,
        declaration_items.preference_agreement,
        -- dates
        declarations.lodgement_at,
        date_trunc('quarter', declarations.lodgement_at)::date as quarter_date,
        -- amounts
        declaration_items.customs_value_twd,
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
