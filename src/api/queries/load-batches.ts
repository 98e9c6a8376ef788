// The load history: batches, newest first, with rows read, loaded and quarantined per table and quarantines per rule.
import { requireTables } from '../plugins/database.js';
import type { Row } from '../query-result.js';
import type { Snapshot } from '../warehouse-snapshots.js';

export async function loadBatches(snapshot: Snapshot, limit: number): Promise<Row[]> {
    requireTables(snapshot, 'ingest_batches', 'ingest_files', 'quarantined_rows');
    const batches = (await snapshot.query(`
        select batch_id, started_at, finished_at, status, rows_read, rows_loaded, rows_quarantined
        from ingest_batches
        order by batch_id desc
        limit cast(? as integer)`, [limit])).rows;
    const tables = (await snapshot.query(`
        select batch_id, target_table, count(*) as count_files,
            sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded, sum(rows_quarantined) as rows_quarantined
        from ingest_files
        where batch_id >= (select coalesce(min(batch_id), 0) from (select batch_id from ingest_batches order by batch_id desc limit cast(? as integer)))
        group by batch_id, target_table
        order by batch_id, target_table`, [limit])).rows;
    const rules = (await snapshot.query(`
        select batch_id, rule, count(*) as count_rows
        from quarantined_rows
        where batch_id >= (select coalesce(min(batch_id), 0) from (select batch_id from ingest_batches order by batch_id desc limit cast(? as integer)))
        group by batch_id, rule
        order by batch_id, count_rows desc, rule`, [limit])).rows;
    return batches.map((batch) => ({
        ...batch,
        tables: tables.filter((table) => table.batch_id === batch.batch_id).map(({ batch_id: _, ...table }) => table),
        quarantined_by_rule: rules.filter((rule) => rule.batch_id === batch.batch_id).map(({ batch_id: _, ...rule }) => rule),
    }));
}
