-- one row per declaration (every declaration, released or not): its milestones, the WCO Time Release Study
-- durations in minutes, the stage split of lodgement → release, and whether it is extreme or within target.
-- A declaration missing a milestone is kept: the durations that need it are null, has_release says so.
-- Extreme (documented rule): lodgement → release longer than getvariable('extreme_minutes') (default 3 days).
-- Within target: released within getvariable('target_minutes_c1' | '_c2' | '_c3') of lodgement.
with

stg_declarations as (
    select * from stg_declarations
),

int_declaration_milestones as (
    select * from int_declaration_milestones
),

int_declaration_sections as (
    select * from int_declaration_sections
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
        -- Stages of lodgement → release: the milestones reached between lodgement and release, in time order
        -- (ties in the order of the Time Release Study's stages); each stage is the time since the milestone
        -- before it on that path. A stage the declaration did not pass through is 0; they add up to the total.
        case
            when milestones.release_at is null then null
            when (milestones.lane_assigned_at between milestones.lodgement_at and milestones.release_at) then date_diff('second', greatest(
                milestones.lodgement_at,
                case when (milestones.documents_received_at between milestones.lodgement_at and milestones.release_at) and milestones.documents_received_at < milestones.lane_assigned_at then milestones.documents_received_at end,
                case when (milestones.inspection_started_at between milestones.lodgement_at and milestones.release_at) and milestones.inspection_started_at < milestones.lane_assigned_at then milestones.inspection_started_at end,
                case when (milestones.inspection_ended_at between milestones.lodgement_at and milestones.release_at) and milestones.inspection_ended_at < milestones.lane_assigned_at then milestones.inspection_ended_at end,
                case when (milestones.payment_at between milestones.lodgement_at and milestones.release_at) and milestones.payment_at < milestones.lane_assigned_at then milestones.payment_at end,
                case when (milestones.release_at between milestones.lodgement_at and milestones.release_at) and milestones.release_at < milestones.lane_assigned_at then milestones.release_at end), milestones.lane_assigned_at) / 60.0
            else 0
        end as stage_lane_assignment_minutes,
        case
            when milestones.release_at is null then null
            when (milestones.documents_received_at between milestones.lodgement_at and milestones.release_at) then date_diff('second', greatest(
                milestones.lodgement_at,
                case when (milestones.lane_assigned_at between milestones.lodgement_at and milestones.release_at) and milestones.lane_assigned_at <= milestones.documents_received_at then milestones.lane_assigned_at end,
                case when (milestones.inspection_started_at between milestones.lodgement_at and milestones.release_at) and milestones.inspection_started_at < milestones.documents_received_at then milestones.inspection_started_at end,
                case when (milestones.inspection_ended_at between milestones.lodgement_at and milestones.release_at) and milestones.inspection_ended_at < milestones.documents_received_at then milestones.inspection_ended_at end,
                case when (milestones.payment_at between milestones.lodgement_at and milestones.release_at) and milestones.payment_at < milestones.documents_received_at then milestones.payment_at end,
                case when (milestones.release_at between milestones.lodgement_at and milestones.release_at) and milestones.release_at < milestones.documents_received_at then milestones.release_at end), milestones.documents_received_at) / 60.0
            else 0
        end as stage_document_check_minutes,
        case
            when milestones.release_at is null then null
            when (milestones.inspection_started_at between milestones.lodgement_at and milestones.release_at) then date_diff('second', greatest(
                milestones.lodgement_at,
                case when (milestones.lane_assigned_at between milestones.lodgement_at and milestones.release_at) and milestones.lane_assigned_at <= milestones.inspection_started_at then milestones.lane_assigned_at end,
                case when (milestones.documents_received_at between milestones.lodgement_at and milestones.release_at) and milestones.documents_received_at <= milestones.inspection_started_at then milestones.documents_received_at end,
                case when (milestones.inspection_ended_at between milestones.lodgement_at and milestones.release_at) and milestones.inspection_ended_at < milestones.inspection_started_at then milestones.inspection_ended_at end,
                case when (milestones.payment_at between milestones.lodgement_at and milestones.release_at) and milestones.payment_at < milestones.inspection_started_at then milestones.payment_at end,
                case when (milestones.release_at between milestones.lodgement_at and milestones.release_at) and milestones.release_at < milestones.inspection_started_at then milestones.release_at end), milestones.inspection_started_at) / 60.0
            else 0
        end as stage_waiting_inspection_minutes,
        case
            when milestones.release_at is null then null
            when (milestones.inspection_ended_at between milestones.lodgement_at and milestones.release_at) then date_diff('second', greatest(
                milestones.lodgement_at,
                case when (milestones.lane_assigned_at between milestones.lodgement_at and milestones.release_at) and milestones.lane_assigned_at <= milestones.inspection_ended_at then milestones.lane_assigned_at end,
                case when (milestones.documents_received_at between milestones.lodgement_at and milestones.release_at) and milestones.documents_received_at <= milestones.inspection_ended_at then milestones.documents_received_at end,
                case when (milestones.inspection_started_at between milestones.lodgement_at and milestones.release_at) and milestones.inspection_started_at <= milestones.inspection_ended_at then milestones.inspection_started_at end,
                case when (milestones.payment_at between milestones.lodgement_at and milestones.release_at) and milestones.payment_at < milestones.inspection_ended_at then milestones.payment_at end,
                case when (milestones.release_at between milestones.lodgement_at and milestones.release_at) and milestones.release_at < milestones.inspection_ended_at then milestones.release_at end), milestones.inspection_ended_at) / 60.0
            else 0
        end as stage_inspection_minutes,
        case
            when milestones.release_at is null then null
            when (milestones.payment_at between milestones.lodgement_at and milestones.release_at) then date_diff('second', greatest(
                milestones.lodgement_at,
                case when (milestones.lane_assigned_at between milestones.lodgement_at and milestones.release_at) and milestones.lane_assigned_at <= milestones.payment_at then milestones.lane_assigned_at end,
                case when (milestones.documents_received_at between milestones.lodgement_at and milestones.release_at) and milestones.documents_received_at <= milestones.payment_at then milestones.documents_received_at end,
                case when (milestones.inspection_started_at between milestones.lodgement_at and milestones.release_at) and milestones.inspection_started_at <= milestones.payment_at then milestones.inspection_started_at end,
                case when (milestones.inspection_ended_at between milestones.lodgement_at and milestones.release_at) and milestones.inspection_ended_at <= milestones.payment_at then milestones.inspection_ended_at end,
                case when (milestones.release_at between milestones.lodgement_at and milestones.release_at) and milestones.release_at < milestones.payment_at then milestones.release_at end), milestones.payment_at) / 60.0
            else 0
        end as stage_payment_minutes,
        case
            when milestones.release_at is null then null
            when (milestones.release_at between milestones.lodgement_at and milestones.release_at) then date_diff('second', greatest(
                milestones.lodgement_at,
                case when (milestones.lane_assigned_at between milestones.lodgement_at and milestones.release_at) and milestones.lane_assigned_at <= milestones.release_at then milestones.lane_assigned_at end,
                case when (milestones.documents_received_at between milestones.lodgement_at and milestones.release_at) and milestones.documents_received_at <= milestones.release_at then milestones.documents_received_at end,
                case when (milestones.inspection_started_at between milestones.lodgement_at and milestones.release_at) and milestones.inspection_started_at <= milestones.release_at then milestones.inspection_started_at end,
                case when (milestones.inspection_ended_at between milestones.lodgement_at and milestones.release_at) and milestones.inspection_ended_at <= milestones.release_at then milestones.inspection_ended_at end,
                case when (milestones.payment_at between milestones.lodgement_at and milestones.release_at) and milestones.payment_at <= milestones.release_at then milestones.payment_at end), milestones.release_at) / 60.0
            else 0
        end as stage_release_minutes,
    from stg_declarations
    left join int_declaration_milestones as milestones using (declaration_id)
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
