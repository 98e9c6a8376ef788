// /admin: the access log and the tokens, for administrators. Read-only: the access log cannot be changed through
// the API, and tokens are made with the command line (customs token add).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessLogEntrySchema } from '../../access-log.js';
import { errorResponses, identifier, pageSize } from '../common-schemas.js';

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
    app.addHook('onRequest', app.allowRoles('admin'));

    app.get('/access-log', {
        schema: {
            summary: 'Who read which trader or declaration, when and why; newest first',
            querystring: z.strictObject({
                token_name: z.string().min(1).max(100).optional(),
                trader_id: identifier.optional(),
                declaration_id: identifier.optional(),
                limit: pageSize,
            }),
            response: { 200: z.object({ items: z.array(accessLogEntrySchema) }), ...errorResponses },
        },
    }, async (request) => {
        const items = await app.accessLog.list({
            tokenName: request.query.token_name, traderId: request.query.trader_id, declarationId: request.query.declaration_id,
            limit: request.query.limit ?? 100,
        });
        return { items };
    });

    app.get('/tokens', {
        schema: {
            summary: 'The tokens the server accepts: name, role and when made (never the token or its hash)',
            response: { 200: z.object({ items: z.array(z.object({ name: z.string(), role: z.string(), created_at: z.string() })) }), ...errorResponses },
        },
    }, async () => ({ items: app.tokens.list().map(({ name, role, created_at }) => ({ name, role, created_at })) }));
};
