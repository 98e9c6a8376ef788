-- one row per flow × HS6 × origin × quarter (and per flow × HS6 × quarter, origin '*', the fallback for pairs with
-- few lines) with lines in the 12 months before the quarter: the median, MAD and quartiles of log unit value and log
-- mass per unit over those earlier lines, the reference a line of the quarter is compared with
-- (int_declaration_line_indicators). Only earlier lines count, so a line is never compared with itself or with the
-- future, and a quarter's references are settled when it starts: lines added to the quarter later do not move them.
-- Made for every quarter with lines; in an incremental run, for the quarters of getvariable('run_quarters') alone
-- (src/db/incremental-plan.ts: those whose 12 months before hold a month the run recomputes, and those with no
-- references yet), from the 12 months before them. Confidential only as far as a pair's lines may be one trader's
-- (auditors only).
with

-- NOT MATERIALIZED: read more than once below, and DuckDB would otherwise copy every column of every row into a
-- buffer first; each reader scans only the columns it needs
int_audit_item_lines as not materialized (
    select * from int_audit_item_lines
    where getvariable('run_quarters')::date[] is null
        or quarter_date >= list_min(getvariable('run_quarters')::date[]) - interval 12 month
),

-- each line once under its origin and once under '*'
keyed_lines as (
    select
        declaration_type,
        hs6,
        unnest([origin_country, '*']) as origin_country,
        quarter_date,
        log_unit_value,
        log_mass_per_unit,
    from int_audit_item_lines
),

-- the values of each key's quarter, gathered once: handing its list to the four quarters after it is far cheaper
-- than joining every line to four quarters (8 rows a line). Lines without a unit value are no history.
quarter_values as (
    select
        declaration_type,
        hs6,
        origin_country,
        quarter_date,
        list(log_unit_value) as log_unit_values,
        list(log_mass_per_unit) as log_masses_per_unit,
    from keyed_lines
    where log_unit_value is not null
    group by all
),

-- the quarters references are made for
reference_quarters as (
    select distinct quarter_date as reference_quarter_date
    from int_audit_item_lines
    where getvariable('run_quarters')::date[] is null
        or list_contains(getvariable('run_quarters')::date[], quarter_date)
),

-- the quarters of each key that it has references for: the four after each quarter it has lines in (the 12 months
-- after it), where references are made
key_reference_quarters as (
    select distinct declaration_type, hs6, origin_country, quarter_date,
    from (
        select declaration_type, hs6, origin_country,
            unnest(generate_series(quarter_date + interval 3 month, quarter_date + interval 12 month, interval 3 month))::date as quarter_date,
        from quarter_values
    )
    where quarter_date in (select reference_quarter_date from reference_quarters)
),

-- each key's quarters with values or a reference, with its values there (none in a quarter it has only a reference
-- for); the keys' columns are never null
key_quarters as (
    select
        declaration_type,
        hs6,
        origin_country,
        quarter_date,
        coalesce(quarter_values.log_unit_values, []) as log_unit_values,
        coalesce(quarter_values.log_masses_per_unit, []) as log_masses_per_unit,
        key_reference_quarters.quarter_date is not null as is_reference,
    from quarter_values
    full outer join key_reference_quarters using (declaration_type, hs6, origin_country, quarter_date)
),

-- the values of the four quarters before each quarter: the key's up to four previous quarters, those that started
-- at most 12 months earlier (lag copies the lists; a list window over the frame, or joining each quarter's lists to
-- the quarters after it, costs twice as much or more)
history as (
    select
        declaration_type,
        hs6,
        origin_country,
        quarter_date as reference_quarter_date,
        is_reference,
        flatten([
            if(lag(quarter_date, 1) over key_quarters >= quarter_date - interval 12 month, lag(log_unit_values, 1) over key_quarters, []),
            if(lag(quarter_date, 2) over key_quarters >= quarter_date - interval 12 month, lag(log_unit_values, 2) over key_quarters, []),
            if(lag(quarter_date, 3) over key_quarters >= quarter_date - interval 12 month, lag(log_unit_values, 3) over key_quarters, []),
            if(lag(quarter_date, 4) over key_quarters >= quarter_date - interval 12 month, lag(log_unit_values, 4) over key_quarters, []),
        ]) as log_unit_values,
        flatten([
            if(lag(quarter_date, 1) over key_quarters >= quarter_date - interval 12 month, lag(log_masses_per_unit, 1) over key_quarters, []),
            if(lag(quarter_date, 2) over key_quarters >= quarter_date - interval 12 month, lag(log_masses_per_unit, 2) over key_quarters, []),
            if(lag(quarter_date, 3) over key_quarters >= quarter_date - interval 12 month, lag(log_masses_per_unit, 3) over key_quarters, []),
            if(lag(quarter_date, 4) over key_quarters >= quarter_date - interval 12 month, lag(log_masses_per_unit, 4) over key_quarters, []),
        ]) as log_masses_per_unit,
    from key_quarters
    window key_quarters as (partition by declaration_type, hs6, origin_country order by quarter_date)
),

-- exact quantiles of each history (list_aggregate runs the same quantile_cont and median as a group by would)
centres as (
    select
        declaration_type,
        hs6,
        origin_country,
        reference_quarter_date,
        log_unit_values,
        log_masses_per_unit,
        len(log_unit_values) as count_lines,
        list_aggregate(log_unit_values, 'quantile_cont', [0.25, 0.5, 0.75]) as unit_value_quartiles,
        list_aggregate(log_masses_per_unit, 'median') as median_log_mass_per_unit,
    from history
    where is_reference
),

final as (
    select
        declaration_type,
        hs6,
        origin_country,
        reference_quarter_date,
        count_lines,
        unit_value_quartiles[2] as median_log_unit_value,
        unit_value_quartiles[1] as q1_log_unit_value,
        unit_value_quartiles[3] as q3_log_unit_value,
        list_aggregate(list_transform(log_unit_values, lambda value: abs(value - unit_value_quartiles[2])), 'median')
            as mad_log_unit_value,
        median_log_mass_per_unit,
        list_aggregate(list_transform(log_masses_per_unit, lambda value: abs(value - median_log_mass_per_unit)), 'median')
            as mad_log_mass_per_unit,
    from centres
)

select * from final
