-- Post-clearance audits.
-- Raw layer: loaded as received, after the rules in src/ingest. Keys are enforced by the loader
-- (no index constraints, so that bulk loads stay fast). Mirrors src/schema (checked by a test).

-- post_clearance_audits: key audit_id
create table if not exists post_clearance_audits (
    audit_id varchar not null,
    trader_id varchar not null,
    period_start_date date not null,
    period_end_date date not null,
    opened_date date not null,
    closed_date date,
    has_findings boolean not null,
    main_finding_kind varchar,
    additional_revenue_twd decimal(18,2) not null
);
