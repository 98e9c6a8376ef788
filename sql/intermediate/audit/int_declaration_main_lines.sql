-- one row per declaration with item lines: its main line (highest customs value, lowest line number among
-- equals) — the HS6 and origin that the declaration-level indicators and hit rates are keyed on
with

int_audit_item_lines as (
    select * from int_audit_item_lines
),

final as (
    select
        declaration_id,
        arg_min(hs6, (-customs_value_twd, line_number)) as main_hs6,
        arg_min(origin_country, (-customs_value_twd, line_number)) as main_origin_country,
        count(*) as count_lines,
        sum(customs_value_twd) as items_value_twd,
        sum(duty_twd) as duty_twd,
    from int_audit_item_lines
    group by declaration_id
)

select * from final
