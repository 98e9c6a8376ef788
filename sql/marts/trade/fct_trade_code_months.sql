-- one row per tariff code × flow (M, X) × month with trade: sums over the lines with a usable declared quantity and
-- a positive value, for unit values (value / quantity) and for the mean and spread of the lines' log unit values.
-- A table in the warehouse, not a temporary one: an incremental run recomputes only some months and reads the 12
-- months before them, as references, from here.
with

int_trade_lines as (
    select * from int_trade_lines
),

checked as (
    select
        tariff_code,
        flow_code,
        month_date,
        value_twd,
        reported_quantity,
        reported_quantity is not null and value_twd > 0 as is_usable,
        case when is_usable then ln(value_twd / reported_quantity) end as log_unit_value,
    from int_trade_lines
),

final as (
    select
        tariff_code,
        flow_code,
        month_date,
        count(*) filter (where is_usable) as count_lines,
        coalesce(sum(value_twd) filter (where is_usable), 0)::double as value_twd,
        coalesce(sum(reported_quantity) filter (where is_usable), 0) as quantity,
        coalesce(sum(log_unit_value), 0) as sum_log_unit_value,
        coalesce(sum(log_unit_value * log_unit_value), 0) as sum_squared_log_unit_value,
    from checked
    group by tariff_code, flow_code, month_date
)

select * from final
