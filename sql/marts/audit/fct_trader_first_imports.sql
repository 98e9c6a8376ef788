-- one row per trader × HS6 × origin × month with imports of those goods from that origin: the trader's first
-- lodgement of them in the month. The first imports of a trader's goods are the earliest of its months, so a
-- preference shift (int_declaration_line_indicators) finds them here without reading the trader's lines of every
-- month before; each month's rows depend on that month's lines alone, so an incremental run makes its months' rows
-- (REFRESHED_MARTS). Values as declared, like every risk indicator. Confidential: identifies traders (auditors only).
with

int_audit_item_lines as (
    select * from int_audit_item_lines
),

-- an incremental run's lines are those of its months and, when it makes references, of the 12 months before them:
-- only its months' rows are made
final as (
    select
        -- ids
        trader_id,
        -- codes
        hs6,
        origin_country,
        -- dates
        date_trunc('month', lodgement_at)::date as month_date,
        min(lodgement_at) as first_import_at,
    from int_audit_item_lines
    where declaration_type = 'import'
        and (getvariable('run_months')::date[] is null
            or list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date))
    group by all
)

select * from final
