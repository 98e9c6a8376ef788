// The loader's own records: batches, the files in them, and quarantined rows.
import { z } from 'zod';
import { col } from './columns.js';

export const BATCH_STATUSES = ['loaded', 'loaded_with_quarantine', 'skipped'] as const;
export const FILE_FORMATS = ['csv', 'jsonl', 'parquet'] as const;

/** One row per committed ingest batch. Key: batch_id. */
export const IngestBatch = z.object({
    batch_id: col.integer(1, 2_000_000_000),
    started_at: col.timestamp(),
    finished_at: col.timestamp(),
    status: col.code(BATCH_STATUSES),
    rows_read: col.integer(0, 2_000_000_000),
    rows_loaded: col.integer(0, 2_000_000_000),
    rows_quarantined: col.integer(0, 2_000_000_000),
});
export type IngestBatch = z.infer<typeof IngestBatch>;

/** One row per file of a batch. Key: batch_id, source_path. read = loaded + quarantined always. */
export const IngestFile = z.object({
    batch_id: col.integer(1, 2_000_000_000),
    source_path: col.text({ maxLength: 4096 }),
    sha256: col.text({ maxLength: 64, pattern: '[0-9a-f]{64}' }),
    target_table: col.text({ maxLength: 64 }),
    file_format: col.code(FILE_FORMATS),
    encoding: col.text({ maxLength: 16 }),
    size_bytes: col.number(0, 1e15),
    rows_read: col.integer(0, 2_000_000_000),
    rows_loaded: col.integer(0, 2_000_000_000),
    rows_quarantined: col.integer(0, 2_000_000_000),
    /** Warnings about the file as a whole (ignored extra columns, empty file), or empty. */
    notes: col.optionalText({ maxLength: 4000 }),
});
export type IngestFile = z.infer<typeof IngestFile>;

/** One row per input row that was not loaded, with the first rule it broke and the raw text. */
export const QuarantinedRow = z.object({
    batch_id: col.integer(1, 2_000_000_000),
    source_path: col.text({ maxLength: 4096 }),
    target_table: col.text({ maxLength: 64 }),
    line_number: col.integer(1, 2_000_000_000),
    column_name: col.optionalText({ maxLength: 64 }),
    rule: col.text({ maxLength: 64 }),
    message: col.text({ maxLength: 4000 }),
    raw_text: col.optionalText({ maxLength: 100_000_000 }),
});
export type QuarantinedRow = z.infer<typeof QuarantinedRow>;
