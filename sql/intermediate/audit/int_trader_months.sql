-- one row per trader × month with declarations: what the trader declared that month and over the months before
-- it — the base of the new-trader, sudden-change and drawback indicators — from the monthly sums of
-- fct_trader_months. Windows count calendar months, so a month without declarations still ages the history. In an
-- incremental run (getvariable('run_months') set), the run's months only, from the 12 months before them and each
-- trader's first month.
with

-- every trader's months (an incremental run's made anew, the others as stored). NOT MATERIALIZED: read twice below,
-- and DuckDB would otherwise copy all of it into a buffer first; each reader scans only the columns it needs
fct_trader_months as not materialized (
    select * from fct_trader_months
),

traders as (
    select * from traders
),

-- each trader's first month with a declaration, over all history
first_months as (
    select trader_id, min(month_date) as first_month_date,
    from fct_trader_months
    group by trader_id
),

-- the windows below reach 11 months back (6 for the average, 11 and the month itself for the 12-month sums): an
-- incremental run's windows cover the 12 months before its months, for the traders with declarations in them
months as (
    select * from fct_trader_months
    where getvariable('run_months')::date[] is null
        or (month_date >= list_min(getvariable('run_months')::date[]) - interval 12 month
            and trader_id in (select trader_id from fct_trader_months where list_contains(getvariable('run_months')::date[], month_date)))
),

windows as (
    select
        months.*,
        sum(declared_value_twd) over trailing_6 / 6 as mean_monthly_value_previous_6_twd,
        sum(import_value_twd) over trailing_12 as import_value_12_twd,
        sum(drawback_export_value_twd) over trailing_12 as drawback_export_value_12_twd,
    from months
    window
        trailing_6 as (partition by trader_id order by month_date range between interval 6 month preceding and interval 1 month preceding),
        trailing_12 as (partition by trader_id order by month_date range between interval 11 month preceding and current row)
),

final as (
    select
        windows.trader_id,
        windows.month_date,
        windows.count_declarations,
        windows.declared_value_twd,
        traders.registered_date,
        datediff('month', first_months.first_month_date, windows.month_date) as months_since_first_declaration,
        -- new: registered within 6 months of the month, or declaring for the first time within the last 3
        (datediff('month', traders.registered_date, windows.month_date) < 6
            or datediff('month', first_months.first_month_date, windows.month_date) < 3) as is_new_trader,
        windows.declared_value_twd / nullif(windows.mean_monthly_value_previous_6_twd, 0) as value_change_ratio,
        -- drawback exports claimed over the last 12 months per TWD of imported inputs (null when none claimed)
        case when windows.drawback_export_value_12_twd > 0
            then windows.drawback_export_value_12_twd / greatest(windows.import_value_12_twd, 1) end as drawback_to_import_ratio,
    from windows
    inner join first_months on windows.trader_id = first_months.trader_id
    left join traders on windows.trader_id = traders.trader_id
    where getvariable('run_months')::date[] is null
        or list_contains(getvariable('run_months')::date[], windows.month_date)
)

select * from final
