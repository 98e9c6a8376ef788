// The API load test for `npm run bench`: serves a warehouse snapshot with `customs serve` in a child process of its
// own (so the load generator does not share the server's event loop), then drives it with autocannon at 50
// connections: /health (no warehouse read: the server's own ceiling) and the first page of /audit/targets.
// Reports requests per second and p99 latency of each, and the targets/health ratio of requests per second. A
// repeated page is answered from the snapshot's memory, so the load test also times, before it, the first answers
// of 18 distinct target queries one at a time: what a page costs when DuckDB has to compute it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { addToken } from '../src/api/tokens.js';
import { PROJECT_ROOT } from '../src/db/warehouse.js';
import { UserError } from '../src/user-error.js';

export interface ApiRouteFigures {
    path: string;
    requestsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
    requests: number;
    /** Answers other than 2xx, errors and timeouts: all should be 0. */
    failed: number;
}

/** First answers of distinct /audit/targets queries, one at a time: the cost when the snapshot has no answer kept. */
export interface ColdQueryFigures {
    queries: number;
    medianMs: number;
    maxMs: number;
}

export interface ApiBenchResult {
    health: ApiRouteFigures;
    targets: ApiRouteFigures;
    coldTargets: ColdQueryFigures;
    /** /audit/targets requests per second ÷ /health requests per second, measured in the same run. */
    targetsToHealthRatio: number;
    connections: number;
    seconds: number;
}

export const TARGETS_BENCH_PATH = '/api/v1/audit/targets?limit=50';

export interface ApiBenchOptions {
    /** A published warehouse with fct_audit_targets. It is served read-only. */
    warehouse: string;
    connections?: number;
    seconds?: number;
    log?: (line: string) => void;
}

export async function benchApi(options: ApiBenchOptions): Promise<ApiBenchResult> {
    const connections = options.connections ?? 50;
    const seconds = options.seconds ?? 10;
    const log = options.log ?? (() => undefined);
    const directory = mkdtempSync(join(tmpdir(), 'customs-bench-api-'));
    const tokensFile = join(directory, 'tokens.json');
    const token = addToken(tokensFile, 'auditor', 'bench');
    const port = await freePort();
    // No rate limit in the load test: it measures the server, not the limiter.
    const server = spawn(process.execPath, [join(PROJECT_ROOT, 'src', 'customs.js'), 'serve', '--warehouse', options.warehouse,
        '--port', String(port), '--tokens', tokensFile, '--rate-limit', '1000000000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
        await serverReady(server, port);
        const origin = `http://127.0.0.1:${port}`;
        const headers = { authorization: `Bearer ${token}` };
        const check = await fetch(`${origin}${TARGETS_BENCH_PATH}`, { headers });
        if (check.status !== 200) {
            throw new UserError('bench_api_failed', `GET ${TARGETS_BENCH_PATH} answered ${check.status} ${await check.text()}. The benchmark needs a warehouse with the audit models run.`);
        }
        const measure = async (path: string): Promise<ApiRouteFigures> => {
            await autocannon({ url: `${origin}${path}`, connections, duration: 2, headers }); // warm-up, not counted
            log(`api: ${path} at ${connections} connections for ${seconds} s …`);
            const result = await autocannon({ url: `${origin}${path}`, connections, duration: seconds, headers });
            return {
                path,
                requestsPerSecond: result.requests.average,
                p50Ms: result.latency.p50,
                p99Ms: result.latency.p99,
                requests: result.requests.total,
                failed: result.non2xx + result.errors + result.timeouts,
            };
        };
        const coldTargets = await measureCold(origin, headers);
        const health = await measure('/api/v1/health');
        const targets = await measure(TARGETS_BENCH_PATH);
        return { health, targets, coldTargets, targetsToHealthRatio: targets.requestsPerSecond / health.requestsPerSecond, connections, seconds };
    } finally {
        server.kill('SIGTERM');
        rmSync(directory, { recursive: true, force: true });
    }
}

/** Distinct filters and sorts, each asked once, so none is answered from memory. */
const COLD_QUERIES = ['C1', 'C2', 'C3'].flatMap((lane) => ['rank', 'expected_revenue'].flatMap((sort) => ['include', 'exclude', 'only'].map((exploration) =>
    `/api/v1/audit/targets?lane=${lane}&sort=${sort}&exploration=${exploration}&limit=50`)));

async function measureCold(origin: string, headers: Record<string, string>): Promise<ColdQueryFigures> {
    const times: number[] = [];
    for (const path of COLD_QUERIES) {
        const started = performance.now();
        const response = await fetch(`${origin}${path}`, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new UserError('bench_api_failed', `GET ${path} answered ${response.status}.`);
        times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { queries: times.length, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times.at(-1)! };
}

export function formatApiBench(result: ApiBenchResult): string {
    const lines = [`API load test: autocannon, ${result.connections} connections, ${result.seconds} s per route, server in its own process`];
    lines.push(`${'route'.padEnd(36)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'requests'.padStart(9)} ${'failed'.padStart(7)}`);
    for (const figures of [result.health, result.targets]) {
        lines.push(`${figures.path.padEnd(36)} ${figures.requestsPerSecond.toFixed(0).padStart(9)} ${figures.p50Ms.toFixed(1).padStart(7)} ${figures.p99Ms.toFixed(1).padStart(7)} ${String(figures.requests).padStart(9)} ${String(figures.failed).padStart(7)}`);
    }
    lines.push(`/audit/targets requests/s ÷ /health requests/s = ${result.targetsToHealthRatio.toFixed(2)}`);
    lines.push(`/audit/targets first answers of ${result.coldTargets.queries} distinct queries, one at a time: median ${result.coldTargets.medianMs.toFixed(1)} ms, max ${result.coldTargets.maxMs.toFixed(1)} ms`);
    return lines.join('\n');
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => {
            const address = probe.address();
            probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
        });
    });
}

function serverReady(server: ReturnType<typeof spawn>, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
        let output = '';
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes(`:${port}/api/v1`)) resolve();
        };
        server.stdout!.on('data', onData);
        server.stderr!.on('data', (chunk: Buffer) => {
            output += chunk.toString();
        });
        server.once('exit', (code) => reject(new UserError('bench_api_failed', `customs serve stopped (exit ${code}) before it listened:\n${output}`)));
    });
}
