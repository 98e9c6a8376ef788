// /pipelines: the load history, for administrators.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadBatches } from '../../queries/load-batches.js';
import { errorResponses, pageSize } from '../common-schemas.js';

const countsSchema = { rows_read: z.number(), rows_loaded: z.number(), rows_quarantined: z.number() };

const batchSchema = z.object({
    batch_id: z.number().int(),
    started_at: z.string(),
    finished_at: z.string(),
    status: z.string(),
    ...countsSchema,
    tables: z.array(z.object({ target_table: z.string(), count_files: z.number(), ...countsSchema })),
    quarantined_by_rule: z.array(z.object({ rule: z.string(), count_rows: z.number() })),
});

export const pipelineRoutes: FastifyPluginAsyncZod = async (app) => {
    app.addHook('onRequest', app.allowRoles('admin'));

    app.get('/batches', {
        schema: {
            summary: 'Load batches, newest first: rows read, loaded and quarantined, per table and per rule',
            querystring: z.strictObject({ limit: pageSize }),
            response: { 200: z.object({ items: z.array(batchSchema) }), ...errorResponses },
        },
    }, async (request, reply) => {
        const items = await app.readWarehouse(reply, (snapshot) => loadBatches(snapshot, request.query.limit ?? 100));
        return { items: items as never };
    });
};
