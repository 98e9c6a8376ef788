// A small warehouse made the way the pipelines make one: a generated world (fixed seed), loaded in one batch, the
// SQL models run, then the audit targeting and the trade-statistics release of the last month. Used by tests that
// need realistic tables rather than hand-made rows.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld } from '../../src/generate/generate-world.js';
import { ingest } from '../../src/ingest/load-batch.js';
import { runAuditTargeting } from '../../pipelines/audit-targeting.js';
import { publishStats } from '../../pipelines/publish-stats.js';
import { runWarehouseModels } from '../../pipelines/run-models.js';

export interface GeneratedWarehouse {
    directory: string;
    warehouse: string;
}

export interface GeneratedWarehouseOptions {
    declarations: number;
    seed: number;
    /** Months from 2024-01; default 12. */
    months?: number;
    /** Run the audit targeting (it needs a year of history); default true. */
    audit?: boolean;
    /** Publish the trade statistics of the last month (stat_releases, stat_release_cells); default true. */
    stats?: boolean;
}

export async function buildGeneratedWarehouse(options: GeneratedWarehouseOptions): Promise<GeneratedWarehouse> {
    const months = options.months ?? 12;
    const directory = mkdtempSync(join(tmpdir(), 'customs-generated-'));
    const world = join(directory, 'world');
    await generateWorld({ outDir: world, declarations: options.declarations, seed: options.seed, from: '2024-01', months });
    const warehouse = join(directory, 'warehouse.duckdb');
    await ingest({ warehouse, paths: [world] });
    await runWarehouseModels({ warehouse });
    if (options.audit ?? true) await runAuditTargeting({ warehouse });
    const lastMonth = `${2024 + Math.floor((months - 1) / 12)}-${String(((months - 1) % 12) + 1).padStart(2, '0')}`;
    if (options.stats ?? true) await publishStats({ warehouse, period: lastMonth, outDir: join(directory, 'published') });
    return { directory, warehouse };
}
