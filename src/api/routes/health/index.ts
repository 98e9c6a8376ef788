// GET /health: no token needed; says which warehouse snapshot is served. Reads nothing from the warehouse, so it
// measures the server itself (the API benchmark compares other routes with it).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const healthSchema = z.object({
    status: z.literal('ok'),
    snapshot: z.object({ id: z.string(), opened_at: z.string() }),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
    app.get('/', {
        schema: { summary: 'Is the server up, and which warehouse snapshot does it serve', security: [], response: { 200: healthSchema } },
    }, async () => {
        const info = app.snapshots.info;
        return { status: 'ok' as const, snapshot: { id: info.id, opened_at: info.openedAt } };
    });
};
