-- one row per declaration with item lines: its main line (highest customs value, lowest line number among
-- equals) — the HS6 and origin that the declaration-level indicators and hit rates are keyed on
with

-- the lines of the declarations whose main line is read: all of them, or those of an incremental run's months
int_audit_item_lines as (
    select * from int_audit_item_lines
    where getvariable('run_months')::date[] is null
        or list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date)
),

declarations_lines as (
    select
        declaration_id,
        -- one arg_min for both codes: the ordering key is compared once, not once per code
        arg_min({'hs6': hs6, 'origin_country': origin_country}, (-customs_value_twd, line_number)) as main_line,
        count(*) as count_lines,
        sum(customs_value_twd) as items_value_twd,
        sum(duty_twd) as duty_twd,
    from int_audit_item_lines
    group by declaration_id
),

final as (
    select
        declaration_id,
        main_line.hs6 as main_hs6,
        main_line.origin_country as main_origin_country,
        count_lines,
        items_value_twd,
        duty_twd,
    from declarations_lines
)

select * from final
