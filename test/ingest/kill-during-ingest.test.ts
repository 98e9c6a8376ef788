// A crash or kill at any moment of a batch leaves the warehouse as it was before the batch.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/generate/generate-world.js';
import { ingest } from '../../src/ingest/load-batch.js';
import { LOADABLE_TABLES } from '../../src/schema/tables.js';
import { CLI } from '../support/run-cli.js';
import { tempWarehouse } from '../support/mini-world.js';
import { query } from '../support/warehouse-queries.js';

const TABLES = [...LOADABLE_TABLES.map((table) => table.name), 'ingest_batches', 'ingest_files', 'quarantined_rows'];

async function tableCounts(warehouse: string): Promise<Record<string, number>> {
    const rows = await query<Record<string, string>>(warehouse,
        `select ${TABLES.map((table) => `(select count(*) from ${table}) as ${table}`).join(', ')}`);
    return Object.fromEntries(Object.entries(rows[0]!).map(([table, n]) => [table, Number(n)]));
}

/** Starts `customs ingest`, sends SIGKILL once stderr shows `marker` (or after `afterMs`), and waits for it to die. */
function ingestAndKill(warehouse: string, dir: string, kill: { marker?: RegExp; afterMs?: number }): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, 'ingest', '--warehouse', warehouse, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        let killed = false;
        const killNow = () => {
            if (!killed) {
                killed = true;
                child.kill('SIGKILL');
            }
        };
        child.stderr.on('data', (chunk: Buffer) => {
            stderr += chunk.toString();
            if (kill.marker?.test(stderr)) killNow();
        });
        if (kill.afterMs !== undefined) setTimeout(killNow, kill.afterMs);
        child.on('error', reject);
        child.on('exit', (_code, signal) => {
            if (signal !== 'SIGKILL') reject(new Error(`ingest finished before it could be killed:\n${stderr}`));
            else resolve(stderr);
        });
    });
}

describe('killing an ingest with SIGKILL', () => {
    let world: string;
    beforeAll(async () => {
        world = mkdtempSync(join(tmpdir(), 'customs-kill-world-'));
        await generateWorld({ outDir: world, declarations: 20000, seed: 11, from: '2024-01', months: 3 });
    });

    it.each([
        ['while reading the files', { marker: /read declarations:/ }],
        ['after the declarations were stored inside the transaction', { marker: /stored declarations:/ }],
        ['after most tables were stored, near the end of the transaction', { marker: /stored payments:/ }],
        ['at a fixed moment', { afterMs: 1200 }],
    ])('%s leaves the warehouse as it was, and a rerun then loads everything', async (_when, kill) => {
        const warehouse = tempWarehouse();
        await ingest({ warehouse, paths: [join(world, 'reference')] });
        const before = await tableCounts(warehouse);
        expect(before.traders).toBeGreaterThan(0);

        await ingestAndKill(warehouse, world, kill);
        expect(await tableCounts(warehouse)).toEqual(before);

        const rerun = await ingest({ warehouse, paths: [world] });
        expect(rerun.batchId).toBe(2);
        expect(rerun.totals.read).toBe(rerun.totals.loaded + rerun.totals.quarantined);
        const after = await tableCounts(warehouse);
        expect(after.declarations).toBeGreaterThan(18000);
        expect(after.ingest_batches).toBe(2);
    }, 120_000);
});
