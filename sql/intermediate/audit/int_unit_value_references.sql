-- one row per flow × HS6 × origin × quarter (and per flow × HS6 × quarter, origin '*', the fallback for pairs
-- with few lines): the median, MAD and quartiles of log unit value and log mass per unit over the 12 months
-- before the quarter. Only earlier lines count, so a line is never compared with itself or with the future.
with

int_audit_item_lines as (
    select * from int_audit_item_lines
),

lines as (
    select declaration_type, hs6, origin_country, quarter_date, log_unit_value, log_mass_per_unit,
    from int_audit_item_lines
    where log_unit_value is not null
),

quarters as (
    select distinct quarter_date as reference_quarter_date from lines
),

-- each line joins the four quarters that follow it (it is history for each of them), once under its origin and
-- once under '*'
windowed as (
    select
        quarters.reference_quarter_date,
        lines.declaration_type,
        lines.hs6,
        unnest([lines.origin_country, '*']) as origin_country,
        lines.log_unit_value,
        lines.log_mass_per_unit,
    from lines
    inner join quarters
        on lines.quarter_date < quarters.reference_quarter_date
        and lines.quarter_date >= quarters.reference_quarter_date - interval 12 month
),

centres as (
    select
        declaration_type,
        hs6,
        origin_country,
        reference_quarter_date,
        count(*) as count_lines,
        quantile_cont(log_unit_value, [0.25, 0.5, 0.75]) as unit_value_quartiles,
        median(log_mass_per_unit) as median_log_mass_per_unit,
    from windowed
    group by all
),

deviations as (
    select
        centres.declaration_type,
        centres.hs6,
        centres.origin_country,
        centres.reference_quarter_date,
        median(abs(windowed.log_unit_value - centres.unit_value_quartiles[2])) as mad_log_unit_value,
        median(abs(windowed.log_mass_per_unit - centres.median_log_mass_per_unit)) as mad_log_mass_per_unit,
    from windowed
    inner join centres
        on windowed.declaration_type = centres.declaration_type
        and windowed.hs6 = centres.hs6
        and windowed.origin_country = centres.origin_country
        and windowed.reference_quarter_date = centres.reference_quarter_date
    group by all
),

final as (
    select
        centres.declaration_type,
        centres.hs6,
        centres.origin_country,
        centres.reference_quarter_date,
        centres.count_lines,
        centres.unit_value_quartiles[2] as median_log_unit_value,
        centres.unit_value_quartiles[1] as q1_log_unit_value,
        centres.unit_value_quartiles[3] as q3_log_unit_value,
        deviations.mad_log_unit_value,
        centres.median_log_mass_per_unit,
        deviations.mad_log_mass_per_unit,
    from centres
    inner join deviations
        on centres.declaration_type = deviations.declaration_type
        and centres.hs6 = deviations.hs6
        and centres.origin_country = deviations.origin_country
        and centres.reference_quarter_date = deviations.reference_quarter_date
)

select * from final
