-- one row per check with an outcome (C2/C3 completed), with the six parties of its declaration that the hit rates
-- count it for: importer, broker, seller, main HS6, main origin and office. Month-keyed by the declaration's month
-- of lodgement: an incremental run (getvariable('run_months') set) makes the checks of its months' declarations (a
-- check loaded late makes its declaration's month one of them) and reads the others as stored, instead of the item
-- lines of every checked declaration since the first month. Confidential: identifies traders (auditors only).
with

declarations as (
    select * from declarations
    where getvariable('run_months')::date[] is null
        -- (the range lets the scan skip the row groups of other months; list_contains keeps only the run's months)
        or (lodgement_at >= list_min(getvariable('run_months')::date[])
            and lodgement_at < list_max(getvariable('run_months')::date[]) + interval 1 month
            and list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date))
),

inspections as (
    select * from inspections
),

int_declaration_main_lines as (
    select * from int_declaration_main_lines
),

final as (
    select
        -- ids
        declarations.declaration_id,
        declarations.trader_id as importer_id,
        declarations.declarant_id as broker_id,
        declarations.foreign_party_id as seller_id,
        declarations.office_id,
        -- codes
        main_lines.main_hs6 as hs6,
        main_lines.main_origin_country as origin_country,
        -- dates
        date_trunc('month', declarations.lodgement_at)::date as month_date,
        inspections.completed_at,
        -- outcome
        inspections.is_discrepancy_found,
    from inspections
    inner join declarations on inspections.declaration_id = declarations.declaration_id
    left join int_declaration_main_lines as main_lines on declarations.declaration_id = main_lines.declaration_id
    where inspections.completed_at is not null
)

select * from final
