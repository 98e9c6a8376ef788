// Release times by lane and stage, service targets, lane shares, selectivity, revenue and arrears (WCO Time
// Release Study figures and management's transparency figures), from the transparency marts.
import { writeQueriesAsJson } from '../../loaders/warehouse-output.js';

await writeQueriesAsJson({
    releaseByLane: `
        select strftime(month_date, '%Y-%m') as month, lane, count_declarations::double as declarations,
            median_lodgement_to_release_minutes as median_minutes, mean_lodgement_to_release_minutes as mean_minutes,
            p90_lodgement_to_release_minutes as p90_minutes, share_within_target
        from fct_release_times
        where breakdown = 'lane'
        order by month, lane`,
    // stage means over the last 12 months, each month weighted by the declarations its means are over
    stagesByLane: `
        with recent as (
            select *, (count_released - count_extreme)::double as weight
            from fct_release_times
            where breakdown = 'lane' and month_date > (select max(month_date) from fct_release_times) - interval 12 month
        ),
        stages as (
            unpivot recent
            on mean_stage_lane_assignment_minutes as lane_assignment, mean_stage_document_check_minutes as document_check,
                mean_stage_waiting_inspection_minutes as waiting_inspection, mean_stage_inspection_minutes as inspection,
                mean_stage_payment_minutes as payment, mean_stage_release_minutes as release
            into name stage value minutes
        )
        select lane, stage, sum(minutes * weight) / nullif(sum(weight), 0) as mean_minutes
        from stages
        group by lane, stage
        order by lane, stage`,
    laneShares: `
        select strftime(month_date, '%Y-%m') as month, trader_group, lane, count_declarations::double as declarations,
            share_of_month_group as share
        from fct_lane_shares
        order by month, trader_group, lane`,
    selectivity: `
        select strftime(month_date, '%Y-%m') as month, check_kind, count_checks::double as checks, hit_rate,
            revenue_per_check_twd::double as revenue_per_check_twd
        from fct_selectivity_effectiveness
        order by month, check_kind`,
    revenue: `
        select strftime(month_date, '%Y-%m') as month, assessed_total_twd::double as assessed_twd,
            collected_total_twd::double as collected_twd, share_paid_electronically
        from fct_revenue_monthly
        order by month`,
    arrears: `
        select bucket_order, bucket, strftime(as_of_date, '%Y-%m-%d') as as_of_date, count_assessments::double as assessments,
            outstanding_twd::double as outstanding_twd
        from fct_arrears_ageing
        order by bucket_order`,
});
