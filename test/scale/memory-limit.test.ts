// The DuckDB memory limit and spill folder come from configuration: --memory-limit, else CUSTOMS_MEMORY_LIMIT,
// else 3GB, and the buffer pool's blocks kept in memory of their own up to that limit; CUSTOMS_TEMP_DIRECTORY, else
// beside the warehouse.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWarehouse, queryRows, raiseMemoryLimit } from '../../src/db/warehouse.js';
import { runCli } from '../support/run-cli.js';
import { FACT_FILES, REFERENCE_FILES, tempWarehouse, writeFiles } from '../support/mini-world.js';

interface Settings { memory_limit: string; temp_directory: string; block_allocator_memory: string }

const SETTINGS = "select current_setting('memory_limit') as memory_limit, current_setting('temp_directory') as temp_directory, current_setting('block_allocator_memory') as block_allocator_memory";

async function settings(path: string, options: Parameters<typeof openWarehouse>[1] = {}): Promise<Settings> {
    const warehouse = await openWarehouse(path, options);
    try {
        return (await queryRows<Settings>(warehouse.connection, SETTINGS))[0]!;
    } finally {
        warehouse.close();
    }
}

describe('memory limit and temp directory of the warehouse', () => {
    const saved = { limit: process.env.CUSTOMS_MEMORY_LIMIT, temp: process.env.CUSTOMS_TEMP_DIRECTORY };
    afterEach(() => {
        for (const [name, value] of [['CUSTOMS_MEMORY_LIMIT', saved.limit], ['CUSTOMS_TEMP_DIRECTORY', saved.temp]] as const) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    });

    it('defaults to 3GB, spilling beside the warehouse file', async () => {
        delete process.env.CUSTOMS_MEMORY_LIMIT;
        delete process.env.CUSTOMS_TEMP_DIRECTORY;
        const path = tempWarehouse();
        // DuckDB reads GB as 10^9 bytes and prints GiB: 3 × 10^9 / 2^30 = 2.793… → 2.7 GiB
        // the buffer pool's blocks are kept in memory of their own up to the same size
        expect(await settings(path)).toEqual({ memory_limit: '2.7 GiB', temp_directory: `${path}.tmp`, block_allocator_memory: '2.7 GiB' });
    });

    it('takes the limit and the spill folder from CUSTOMS_MEMORY_LIMIT and CUSTOMS_TEMP_DIRECTORY', async () => {
        const spill = mkdtempSync(join(tmpdir(), 'customs-spill-'));
        process.env.CUSTOMS_MEMORY_LIMIT = '512MB';
        process.env.CUSTOMS_TEMP_DIRECTORY = spill;
        // 512 × 10^6 / 2^20 = 488.28… → 488.2 MiB
        expect(await settings(tempWarehouse())).toEqual({ memory_limit: '488.2 MiB', temp_directory: spill, block_allocator_memory: '488.2 MiB' });
    });

    it('prefers the limit given to the command over the environment', async () => {
        process.env.CUSTOMS_MEMORY_LIMIT = '512MB';
        // 2 × 10^9 / 2^30 = 1.862… → 1.8 GiB
        expect((await settings(tempWarehouse(), { memoryLimit: '2GB' })).memory_limit).toBe('1.8 GiB');
    });

    it('raises the memory for the buffer pool\'s blocks with the limit (customs month, when its models run in full)', async () => {
        const warehouse = await openWarehouse(tempWarehouse(), { memoryLimit: '1GB' });
        try {
            await raiseMemoryLimit(warehouse.connection, '3GB');
            const [row] = await queryRows<Settings>(warehouse.connection, SETTINGS);
            // 10^9 / 2^20 = 953.6 MiB before; 3 × 10^9 / 2^30 = 2.79 GiB after, both of them
            expect([row!.memory_limit, row!.block_allocator_memory]).toEqual(['2.7 GiB', '2.7 GiB']);
        } finally {
            warehouse.close();
        }
    });

    it('refuses a limit that is not a size, saying how to write one', () => {
        const result = runCli(['ingest', '--warehouse', tempWarehouse(), '--memory-limit', 'lots', writeFiles({ ...REFERENCE_FILES, ...FACT_FILES })]);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('error [bad_memory_limit]');
        expect(result.stderr).toContain('such as 4GB or 512MB');
    });
});
