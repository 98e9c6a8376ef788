// /stats: trade statistics and indices, aggregates only (auditors, statisticians, managers).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
    app.addHook('onRequest', app.allowRoles('auditor', 'statistician', 'manager'));
};
