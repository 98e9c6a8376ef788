// Headline figures of the latest month in the release-time mart and of the same month a year earlier.
import { writeQueriesAsJson } from '../../loaders/warehouse-output.js';

const latest = '(select max(month_date) from fct_release_times)';
const months = `month_date in (${latest}, ${latest} - interval 12 month)`;

await writeQueriesAsJson({
    headline: (tables) => `
        with figures as (
            select month_date, 'declarations' as measure, count_declarations::double as value
            from fct_release_times where breakdown = 'month' and ${months}
            union all
            select month_date, 'median_release_minutes', median_lodgement_to_release_minutes
            from fct_release_times where breakdown = 'month' and ${months}
            union all
            select month_date, 'share_within_target', share_within_target
            from fct_release_times where breakdown = 'month' and ${months}
            union all
            select month_date, 'share_c1', share_of_month_group
            from fct_lane_shares where trader_group = 'all' and lane = 'C1' and ${months}
            union all
            select month_date, 'c3_hit_rate', hit_rate
            from fct_selectivity_effectiveness where check_kind = 'C3' and ${months}
            union all
            select month_date, 'collected_twd', collected_total_twd::double
            from fct_revenue_monthly where ${months}
            ${tables.has('fct_trade_cells') ? `
            union all
            select month_date, case flow_code when 'M' then 'imports_twd' else 'exports_twd' end, value_twd::double
            from fct_trade_cells
            where commodity_level = 'TOTAL' and partner_code = 'W00' and flow_code in ('M', 'X') and ${months}` : ''}
        )
        select strftime(month_date, '%Y-%m') as month, measure, value,
            month_date = ${latest} as is_latest
        from figures
        order by measure, month`,
    lanes: `
        select strftime(month_date, '%Y-%m') as month, lane, count_declarations::double as declarations,
            median_lodgement_to_release_minutes as median_minutes, share_within_target
        from fct_release_times
        where breakdown = 'lane'
        order by month, lane`,
});
