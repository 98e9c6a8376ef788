// A small warehouse made the way the pipelines make one: a generated world (fixed seed), loaded in one batch, with
// the SQL models and the audit targeting run. Used by tests that need realistic tables rather than hand-made rows.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld } from '../../src/generate/generate-world.js';
import { ingest } from '../../src/ingest/load-batch.js';
import { runAuditTargeting } from '../../pipelines/audit-targeting.js';
import { runWarehouseModels } from '../../pipelines/run-models.js';

export interface GeneratedWarehouse {
    directory: string;
    warehouse: string;
}

/** With `audit: false` the audit targeting is left out (it needs a year of history; fct_audit_targets is then missing). */
export async function buildGeneratedWarehouse(options: { declarations: number; seed: number; months?: number; audit?: boolean }): Promise<GeneratedWarehouse> {
    const directory = mkdtempSync(join(tmpdir(), 'customs-generated-'));
    const world = join(directory, 'world');
    await generateWorld({ outDir: world, declarations: options.declarations, seed: options.seed, from: '2024-01', months: options.months ?? 12 });
    const warehouse = join(directory, 'warehouse.duckdb');
    await ingest({ warehouse, paths: [world] });
    await runWarehouseModels({ warehouse });
    if (options.audit ?? true) await runAuditTargeting({ warehouse });
    return { directory, warehouse };
}
