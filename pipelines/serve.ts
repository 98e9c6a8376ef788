// `customs serve`: the query API over a published warehouse snapshot, on localhost, until stopped. Also what
// `npm start` ends with, with a token per role made for the demo.
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { API_PREFIX, buildApp } from '../src/api/app.js';
import { ROLES, addToken, removeTokens, type Role } from '../src/api/tokens.js';
import type { SnapshotOptions } from '../src/api/warehouse-snapshots.js';
import { UserError } from '../src/user-error.js';

export interface ServeOptions {
    /** The published snapshot to serve (see customs snapshot); opened read-only. */
    warehouse: string;
    tokensFile: string;
    /** Default: access-log.jsonl beside the tokens file. */
    accessLogFile?: string;
    port?: number;
    host?: string;
    rateLimitPerMinute?: number;
    snapshot?: SnapshotOptions;
    logger?: boolean;
    /** The dashboards' built site, served at /. */
    site?: string;
}

export interface RunningServer {
    app: FastifyInstance;
    /** The API's base URL, e.g. http://127.0.0.1:3000/api/v1 */
    url: string;
    docsUrl: string;
    /** Where the dashboards are (the origin's /). */
    siteUrl: string;
    close(): Promise<void>;
}

export function defaultAccessLogFile(tokensFile: string): string {
    return join(dirname(tokensFile), 'access-log.jsonl');
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
    const app = await buildApp({
        warehouse: options.warehouse,
        tokensFile: options.tokensFile,
        accessLogFile: options.accessLogFile ?? defaultAccessLogFile(options.tokensFile),
        rateLimitPerMinute: options.rateLimitPerMinute,
        snapshot: options.snapshot,
        logger: options.logger,
        site: options.site,
    });
    const host = options.host ?? '127.0.0.1';
    const requestedPort = options.port ?? 3000;
    try {
        await app.listen({ port: requestedPort, host });
    } catch (error) {
        await app.close();
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
            throw new UserError('port_in_use', `Port ${requestedPort} on ${host} is already in use (another customs serve or npm start?). Stop it, or choose another port with --port N (0: any free port).`);
        }
        throw error;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : requestedPort;
    const origin = `http://${host}:${port}`;
    return { app, url: `${origin}${API_PREFIX}`, docsUrl: `${origin}/docs`, siteUrl: `${origin}/`, close: () => app.close() };
}

/**
 * Makes one token per role, named demo-ROLE, in the tokens file and returns them. Only hashes are stored, so the
 * demo tokens of an earlier run cannot be shown again: they are replaced (and stop working).
 */
export function createDemoTokens(tokensFile: string): Record<Role, string> {
    const names = new Set(ROLES.map((role) => `demo-${role}`));
    removeTokens(tokensFile, (token) => names.has(token.name));
    return Object.fromEntries(ROLES.map((role) => [role, addToken(tokensFile, role, `demo-${role}`)])) as Record<Role, string>;
}
