-- one row per month × mode of transport × lane, with 'all' rows for all lanes and all modes: the average
-- release time published under WTO Trade Facilitation Agreement Art. 7.6, with the method stated on every row
with

int_release_times as (
    select * from int_release_times
),

aggregated as (
    select
        month_date,
        coalesce(transport_mode_code, 'all') as transport_mode_code,
        coalesce(lane, 'all') as lane,
        count(*) filter (where has_release and not is_extreme) as count_released,
        count(*) filter (where is_extreme) as count_extreme,
        count(*) filter (where not has_release) as count_not_released,
        round(avg(lodgement_to_release_minutes) filter (where not is_extreme), 1) as mean_release_minutes,
        round(median(lodgement_to_release_minutes) filter (where not is_extreme), 1) as median_release_minutes,
    from int_release_times
    group by grouping sets ((month_date, transport_mode_code, lane), (month_date, transport_mode_code), (month_date))
),

final as (
    select
        *,
        'Time from lodgement of the goods declaration to release, per declaration lodged in the month, '
            || 'from the customs clearance events (WCO Time Release Study method). Declarations not yet released '
            || 'and those taking longer than ' || getvariable('extreme_minutes') || ' minutes are counted but left out '
            || 'of the mean and median.' as method,
    from aggregated
)

select * from final
