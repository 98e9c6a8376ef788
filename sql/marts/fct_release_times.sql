-- one row per month × breakdown: the whole month, and the month by lane, by lane × mode of transport, by
-- lane × office, by lane × AEO status, by lane × HS section, and by all of these at once. A column that is not
-- part of the breakdown is null; `breakdown` names the ones that are.
-- Statistics of lodgement → release are over released declarations that are not extreme (int_release_times
-- states the rule); extreme ones are counted in count_extreme and included only in mean_minutes_with_extreme.
-- The stage means are over the same declarations and add up to mean_lodgement_to_release_minutes.
with

int_release_times as (
    select * from int_release_times
),

aggregated as (
    select
        month_date,
        lane,
        transport_mode_code,
        office_id,
        is_aeo,
        hs_section_code,
        grouping(lane, transport_mode_code, office_id, is_aeo, hs_section_code) as grouping_id,
        count(*) as count_declarations,
        count(*) filter (where has_release) as count_released,
        count(*) filter (where not has_release) as count_not_released,
        count(*) filter (where is_extreme) as count_extreme,
        count(*) filter (where is_within_target) / count(*) as share_within_target,
        avg(lodgement_to_release_minutes) filter (where not is_extreme) as mean_lodgement_to_release_minutes,
        -- one sort for the three quantiles
        quantile_cont(lodgement_to_release_minutes, [0.5, 0.9, 0.95]) filter (where not is_extreme) as release_quantiles,
        avg(lodgement_to_release_minutes) as mean_minutes_with_extreme,
        max(lodgement_to_release_minutes) as max_lodgement_to_release_minutes,
        avg(arrival_to_release_minutes) filter (where not is_extreme) as mean_arrival_to_release_minutes,
        avg(arrival_to_lodgement_minutes) filter (where not is_extreme) as mean_arrival_to_lodgement_minutes,
        avg(release_to_exit_minutes) filter (where not is_extreme) as mean_release_to_exit_minutes,
        avg(stage_lane_assignment_minutes) filter (where not is_extreme and lodgement_to_release_minutes is not null) as mean_stage_lane_assignment_minutes,
        avg(stage_document_check_minutes) filter (where not is_extreme and lodgement_to_release_minutes is not null) as mean_stage_document_check_minutes,
        avg(stage_waiting_inspection_minutes) filter (where not is_extreme and lodgement_to_release_minutes is not null) as mean_stage_waiting_inspection_minutes,
        avg(stage_inspection_minutes) filter (where not is_extreme and lodgement_to_release_minutes is not null) as mean_stage_inspection_minutes,
        avg(stage_payment_minutes) filter (where not is_extreme and lodgement_to_release_minutes is not null) as mean_stage_payment_minutes,
        avg(stage_release_minutes) filter (where not is_extreme and lodgement_to_release_minutes is not null) as mean_stage_release_minutes,
    from int_release_times
    group by grouping sets (
        (month_date),
        (month_date, lane),
        (month_date, lane, transport_mode_code),
        (month_date, lane, office_id),
        (month_date, lane, is_aeo),
        (month_date, lane, hs_section_code),
        (month_date, lane, transport_mode_code, office_id, is_aeo, hs_section_code)
    )
),

final as (
    select
        month_date,
        case grouping_id
            when 31 then 'month'
            when 15 then 'lane'
            when 7 then 'lane × transport_mode'
            when 11 then 'lane × office'
            when 13 then 'lane × aeo'
            when 14 then 'lane × hs_section'
            when 0 then 'lane × transport_mode × office × aeo × hs_section'
        end as breakdown,
        lane,
        transport_mode_code,
        office_id,
        is_aeo,
        hs_section_code,
        count_declarations,
        count_released,
        count_not_released,
        count_extreme,
        share_within_target,
        mean_lodgement_to_release_minutes,
        release_quantiles[1] as median_lodgement_to_release_minutes,
        release_quantiles[2] as p90_lodgement_to_release_minutes,
        release_quantiles[3] as p95_lodgement_to_release_minutes,
        * exclude (
            month_date, grouping_id, lane, transport_mode_code, office_id, is_aeo, hs_section_code, count_declarations,
            count_released, count_not_released, count_extreme, share_within_target, mean_lodgement_to_release_minutes,
            release_quantiles
        ),
    from aggregated
)

select * from final
