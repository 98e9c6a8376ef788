// The dashboards' static site (customs dashboards build) served at / next to the API, with clean URLs (/trade →
// trade.html). The pages hold aggregates only; the audit page fetches targets from /api/v1 with the auditor's token.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiError } from './api-error.js';

/**
 * The pages' policy, looser than the API's default on scripts only: Observable Framework writes each page's code
 * as an inline module script, and Vega compiles its expressions with Function. Everything still comes from this
 * origin: no other host can be reached for scripts, styles, images, fonts or requests.
 */
export const DASHBOARDS_CONTENT_SECURITY_POLICY = [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
    "form-action 'self'",
].join('; ');

export async function registerDashboardsSite(app: FastifyInstance, siteDir: string): Promise<void> {
    const root = resolve(siteDir);
    if (!existsSync(join(root, 'index.html'))) {
        app.get('/', { schema: { hide: true } }, () => {
            throw new ApiError(404, 'dashboards_not_built', `No dashboards in ${root}. Build them with customs dashboards build --warehouse FILE --out ${siteDir} (npm start does), then reload; the API is under /api/v1 and its docs on /docs.`);
        });
        return;
    }
    await app.register(async (site) => {
        // On every answer of the site, 304s included: a revalidated page keeps the policy it was first sent with.
        site.addHook('onSend', async (_request, reply, payload) => {
            reply.header('content-security-policy', DASHBOARDS_CONTENT_SECURITY_POLICY);
            return payload;
        });
        await site.register(fastifyStatic, {
            root, prefix: '/', decorateReply: false, extensions: ['html'], index: 'index.html', cacheControl: true, maxAge: 0,
            schemaHide: true,
        });
    });
}
