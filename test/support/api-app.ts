// An API app over a generated warehouse, with one token per role, for tests that call app.inject().
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/api/app.js';
import type { Role } from '../../src/api/tokens.js';
import { createDemoTokens } from '../../pipelines/serve.js';
import { buildGeneratedWarehouse, type GeneratedWarehouse, type GeneratedWarehouseOptions } from './generated-warehouse.js';

export interface TestApi extends GeneratedWarehouse {
    app: FastifyInstance;
    tokens: Record<Role, string>;
    tokensFile: string;
    accessLogFile: string;
    /** GET a path under /api/v1 as a role (or without a token). */
    get(path: string, role?: Role, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
    inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function buildTestApi(world: GeneratedWarehouseOptions, options: Partial<AppOptions> = {}): Promise<TestApi> {
    const generated = await buildGeneratedWarehouse(world);
    const tokensFile = join(generated.directory, 'api', 'tokens.json');
    const accessLogFile = join(generated.directory, 'api', 'access-log.jsonl');
    const tokens = createDemoTokens(tokensFile);
    const app = await buildApp({ warehouse: generated.warehouse, tokensFile, accessLogFile, ...options });
    await app.ready();
    return {
        ...generated,
        app,
        tokens,
        tokensFile,
        accessLogFile,
        get: (path, role, headers = {}) => app.inject({
            method: 'GET',
            url: `/api/v1${path}`,
            headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...headers },
        }),
        inject: (injectOptions) => app.inject(injectOptions),
    };
}
