-- What `customs run` records of each run of the SQL models (src/schema/model-run.ts), read by the next run to
-- recompute only the months the rows loaded since then affect (src/db/incremental-plan.ts).

-- model_runs: key run_id
create table if not exists model_runs (
    run_id integer not null,
    finished_at timestamp not null,
    run_kind varchar not null,
    months varchar,
    settings_sha256 varchar not null,
    full_reason varchar
);

-- model_run_watermarks: key run_id, table_name
create table if not exists model_run_watermarks (
    run_id integer not null,
    table_name varchar not null,
    max_rowid integer not null,
    row_count integer not null
);
