// What `customs run` records of each run of the SQL models, so that the next run can recompute only what changed
// (src/db/incremental-plan.ts): the run, and how far it had read each loaded table.
import { z } from 'zod';
import { col } from './columns.js';

export const MODEL_RUN_KINDS = ['full', 'incremental', 'partial'] as const;
export type ModelRunKind = (typeof MODEL_RUN_KINDS)[number];

/** One row per committed run of the SQL models. Key: run_id. */
export const ModelRunRecord = z.object({
    run_id: col.integer(1, 2_000_000_000),
    finished_at: col.timestamp(),
    /** full: every model rebuilt whole; incremental: the marts of REFRESHED_MARTS refreshed for some months and quarters; partial: some folders only. */
    run_kind: col.code(MODEL_RUN_KINDS),
    /** The months an incremental run recomputed, 'YYYY-MM' joined by commas (empty when none); null for other runs. */
    months: col.optionalText({ maxLength: 100_000 }),
    /** SHA-256 of what the marts depend on besides the data: the models' SQL, the run's settings, the confidential items. */
    settings_sha256: col.text({ maxLength: 64, pattern: '[0-9a-f]{64}' }),
    /** Why a run asked to be incremental was full (no earlier run, settings changed, …); null otherwise. */
    full_reason: col.optionalText({ maxLength: 1000 }),
});
export type ModelRunRecord = z.infer<typeof ModelRunRecord>;

/**
 * One row per run × loadable table: the largest rowid the run had read. The loader only appends, so the rows
 * loaded since a run are those with a larger rowid. Key: run_id, table_name.
 */
export const ModelRunWatermark = z.object({
    run_id: col.integer(1, 2_000_000_000),
    table_name: col.text({ maxLength: 64 }),
    /** −1 for an empty table. */
    max_rowid: col.integer(-1, 2_000_000_000),
    row_count: col.integer(0, 2_000_000_000),
});
export type ModelRunWatermark = z.infer<typeof ModelRunWatermark>;
