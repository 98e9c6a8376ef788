-- one row per declaration item line (key: declaration_id, line_number)
-- Read only by models of the declarations of an incremental run's months (int_trade_lines): when those were all
-- loaded since the last run, so were their lines, and getvariable('run_items_after_rowid') (src/db/incremental-plan.ts,
-- RunPlan.newRowsAfter) lets the scan skip the row groups before them. Unset (null): every line.
with

source as (
    select * from declaration_items
    where getvariable('run_items_after_rowid') is null or rowid > getvariable('run_items_after_rowid')
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
