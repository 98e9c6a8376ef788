-- one row per declaration (every declaration, released or not): its milestones, the WCO Time Release Study
-- durations in minutes, the stage split of lodgement → release, and whether it is extreme or within target.
-- A declaration missing a milestone is kept: the durations that need it are null, has_release says so.
-- Extreme (documented rule): lodgement → release longer than getvariable('extreme_minutes') (default 3 days).
-- Within target: released within getvariable('target_minutes_c1' | '_c2' | '_c3') of lodgement.
with

stg_declarations as (
    select * from stg_declarations
),

stg_clearance_events as (
    select * from stg_clearance_events
),

int_declaration_sections as (
    select * from int_declaration_sections
),

int_release_stage_segments as (
    select * from int_release_stage_segments
),

milestones as (
    select
        declaration_id,
        min(event_at) filter (where event_type = 'arrival') as arrival_at,
        min(event_at) filter (where event_type = 'lodgement') as lodgement_at,
        min(event_at) filter (where event_type = 'release') as release_at,
        min(event_at) filter (where event_type = 'exit') as exit_at,
    from stg_clearance_events
    group by declaration_id
),

stages as (
    select
        declaration_id,
        sum(segment_minutes) filter (where stage = 'lane_assigned') as stage_lane_assignment_minutes,
        sum(segment_minutes) filter (where stage = 'documents_received') as stage_document_check_minutes,
        sum(segment_minutes) filter (where stage = 'inspection_started') as stage_waiting_inspection_minutes,
        sum(segment_minutes) filter (where stage = 'inspection_ended') as stage_inspection_minutes,
        sum(segment_minutes) filter (where stage = 'payment') as stage_payment_minutes,
        sum(segment_minutes) filter (where stage = 'release') as stage_release_minutes,
    from int_release_stage_segments
    group by declaration_id
),

durations as (
    select
        stg_declarations.declaration_id,
        stg_declarations.month_date,
        stg_declarations.declaration_type,
        stg_declarations.lane,
        stg_declarations.transport_mode_code,
        stg_declarations.office_id,
        stg_declarations.is_aeo,
        int_declaration_sections.hs_section_code,
        milestones.arrival_at,
        milestones.lodgement_at,
        milestones.release_at,
        milestones.exit_at,
        milestones.release_at is not null as has_release,
        date_diff('second', milestones.arrival_at, milestones.lodgement_at) / 60.0 as arrival_to_lodgement_minutes,
        date_diff('second', milestones.lodgement_at, milestones.release_at) / 60.0 as lodgement_to_release_minutes,
        date_diff('second', milestones.arrival_at, milestones.release_at) / 60.0 as arrival_to_release_minutes,
        date_diff('second', milestones.release_at, milestones.exit_at) / 60.0 as release_to_exit_minutes,
        -- a released declaration's stages it did not pass through count as 0 minutes
        case when milestones.release_at is not null then coalesce(stages.stage_lane_assignment_minutes, 0) end as stage_lane_assignment_minutes,
        case when milestones.release_at is not null then coalesce(stages.stage_document_check_minutes, 0) end as stage_document_check_minutes,
        case when milestones.release_at is not null then coalesce(stages.stage_waiting_inspection_minutes, 0) end as stage_waiting_inspection_minutes,
        case when milestones.release_at is not null then coalesce(stages.stage_inspection_minutes, 0) end as stage_inspection_minutes,
        case when milestones.release_at is not null then coalesce(stages.stage_payment_minutes, 0) end as stage_payment_minutes,
        case when milestones.release_at is not null then coalesce(stages.stage_release_minutes, 0) end as stage_release_minutes,
    from stg_declarations
    left join milestones using (declaration_id)
    left join stages using (declaration_id)
    left join int_declaration_sections using (declaration_id)
),

final as (
    select
        *,
        coalesce(lodgement_to_release_minutes > getvariable('extreme_minutes'), false) as is_extreme,
        coalesce(lodgement_to_release_minutes <= case lane
            when 'C1' then getvariable('target_minutes_c1')
            when 'C2' then getvariable('target_minutes_c2')
            when 'C3' then getvariable('target_minutes_c3')
        end, false) as is_within_target,
    from durations
)

select * from final
