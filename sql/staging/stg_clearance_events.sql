-- one row per declaration × milestone reached
-- Read only by models of the declarations of an incremental run's months (int_declaration_milestones): when those
-- were all loaded since the last run, so were their events, and getvariable('run_events_after_rowid')
-- (src/db/incremental-plan.ts, RunPlan.newRowsAfter) lets the scan skip the row groups before them. Unset (null):
-- every event.
with

source as (
    select * from clearance_events
    where getvariable('run_events_after_rowid') is null or rowid > getvariable('run_events_after_rowid')
),

renamed as (
    select
        declaration_id,
        event_type,
        event_at,
    from source
)

select * from renamed
