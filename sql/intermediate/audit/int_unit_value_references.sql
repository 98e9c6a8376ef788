-- one row per flow × HS6 × origin × quarter with item lines (and per flow × HS6 × quarter, origin '*', the
-- fallback for pairs with few lines) that has lines in the 12 months before: the median, MAD and quartiles of
-- log unit value and log mass per unit over those earlier lines. Only earlier lines count, so a line is never
-- compared with itself or with the future. References are made only for the quarters whose lines look them up;
-- in an incremental run (getvariable('run_months') set), those of its months, from the 12 months before them.
with

int_audit_item_lines as (
    select * from int_audit_item_lines
    where getvariable('run_months')::date[] is null
        or quarter_date >= date_trunc('quarter', list_min(getvariable('run_months')::date[])) - interval 12 month
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

-- the values of each key's quarter, gathered once: a quarter is history for the four quarters after it, and
-- handing its list to each of them is far cheaper than joining every line to four quarters (8 rows a line).
-- Lines without a unit value are no history, but their quarter still needs a reference (for mass per unit).
quarter_values as (
    select
        declaration_type,
        hs6,
        origin_country,
        quarter_date,
        coalesce(list(log_unit_value) filter (where log_unit_value is not null), []) as log_unit_values,
        coalesce(list(log_mass_per_unit) filter (where log_unit_value is not null), []) as log_masses_per_unit,
    from keyed_lines
    group by all
),

-- the values of the four quarters before each quarter: the key's up to four previous quarters with lines, those
-- that started at most 12 months earlier (lag copies the lists; a list window over the frame costs several times more)
history as (
    select
        declaration_type,
        hs6,
        origin_country,
        quarter_date as reference_quarter_date,
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
    from quarter_values
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
    where len(log_unit_values) > 0
        and (getvariable('run_months')::date[] is null
            or list_contains(list_transform(getvariable('run_months')::date[], lambda month: date_trunc('quarter', month)::date), reference_quarter_date))
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
