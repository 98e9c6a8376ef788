// Hot snapshot swap, over real HTTP on localhost: while clients keep requesting, a pipeline publishes a new warehouse
// snapshot over the served file. No request fails; each answer comes whole from one snapshot; once the server has
// swapped, answers come from the new one.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToken } from '../../src/api/tokens.js';
import { publishSnapshot } from '../../src/db/publish-snapshot.js';
import { startServer, type RunningServer } from '../../pipelines/serve.js';
import { buildGeneratedWarehouse, type GeneratedWarehouse } from '../support/generated-warehouse.js';
import { query } from '../support/warehouse-queries.js';

let first: GeneratedWarehouse;
let second: GeneratedWarehouse;
let served: string;
let server: RunningServer;
let token: string;
/** Declarations in each world, counted straight from the warehouse files. */
let declarationsIn: { first: number; second: number };

beforeAll(async () => {
    first = await buildGeneratedWarehouse({ declarations: 1000, seed: 31, audit: false, stats: false });
    second = await buildGeneratedWarehouse({ declarations: 1600, seed: 32, audit: false, stats: false });
    const count = async (warehouse: string) => Number((await query<{ n: string }>(warehouse, 'select count(*) as n from declarations'))[0]!.n);
    declarationsIn = { first: await count(first.warehouse), second: await count(second.warehouse) };
    served = join(first.directory, 'served', 'customs.duckdb');
    await publishSnapshot({ warehouse: first.warehouse, to: served });
    const tokensFile = join(first.directory, 'api', 'tokens.json');
    token = addToken(tokensFile, 'manager', 'swap-test');
    server = await startServer({ warehouse: served, tokensFile, port: 0, rateLimitPerMinute: 1_000_000, snapshot: { pollMs: 50 } });
});

afterAll(async () => {
    await server.close();
});

interface Answer {
    status: number;
    snapshot: string | null;
    declarations: number | null;
    startedAfterSwap: boolean;
}

/** All declarations of every month, from the lane-share mart (trader group "all"): the world's size. */
async function askDeclarations(swapSeen: () => boolean): Promise<Answer> {
    const startedAfterSwap = swapSeen();
    const response = await fetch(`${server.url}/transparency/lanes?trader_group=all`, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.json() as { items?: { count_declarations: number }[] };
    return {
        status: response.status,
        snapshot: response.headers.get('x-warehouse-snapshot'),
        declarations: body.items ? body.items.reduce((sum, item) => sum + item.count_declarations, 0) : null,
        startedAfterSwap,
    };
}

describe('hot snapshot swap', () => {
    it('serves the new snapshot without a restart while requests keep coming, and none fails', async () => {
        const before = (await (await fetch(`${server.url}/health`)).json()).snapshot.id as string;
        const answers: Answer[] = [];
        let swapSeenAt: string | null = null;
        let stop = false;
        // Eight clients asking one after another, as fast as they can.
        const clients = Array.from({ length: 8 }, async () => {
            while (!stop) answers.push(await askDeclarations(() => swapSeenAt !== null));
        });
        while (answers.length < 100) await new Promise((resolve) => setTimeout(resolve, 10));
        await publishSnapshot({ warehouse: second.warehouse, to: served });
        // Wait for the server to notice (it polls every 50 ms), then keep the load on for 100 more answers.
        for (;;) {
            const health = await (await fetch(`${server.url}/health`)).json();
            if (health.snapshot.id !== before) {
                swapSeenAt = health.snapshot.id;
                break;
            }
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const seen = answers.length;
        while (answers.length < seen + 100) await new Promise((resolve) => setTimeout(resolve, 10));
        stop = true;
        await Promise.all(clients);

        expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
        // Every answer is whole from one snapshot: the first world's count from the first snapshot, the second's from the second.
        const expected = new Map([[before, declarationsIn.first], [swapSeenAt!, declarationsIn.second]]);
        for (const answer of answers) expect(answer.declarations).toBe(expected.get(answer.snapshot!));
        expect(answers.filter((answer) => answer.snapshot === before).length).toBeGreaterThanOrEqual(100);
        // Once the swap was seen, every request started after it was answered by the new snapshot.
        const after = answers.filter((answer) => answer.startedAfterSwap);
        expect(after.length).toBeGreaterThanOrEqual(100);
        expect(after.every((answer) => answer.snapshot === swapSeenAt && answer.declarations === declarationsIn.second)).toBe(true);
        expect(declarationsIn.second).not.toBe(declarationsIn.first);
    });

    it('keeps serving the current snapshot when the publisher refuses a bad path', async () => {
        await expect(publishSnapshot({ warehouse: served, to: served })).rejects.toThrow(/is the warehouse itself/);
        const response = await fetch(`${server.url}/transparency/lanes?trader_group=all`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(200);
    });
});
