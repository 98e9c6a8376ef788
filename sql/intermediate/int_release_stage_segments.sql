-- one row per released declaration × milestone reached between lodgement and release (lodgement excluded):
-- the minutes since the milestone before it in time. The segments of a declaration add up to its
-- lodgement → release time, so stage means add up to the mean release time (WCO Time Release Study).
with

stg_clearance_events as (
    select * from stg_clearance_events
),

milestones as (
    select
        declaration_id,
        min(event_at) filter (where event_type = 'lodgement') as lodgement_at,
        min(event_at) filter (where event_type = 'release') as release_at,
    from stg_clearance_events
    group by declaration_id
),

path_events as (
    select
        events.declaration_id,
        events.event_type,
        events.event_at,
        -- ties in time keep the order of the Time Release Study's stages
        list_position(['lodgement', 'lane_assigned', 'documents_received', 'inspection_started', 'inspection_ended', 'payment', 'release'], events.event_type) as stage_order,
    from stg_clearance_events as events
    inner join milestones using (declaration_id)
    where milestones.release_at is not null
        and events.event_at between milestones.lodgement_at and milestones.release_at
        and events.event_type not in ('arrival', 'exit')
),

segments as (
    select
        declaration_id,
        event_type as stage,
        date_diff('second', lag(event_at) over (partition by declaration_id order by event_at, stage_order), event_at) / 60.0 as segment_minutes,
    from path_events
),

final as (
    select * from segments where stage <> 'lodgement'
)

select * from final
