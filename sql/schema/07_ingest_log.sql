-- The loader's records: batches, their files, and quarantined rows.
-- Raw layer: loaded as received, after the rules in src/ingest. Keys are enforced by the loader
-- (no index constraints, so that bulk loads stay fast). Mirrors src/schema (checked by a test).

-- ingest_batches: key batch_id
create table if not exists ingest_batches (
    batch_id integer not null,
    started_at timestamp not null,
    finished_at timestamp not null,
    status varchar not null,
    rows_read integer not null,
    rows_loaded integer not null,
    rows_quarantined integer not null
);

-- ingest_files: key batch_id, source_path
create table if not exists ingest_files (
    batch_id integer not null,
    source_path varchar not null,
    sha256 varchar not null,
    target_table varchar not null,
    file_format varchar not null,
    encoding varchar not null,
    size_bytes double not null,
    rows_read integer not null,
    rows_loaded integer not null,
    rows_quarantined integer not null,
    notes varchar
);

-- quarantined_rows: key 
create table if not exists quarantined_rows (
    batch_id integer not null,
    source_path varchar not null,
    target_table varchar not null,
    line_number integer not null,
    column_name varchar,
    rule varchar not null,
    message varchar not null,
    raw_text varchar
);
