-- one row per published cell (month × flow × commodity level × commodity code × partner) that at least one release
-- published with a value: its first and its latest published estimate and the revision between them. Reads the
-- vintages kept in stat_releases and stat_release_cells; suppressed publications carry no value and are skipped.
with

stat_release_cells as (
    select * from stat_release_cells
),

stat_releases as (
    select * from stat_releases
),

published as (
    select
        stat_release_cells.*,
        stat_releases.release_date,
    from stat_release_cells
    inner join stat_releases on stat_release_cells.release_id = stat_releases.release_id
    where stat_release_cells.value_twd is not null
),

final as (
    select
        month_date,
        flow_code,
        commodity_level,
        commodity_code,
        partner_code,
        count(*) as count_releases,
        min(release_id) as first_release_id,
        arg_min(release_date, release_id) as first_release_date,
        arg_min(value_twd, release_id) as first_value_twd,
        max(release_id) as latest_release_id,
        arg_max(release_date, release_id) as latest_release_date,
        arg_max(value_twd, release_id) as latest_value_twd,
        latest_value_twd - first_value_twd as revision_twd,
        (latest_value_twd - first_value_twd) / nullif(first_value_twd, 0) as revision_share,
    from published
    group by month_date, flow_code, commodity_level, commodity_code, partner_code
)

select * from final
