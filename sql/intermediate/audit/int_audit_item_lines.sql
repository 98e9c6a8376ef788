-- one row per declaration item line, with what the risk indicators read of its declaration: who, when, where,
-- and the line's unit value (TWD per unit of the WCO quantity) and mass per unit on a log scale. Only the columns
-- the audit models read: at 10 million lines every column more is memory held for the whole run.
-- Values as declared: amendments (declaration_amendments) are not applied, since risk is judged on what was declared.
-- An incremental run (getvariable('run_months') set) reads only the lines its models need: those of the declarations
-- of its months, and from the 12 months before its first reference quarter on (getvariable('run_quarters'), the
-- references it makes). The checks the hit rates count are kept with their parties in fct_checked_declarations, and
-- the traders' first imports of their goods month by month in fct_trader_first_imports, so no earlier line is read
-- for them.
with

declarations as (
    select * from declarations
    where getvariable('run_months')::date[] is null
        -- (the range lets the scan skip the row groups of other months; list_contains keeps only the run's months)
        or (lodgement_at >= list_min(getvariable('run_months')::date[])
            and lodgement_at < list_max(getvariable('run_months')::date[]) + interval 1 month
            and list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date))
        or lodgement_at >= list_min(getvariable('run_quarters')::date[]) - interval 12 month
),

-- lines of the declarations above: when they are only the run's months' and those were all loaded since the last
-- run, so were their lines (getvariable('run_items_after_rowid'), src/db/incremental-plan.ts): the scan skips the
-- row groups before them
declaration_items as (
    select * from declaration_items
    where getvariable('run_items_after_rowid') is null
        or len(getvariable('run_quarters')::date[]) > 0
        or rowid > getvariable('run_items_after_rowid')
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
