// A small generated customs world loaded into a fresh warehouse, for the trade-statistics tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld } from '../../src/generate/generate-world.js';
import { ingest } from '../../src/ingest/load-batch.js';

export interface GeneratedWarehouse {
    directory: string;
    worldDir: string;
    warehouse: string;
}

/** 3,000 declarations over 24 months from 2024-01, seed 7: about 9,000 item lines. */
export async function generatedWarehouse(): Promise<GeneratedWarehouse> {
    const directory = mkdtempSync(join(tmpdir(), 'customs-stats-'));
    const worldDir = join(directory, 'world');
    await generateWorld({ outDir: worldDir, declarations: 3000, seed: 7, from: '2024-01', months: 24 });
    const warehouse = join(directory, 'customs.duckdb');
    await ingest({ warehouse, paths: [worldDir] });
    return { directory, worldDir, warehouse };
}
