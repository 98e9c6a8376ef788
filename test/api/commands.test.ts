// The API's commands, run as a user runs them: customs token add, customs snapshot, customs serve.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToken, hashToken, readTokens } from '../../src/api/tokens.js';
import { openWarehouse } from '../../src/db/warehouse.js';
import { createDemoTokens } from '../../pipelines/serve.js';
import { CLI, runCli } from '../support/run-cli.js';

let directory: string;
let tokensFile: string;

beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'customs-api-commands-'));
    tokensFile = join(directory, 'api', 'tokens.json');
});

describe('customs token add', () => {
    it('prints a new token once and stores only its SHA-256', () => {
        const result = runCli(['token', 'add', '--role', 'auditor', '--name', 'alice', '--tokens', tokensFile]);
        expect(result.status).toBe(0);
        const token = result.stdout.trim();
        expect(token).toMatch(/^cus_[A-Za-z0-9_-]{43}$/);
        expect(result.stderr).toContain('It is shown only now');
        const stored = readFileSync(tokensFile, 'utf8');
        expect(stored).not.toContain(token);
        expect(JSON.parse(stored).tokens).toEqual([
            { name: 'alice', role: 'auditor', sha256: createHash('sha256').update(token).digest('hex'), created_at: expect.any(String) },
        ]);
    });

    it('refuses a name already used and a role that does not exist', () => {
        const taken = runCli(['token', 'add', '--role', 'admin', '--name', 'alice', '--tokens', tokensFile]);
        expect(taken.status).toBe(2);
        expect(taken.stderr).toContain('already has a token named "alice"');
        const role = runCli(['token', 'add', '--role', 'boss', '--name', 'bob', '--tokens', tokensFile]);
        expect(role.status).not.toBe(0);
        expect(role.stderr).toContain('expected one of auditor, statistician, manager, admin');
    });
});

describe('demo tokens', () => {
    it('makes one token per role and replaces those of an earlier demo run, leaving other tokens alone', () => {
        const file = join(directory, 'demo-tokens.json');
        addToken(file, 'admin', 'ops');
        const first = createDemoTokens(file);
        const second = createDemoTokens(file);
        expect(Object.keys(second)).toEqual(['auditor', 'statistician', 'manager', 'admin']);
        const stored = readTokens(file);
        expect(stored.map((token) => `${token.name}:${token.role}`)).toEqual(['ops:admin', 'demo-auditor:auditor', 'demo-statistician:statistician', 'demo-manager:manager', 'demo-admin:admin']);
        const hashes = new Set(stored.map((token) => token.sha256));
        for (const role of ['auditor', 'statistician', 'manager', 'admin'] as const) {
            expect(hashes.has(hashToken(second[role]))).toBe(true);
            expect(hashes.has(hashToken(first[role]))).toBe(false);
        }
    });
});

describe('customs snapshot and customs serve', () => {
    let server: ReturnType<typeof spawn> | undefined;

    afterAll(() => {
        server?.kill('SIGTERM');
    });

    it('publishes a snapshot, serves it, and accepts a token added while it runs', async () => {
        const warehouse = join(directory, 'warehouse.duckdb');
        (await openWarehouse(warehouse)).close();
        const served = join(directory, 'served', 'customs.duckdb');
        const published = runCli(['snapshot', '--warehouse', warehouse, '--to', served]);
        expect(published.status).toBe(0);
        expect(published.stdout).toContain(`as ${served}`);

        server = spawn(process.execPath, [CLI, 'serve', '--warehouse', served, '--port', '0', '--tokens', tokensFile], { stdio: ['ignore', 'pipe', 'pipe'] });
        const url = await new Promise<string>((resolve, reject) => {
            let output = '';
            server!.stdout!.on('data', (chunk: Buffer) => {
                output += chunk.toString();
                const match = /API on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(output);
                if (match) resolve(match[1]!);
            });
            server!.stderr!.on('data', (chunk: Buffer) => {
                output += chunk.toString();
            });
            server!.once('exit', (code) => reject(new Error(`customs serve exited with ${code}: ${output}`)));
        });
        expect((await fetch(`${url}/health`)).status).toBe(200);

        const admin = runCli(['token', 'add', '--role', 'admin', '--name', 'root', '--tokens', tokensFile]).stdout.trim();
        const tokens = await fetch(`${url}/admin/tokens`, { headers: { authorization: `Bearer ${admin}` } });
        expect(tokens.status).toBe(200);
        expect((await tokens.json()).items.map((token: { name: string; role: string }) => `${token.name}:${token.role}`)).toEqual(['alice:auditor', 'root:admin']);
        // The empty warehouse has its load-history tables but no batch yet.
        const batches = await fetch(`${url}/pipelines/batches`, { headers: { authorization: `Bearer ${admin}` } });
        expect(await batches.json()).toEqual({ items: [] });
    });
});
