-- one row per declaration × milestone reached
with

source as (
    select * from clearance_events
),

renamed as (
    select
        declaration_id,
        event_type,
        event_at,
    from source
)

select * from renamed
