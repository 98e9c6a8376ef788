-- one row per month × flow × commodity level: how much the published figures moved between their first and their
-- latest release. Mean absolute revision = Σ |latest − first| / cells, over the cells published with a value in at
-- least two releases; the relative one divides each cell's revision by its first estimate (cells first published as 0
-- left out). The all-partner total of the level is given first and latest alongside.
with

fct_trade_revisions as (
    select * from fct_trade_revisions
),

final as (
    select
        month_date,
        flow_code,
        commodity_level,
        count(*) filter (where count_releases >= 2) as count_cells_republished,
        count(*) filter (where count_releases >= 2 and revision_twd <> 0) as count_cells_revised,
        avg(abs(revision_twd)) filter (where count_releases >= 2) as mean_absolute_revision_twd,
        avg(abs(revision_share)) filter (where count_releases >= 2) as mean_absolute_revision_share,
        sum(first_value_twd) filter (where partner_code = 'W00' and commodity_level = 'TOTAL') as first_total_value_twd,
        sum(latest_value_twd) filter (where partner_code = 'W00' and commodity_level = 'TOTAL') as latest_total_value_twd,
        latest_total_value_twd - first_total_value_twd as total_revision_twd,
    from fct_trade_revisions
    group by month_date, flow_code, commodity_level
)

select * from final
