-- one row per trader × month with declarations: how many it lodged and what they declared — the monthly sums that
-- the new-trader, sudden-change and drawback indicators look back on (int_trader_months), kept so that a month's
-- run reads each trader's earlier months here rather than summing every declaration since the first month again.
-- Each month's row depends on that month's declarations alone, so an incremental run makes its months' rows
-- (REFRESHED_MARTS). Values as declared, like every risk indicator. Confidential: identifies traders (auditors only).
with

declarations as (
    select * from declarations
    where getvariable('run_months')::date[] is null
        -- (the range lets the scan skip the row groups of other months; list_contains keeps only the run's months)
        or (lodgement_at >= list_min(getvariable('run_months')::date[])
            and lodgement_at < list_max(getvariable('run_months')::date[]) + interval 1 month
            and list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date))
),

final as (
    select
        -- ids
        trader_id,
        -- dates
        date_trunc('month', lodgement_at)::date as month_date,
        -- counts
        count(*) as count_declarations,
        -- amounts
        sum(case when declaration_type = 'import' then cif_value_twd else 0 end) as import_value_twd,
        sum(case when customs_procedure = 'drawback' then fob_value_twd else 0 end) as drawback_export_value_twd,
        sum(case when declaration_type = 'import' then cif_value_twd else fob_value_twd end) as declared_value_twd,
    from declarations
    group by all
)

select * from final
