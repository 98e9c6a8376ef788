-- one row per declaration with clearance events: the time each milestone was first reached (null if never)
with

stg_clearance_events as (
    select * from stg_clearance_events
),

final as (
    select
        declaration_id,
        min(event_at) filter (where event_type = 'arrival') as arrival_at,
        min(event_at) filter (where event_type = 'lodgement') as lodgement_at,
        min(event_at) filter (where event_type = 'lane_assigned') as lane_assigned_at,
        min(event_at) filter (where event_type = 'documents_received') as documents_received_at,
        min(event_at) filter (where event_type = 'inspection_started') as inspection_started_at,
        min(event_at) filter (where event_type = 'inspection_ended') as inspection_ended_at,
        min(event_at) filter (where event_type = 'payment') as payment_at,
        min(event_at) filter (where event_type = 'release') as release_at,
        min(event_at) filter (where event_type = 'exit') as exit_at,
    from stg_clearance_events
    group by declaration_id
)

select * from final
