// /stats: published trade statistics and indices, aggregates only (auditors, statisticians, managers).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { tradeCells } from '../../queries/trade-cells.js';
import { tradeIndices } from '../../queries/trade-indices.js';
import { checkPageSize, sendPage } from '../../response-format.js';
import { errorResponses } from '../common-schemas.js';
import { indicesAnswer, indicesQuery, tradePage, tradeQuery } from './schemas.js';

const DEFAULT_PAGE_SIZE = 1000;

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
    app.addHook('onRequest', app.allowRoles('auditor', 'statistician', 'manager'));

    app.get('/trade', {
        schema: {
            summary: 'Published trade cells of a release: month × flow × commodity × partner, suppressed cells marked and withheld',
            description: 'Cursor-paged. For large extracts ask for Apache Arrow IPC stream (Accept: application/vnd.apache.arrow.stream) or CSV (Accept: text/csv): pages up to 100,000 rows, next_cursor in the x-next-cursor header.',
            querystring: tradeQuery,
            response: { 200: tradePage, ...errorResponses },
        },
    }, async (request, reply) => {
        const query = request.query;
        checkPageSize(request, query.limit ?? DEFAULT_PAGE_SIZE);
        return app.readWarehouse(reply, (snapshot) => sendPage(request, reply, snapshot, tradePage, () => tradeCells(snapshot, {
            releaseId: query.release, fromMonth: query.from, toMonth: query.to, flow: query.flow, commodityLevel: query.level,
            commodityCode: query.commodity, partner: query.partner, limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor,
        })));
    });

    app.get('/indices', {
        schema: {
            summary: 'Unit-value (price) and volume indices (Laspeyres, Paasche, Fisher; chain-linked annually) and terms of trade',
            querystring: indicesQuery,
            response: { 200: indicesAnswer, ...errorResponses },
        },
    }, async (request, reply) => {
        const query = request.query;
        const { indices, termsOfTrade } = await app.readWarehouse(reply, (snapshot) => tradeIndices(snapshot, {
            fromMonth: query.from, toMonth: query.to, flow: query.flow, scope: query.scope,
        }));
        return { indices: indices.rows as never, terms_of_trade: termsOfTrade.rows as never };
    });
};
