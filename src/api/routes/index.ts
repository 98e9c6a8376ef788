// The routes under /api/v1, one folder per URL prefix; each folder applies its roles to all of its routes.
import type { FastifyPluginAsync } from 'fastify';
import { adminRoutes } from './admin/index.js';
import { auditRoutes } from './audit/index.js';
import { healthRoutes } from './health/index.js';
import { pipelineRoutes } from './pipelines/index.js';
import { revenueRoutes } from './revenue/index.js';
import { statsRoutes } from './stats/index.js';
import { transparencyRoutes } from './transparency/index.js';

export const apiRoutes: FastifyPluginAsync = async (app) => {
    await app.register(healthRoutes, { prefix: '/health' });
    await app.register(auditRoutes, { prefix: '/audit' });
    await app.register(statsRoutes, { prefix: '/stats' });
    await app.register(transparencyRoutes, { prefix: '/transparency' });
    await app.register(revenueRoutes, { prefix: '/revenue' });
    await app.register(pipelineRoutes, { prefix: '/pipelines' });
    await app.register(adminRoutes, { prefix: '/admin' });
};
