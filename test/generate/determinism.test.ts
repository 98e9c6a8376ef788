// The same options give byte-identical files; another seed gives another world.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/generate/generate-world.js';

const OPTIONS = { declarations: 2_000, seed: 7, from: '2024-01', months: 3 };

function listFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** relative path → SHA-256 of every file of a world. */
function fingerprints(world: string): Record<string, string> {
    return Object.fromEntries(listFiles(world).sort().map((path) => [
        relative(world, path), createHash('sha256').update(readFileSync(path)).digest('hex'),
    ]));
}

async function generate(seed: number): Promise<string> {
    const outDir = mkdtempSync(join(tmpdir(), 'customs-world-'));
    await generateWorld({ ...OPTIONS, seed, outDir });
    return outDir;
}

describe('generateWorld determinism', () => {
    it('writes byte-identical files for the same options, and different ones for another seed', { timeout: 60_000 }, async () => {
        const first = fingerprints(await generate(7));
        const second = fingerprints(await generate(7));
        // 10 reference files, 6 monthly tables × 3 months, the manifest.
        expect(Object.keys(first)).toHaveLength(29);
        expect(second).toEqual(first);

        const other = fingerprints(await generate(8));
        expect(Object.keys(other).sort()).toEqual(Object.keys(first).sort());
        // Static reference files are copies; everything generated differs.
        for (const path of ['declarations/2024-01.csv', 'declaration_items/2024-02.csv', 'reference/traders.csv', 'reference/exchange_rates.csv']) {
            expect(other[path], path).not.toBe(first[path]);
        }
        expect(other['reference/countries.csv']).toBe(first['reference/countries.csv']);
    });

    it('regenerating into the same folder leaves no files of the earlier, longer world', { timeout: 60_000 }, async () => {
        const outDir = mkdtempSync(join(tmpdir(), 'customs-world-'));
        await generateWorld({ ...OPTIONS, months: 4, outDir });
        await generateWorld({ ...OPTIONS, outDir });
        expect(fingerprints(outDir)).toEqual(fingerprints(await generate(7)));
    });
});
