// The loader's record (ingest_batches, ingest_files, quarantined_rows) as counts: batches, rows per table, and
// rows quarantined by rule and by batch. No raw text or file path leaves the warehouse (raw rows name traders).
import { writeQueriesAsJson } from '../../loaders/warehouse-output.js';

await writeQueriesAsJson({
    batches: `
        select batch_id, strftime(started_at, '%Y-%m-%d %H:%M') as started_at,
            date_diff('millisecond', started_at, finished_at) / 1000 as seconds, status,
            rows_read::double as rows_read, rows_loaded::double as rows_loaded, rows_quarantined::double as rows_quarantined
        from ingest_batches
        order by batch_id`,
    tables: `
        select target_table, sum(rows_read)::double as rows_read, sum(rows_loaded)::double as rows_loaded,
            sum(rows_quarantined)::double as rows_quarantined, count(*)::double as files
        from ingest_files
        group by target_table
        order by target_table`,
    quarantinedByRule: `
        select quarantined_rows.batch_id, strftime(ingest_batches.started_at, '%Y-%m-%d') as batch_date,
            quarantined_rows.rule, quarantined_rows.target_table, count(*)::double as rows
        from quarantined_rows
        inner join ingest_batches on ingest_batches.batch_id = quarantined_rows.batch_id
        group by all
        order by all`,
});
