-- one row per month of lodgement × trader group (all, aeo, non_aeo) × lane: the declarations lodged, and their share
-- of the declarations of that month and trader group. AEO status is the trader's on the lodgement date.
with

stg_declarations as (
    select * from stg_declarations
),

lodged as (
    select
        month_date,
        case when is_aeo then 'aeo' else 'non_aeo' end as aeo_group,
        lane,
    from stg_declarations
),

grouped as (
    -- every declaration twice: in the group of all traders and in its AEO group
    select month_date, 'all' as trader_group, lane from lodged
    union all
    select month_date, aeo_group as trader_group, lane from lodged
),

counted as (
    select
        month_date,
        trader_group,
        lane,
        count(*) as count_declarations,
    from grouped
    group by month_date, trader_group, lane
),

final as (
    select
        *,
        count_declarations / sum(count_declarations) over (partition by month_date, trader_group) as share_of_month_group,
    from counted
)

select * from final
