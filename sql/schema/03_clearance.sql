-- Clearance milestones and inspection outcomes.
-- Raw layer: loaded as received, after the rules in src/ingest. Keys are enforced by the loader
-- (no index constraints, so that bulk loads stay fast). Mirrors src/schema (checked by a test).

-- clearance_events: key declaration_id, event_type
create table if not exists clearance_events (
    declaration_id varchar not null,
    event_type varchar not null,
    event_at timestamp not null
);

-- inspections: key declaration_id
create table if not exists inspections (
    declaration_id varchar not null,
    completed_at timestamp not null,
    is_discrepancy_found boolean not null,
    discrepancy_kind varchar,
    additional_duty_twd decimal(18,2) not null
);
