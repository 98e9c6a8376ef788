-- one row per declaration: the header fields the marts group by, with the lodgement month.
-- An incremental run (src/db/incremental-plan.ts) sets getvariable('run_months')::date[] to the months it recomputes (a
-- list of first days of months); then only the declarations lodged in those months are seen, and every model that
-- reads this one computes only those months. Unset (null), as in a full run: every declaration.
with

source as (
    select * from declarations
    where getvariable('run_months')::date[] is null
        or (
            -- the range lets the scan skip row groups; list_contains keeps only the months asked for
            lodgement_at >= list_min(getvariable('run_months')::date[])
            and lodgement_at < list_max(getvariable('run_months')::date[]) + interval 1 month
            and list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date)
        )
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
