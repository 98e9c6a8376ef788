// The API app: ecosystem plugins (helmet, rate limit, swagger and its docs page) → our plugins (database, auth) →
// routes under /api/v1, grouped by URL prefix; the dashboards' static site at / when one is given. Every error is
// answered as JSON with a code and a message.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { createHash } from 'node:crypto';
import { ApiError } from './api-error.js';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from './rate-limit.js';
import { registerDashboardsSite } from './dashboards-site.js';
import { authPlugin, bearerToken } from './plugins/auth.js';
import { databasePlugin } from './plugins/database.js';
import { apiRoutes } from './routes/index.js';
import type { SnapshotOptions } from './warehouse-snapshots.js';

export const API_PREFIX = '/api/v1';

export interface AppOptions {
    /** The published warehouse snapshot to serve (opened read-only). */
    warehouse: string;
    tokensFile: string;
    accessLogFile: string;
    /** Requests per minute per token (or per address without one). */
    rateLimitPerMinute?: number;
    snapshot?: SnapshotOptions;
    logger?: boolean;
    /** The dashboards' built site (customs dashboards build), served at /. */
    site?: string;
}


export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
    const app = Fastify({
        // Warnings and errors only: a line per request would cost more than many answers.
        logger: options.logger ? { level: 'warn' } : false,
        // Large enough for any id; a longer path parameter is answered 414.
        routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler((error: FastifyError, request, reply) => {
        const { statusCode, body } = errorAnswer(error);
        if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
        return reply.code(statusCode).type('application/json').send(body);
    });
    app.setNotFoundHandler((request, reply) => reply.code(404).send({
        code: 'not_found',
        message: `There is no route ${request.method} ${request.url.split('?')[0]}. The routes are listed in ${API_PREFIX}/openapi.json and on /docs.`,
    }));

    await app.register(helmet);
    await app.register(rateLimit, {
        max: options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
        timeWindow: 60_000,
        // Per token, so that callers behind one address do not share a limit; the key is a hash, never the token.
        keyGenerator: (request) => {
            const token = bearerToken(request);
            return token === undefined ? request.ip : createHash('sha256').update(token).digest('hex');
        },
        errorResponseBuilder: (_request, context) => new ApiError(429, 'rate_limited', `Too many requests: at most ${context.max} a minute. Retry in ${context.after}.`),
    });
    await app.register(swagger, {
        openapi: {
            info: {
                title: 'customs-analytics API',
                version: '1',
                description: 'Audit targets, trade statistics, transparency metrics and load history from the published customs warehouse (read-only). '
                    + 'Send "Authorization: Bearer TOKEN"; each token has one role: auditor, statistician, manager or admin. '
                    + 'Table routes also answer in Apache Arrow IPC stream format (Accept: application/vnd.apache.arrow.stream) or CSV (Accept: text/csv).',
            },
            components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
            security: [{ bearer: [] }],
        },
        transform: jsonSchemaTransform,
    });
    // Served from node_modules: the docs page fetches nothing from the internet.
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });

    await app.register(databasePlugin, { warehouse: options.warehouse, snapshot: options.snapshot });
    await app.register(authPlugin, { tokensFile: options.tokensFile, accessLogFile: options.accessLogFile });

    await app.register(apiRoutes, { prefix: API_PREFIX });
    app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, () => app.swagger());
    if (options.site !== undefined) await registerDashboardsSite(app, options.site);
    return app;
}

function errorAnswer(error: FastifyError): { statusCode: number; body: { code: string; message: string; issues?: { parameter: string; message: string }[] } } {
    if (hasZodFastifySchemaValidationErrors(error)) {
        const issues = error.validation.map((issue) => ({
            parameter: [error.validationContext, ...String(issue.instancePath).split('/').filter(Boolean)].join('.'),
            message: issue.message ?? 'invalid',
        }));
        return {
            statusCode: 400,
            body: { code: 'invalid_parameter', message: `Fix these parameters: ${issues.map((issue) => `${issue.parameter}: ${issue.message}`).join('; ')}.`, issues },
        };
    }
    if (error instanceof ApiError) return { statusCode: error.statusCode, body: { code: error.code, message: error.message } };
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        return { statusCode: error.statusCode, body: { code: (error.code ?? 'bad_request').toLowerCase(), message: error.message } };
    }
    return { statusCode: 500, body: { code: 'internal_error', message: 'The server failed to answer; the failure is logged. Retry, and report it if it persists.' } };
}
