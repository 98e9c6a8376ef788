// `customs dashboards build`: builds the Observable Framework project in dashboards/ into a static site, its data
// loaders reading the given warehouse (read-only). The loaders' cache is cleared first so that every figure comes
// from this warehouse, and an error in the build log fails the build (Framework may log one and still exit 0).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/db/warehouse.js';
import { UserError } from '../src/user-error.js';

export const DASHBOARDS_DIR = join(PROJECT_ROOT, 'dashboards');
const FRAMEWORK_DIR = join(PROJECT_ROOT, 'node_modules', '@observablehq', 'framework');
const FRAMEWORK_CLI = join(FRAMEWORK_DIR, 'dist', 'bin', 'observable.js');
const CACHE_DIR = join(DASHBOARDS_DIR, 'src', '.observablehq', 'cache');
const BUILD_LOCK = join(DASHBOARDS_DIR, 'src', '.observablehq', 'build.lock');

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
    // Builds share dashboards/ and its cache: one at a time (tests and npm start may build at once).
    return withBuildLock(async () => {
        const started = Date.now();
        clearLoaderCache();
        pinClientLibraryVersions();
        // Framework clears only an output folder inside dashboards/; the site is replaced whole wherever it goes.
        rmSync(outDir, { recursive: true, force: true });
        const log = await runFramework(['build'], {
            CUSTOMS_WAREHOUSE: warehouse,
            CUSTOMS_DASHBOARDS_OUT: outDir,
            OBSERVABLE_TELEMETRY_DISABLE: 'true',
        });
        // An error line, or a library version looked up on the network (printed as npm:NAME@latest → …), fails the build.
        const errors = log.split('\n').filter((line) => /\berror\b|✗|unable to|failed|npm:\S+@latest/i.test(line));
        if (errors.length > 0 || !existsSync(join(outDir, 'index.html'))) {
            throw new UserError('dashboards_build_failed', `Building the dashboards logged errors:\n${errors.join('\n') || log}\nFix the page or data loader named above and build again.`);
        }
        const pages = readdirSync(outDir).filter((name) => name.endsWith('.html')).sort();
        return { outDir, pages, seconds: (Date.now() - started) / 1000 };
    });
}

/** Runs work holding the build lock (a folder made atomically), waiting while another process holds it. */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
    mkdirSync(dirname(BUILD_LOCK), { recursive: true });
    for (;;) {
        try {
            mkdirSync(BUILD_LOCK);
            break;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        // A lock left by a process that has ended is taken over.
        const ownerFile = join(BUILD_LOCK, 'pid');
        const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : 0;
        if (owner > 0 && !isRunning(owner)) rmSync(BUILD_LOCK, { recursive: true, force: true });
        else await sleep(250);
    }
    writeFileSync(join(BUILD_LOCK, 'pid'), String(process.pid));
    try {
        return await work();
    } finally {
        rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
}

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
}

/**
 * Removes the data loaders' cached output, so that the loaders run again on this warehouse. The bundles Framework
 * makes of packages in node_modules (_node, named by package version) are kept: they do not depend on the data.
 */
function clearLoaderCache(): void {
    if (!existsSync(CACHE_DIR)) return;
    for (const entry of readdirSync(CACHE_DIR)) {
        if (entry !== '_node') rmSync(join(CACHE_DIR, entry), { recursive: true, force: true });
    }
}

/**
 * Framework's client names libraries a page may load on demand (npm:d3, npm:react-dom, …) and, building it, looks up
 * each one's latest version on the npm registry unless a folder _npm/NAME@VERSION is in its cache. Our pages import
 * only from node_modules and never load these, so each is pinned to its installed version (or 0.0.0 when not
 * installed): the build then asks no registry.
 */
function pinClientLibraryVersions(): void {
    const names = new Set<string>();
    const visit = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) visit(path);
            else if (entry.name.endsWith('.js')) {
                for (const match of readFileSync(path, 'utf8').matchAll(/["']npm:((?:@[\w.-]+\/)?[\w.-]+)/g)) names.add(match[1]!);
            }
        }
    };
    visit(join(FRAMEWORK_DIR, 'dist', 'client'));
    for (const name of names) {
        const packageFile = join(PROJECT_ROOT, 'node_modules', name, 'package.json');
        const version = existsSync(packageFile) ? (JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string }).version : '0.0.0';
        mkdirSync(join(CACHE_DIR, '_npm', `${name}@${version}`), { recursive: true });
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
