// `customs dashboards build`: builds the Observable Framework project in dashboards/ into a static site, its data
// loaders reading the given warehouse (read-only). The loaders' cache is cleared first so that every figure comes
// from this warehouse, and an error in the build log fails the build (Framework may log one and still exit 0).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/db/warehouse.js';
import { UserError } from '../src/user-error.js';

export const DASHBOARDS_DIR = join(PROJECT_ROOT, 'dashboards');
const FRAMEWORK_CLI = join(PROJECT_ROOT, 'node_modules', '@observablehq', 'framework', 'dist', 'bin', 'observable.js');

export interface BuiltDashboards {
    outDir: string;
    pages: string[];
    seconds: number;
}

export async function buildDashboards(options: { warehouse: string; outDir: string }): Promise<BuiltDashboards> {
    const warehouse = resolve(options.warehouse);
    const outDir = resolve(options.outDir);
    if (!existsSync(warehouse)) {
        throw new UserError('warehouse_missing', `There is no warehouse at ${warehouse}. Make one with npm start, or customs ingest and customs run.`);
    }
    const started = Date.now();
    clearLoaderCache();
    const log = await runFramework(['build'], {
        CUSTOMS_WAREHOUSE: warehouse,
        CUSTOMS_DASHBOARDS_OUT: outDir,
        OBSERVABLE_TELEMETRY_DISABLE: 'true',
    });
    const errors = log.split('\n').filter((line) => /\berror\b|✗|unable to|failed/i.test(line));
    if (errors.length > 0 || !existsSync(join(outDir, 'index.html'))) {
        throw new UserError('dashboards_build_failed', `Building the dashboards logged errors:\n${errors.join('\n') || log}\nFix the page or data loader named above and build again.`);
    }
    const pages = readdirSync(outDir).filter((name) => name.endsWith('.html')).sort();
    return { outDir, pages, seconds: (Date.now() - started) / 1000 };
}

/**
 * Removes the data loaders' cached output, so that the loaders run again on this warehouse. The bundles Framework
 * makes of packages in node_modules (_node, named by package version) are kept: they do not depend on the data.
 */
function clearLoaderCache(): void {
    const cache = join(DASHBOARDS_DIR, 'src', '.observablehq', 'cache');
    if (!existsSync(cache)) return;
    for (const entry of readdirSync(cache)) {
        if (entry !== '_node') rmSync(join(cache, entry), { recursive: true, force: true });
    }
}

/** Runs the Framework command line in dashboards/ and answers its output (stdout and stderr, colours removed). */
function runFramework(args: string[], env: Record<string, string>): Promise<string> {
    return new Promise((resolvePromise, reject) => {
        const child = spawn(process.execPath, [FRAMEWORK_CLI, ...args], {
            cwd: DASHBOARDS_DIR,
            env: { ...process.env, ...env, NO_COLOR: '1' },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        child.on('error', reject);
        child.on('close', (code) => {
            const log = output.replace(/\x1b\[[0-9;]*m/g, '');
            if (code === 0) resolvePromise(log);
            else reject(new UserError('dashboards_build_failed', `Building the dashboards failed (exit ${code}):\n${log}`));
        });
    });
}
