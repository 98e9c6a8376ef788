-- one row per tariff code × flow × month with trade: the reference unit value that a line's quantity is checked
-- against and estimated from. Reference window: the 12 months before the month (trailing 12 months) when they hold
-- at least 5 usable lines of the code and flow, else the month itself. Reference unit value = value / quantity over the
-- window (null when it holds no usable line); mean and standard deviation of the lines' log unit values give the plausible range (downstream).
with

fct_trade_code_months as (
    select * from fct_trade_code_months
    -- an incremental run (getvariable('run_months')::date[] set) needs the references of its months only: their own
    -- months and the 12 before them
    where getvariable('run_months')::date[] is null
        or month_date >= list_min(getvariable('run_months')::date[]) - interval 12 month
),

windowed as (
    select
        tariff_code,
        flow_code,
        month_date,
        count_lines,
        value_twd,
        quantity,
        sum_log_unit_value,
        sum_squared_log_unit_value,
        sum(count_lines) over trailing_12 as trailing_count_lines,
        sum(value_twd) over trailing_12 as trailing_value_twd,
        sum(quantity) over trailing_12 as trailing_quantity,
        sum(sum_log_unit_value) over trailing_12 as trailing_sum_log_unit_value,
        sum(sum_squared_log_unit_value) over trailing_12 as trailing_sum_squared_log_unit_value,
    from fct_trade_code_months
    window trailing_12 as (
        partition by tariff_code, flow_code
        order by month_date
        range between interval 12 months preceding and interval 1 month preceding
    )
),

chosen as (
    select
        tariff_code,
        flow_code,
        month_date,
        coalesce(trailing_count_lines, 0) >= 5 as is_trailing,
        case when is_trailing then trailing_count_lines else count_lines end as count_reference_lines,
        case when is_trailing then trailing_value_twd else value_twd end as reference_value_twd,
        case when is_trailing then trailing_quantity else quantity end as reference_quantity,
        case when is_trailing then trailing_sum_log_unit_value else sum_log_unit_value end as reference_sum_log,
        case when is_trailing then trailing_sum_squared_log_unit_value else sum_squared_log_unit_value end as reference_sum_squared_log,
    from windowed
),

final as (
    select
        tariff_code,
        flow_code,
        month_date,
        is_trailing,
        count_reference_lines,
        -- null when the window holds no usable line
        reference_value_twd / nullif(reference_quantity, 0) as reference_unit_value_twd,
        reference_sum_log / nullif(count_reference_lines, 0) as mean_log_unit_value,
        sqrt(greatest(reference_sum_squared_log / nullif(count_reference_lines, 0) - pow(mean_log_unit_value, 2), 0))
            as sd_log_unit_value,
    from chosen
)

select * from final
