-- one row per month × trader group (all, aeo, non_aeo) × lane: declarations and their share of the month's
-- declarations of that group
with

stg_declarations as (
    select * from stg_declarations
),

grouped as (
    select month_date, 'all' as trader_group, lane from stg_declarations
    union all
    select month_date, case when is_aeo then 'aeo' else 'non_aeo' end as trader_group, lane from stg_declarations
),

counted as (
    select
        month_date,
        trader_group,
        lane,
        count(*) as count_declarations,
    from grouped
    group by all
),

final as (
    select
        *,
        count_declarations / sum(count_declarations) over (partition by month_date, trader_group) as share_of_month_group,
    from counted
)

select * from final
