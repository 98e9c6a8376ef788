// /transparency: release times and lane shares, aggregates only (auditors, statisticians, managers).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { laneShares } from '../../queries/lane-shares.js';
import { RELEASE_TIME_BREAKDOWNS, RELEASE_TIME_COLUMNS, releaseTimes } from '../../queries/release-times.js';
import { sendPage } from '../../response-format.js';
import { errorResponses, lane, monthDate } from '../common-schemas.js';

const monthRange = {
    from: monthDate.optional().describe('first month, YYYY-MM'),
    to: monthDate.optional().describe('last month, YYYY-MM'),
};

const releaseTimesQuery = z.strictObject({
    ...monthRange,
    breakdown: z.enum(Object.keys(RELEASE_TIME_BREAKDOWNS) as [keyof typeof RELEASE_TIME_BREAKDOWNS]).default('lane')
        .describe('month (whole month), lane, lane_transport_mode, lane_office, lane_aeo, lane_hs_section, or all of these at once'),
    lane: lane.optional(),
});

const nullableNumber = z.number().nullable();
const TEXT_COLUMNS = new Set(['month_date', 'lane', 'transport_mode_code', 'office_id', 'hs_section_code']);
const releaseTimeRow = z.object(Object.fromEntries(RELEASE_TIME_COLUMNS.map((column) => [
    column,
    column === 'is_aeo' ? z.boolean().nullable() : TEXT_COLUMNS.has(column) ? z.string().nullable() : nullableNumber,
])));

const laneSharesQuery = z.strictObject({
    ...monthRange,
    trader_group: z.enum(['all', 'aeo', 'non_aeo']).optional(),
});

const laneShareRow = z.object({
    month_date: z.string(),
    trader_group: z.string(),
    lane: z.string(),
    count_declarations: z.number(),
    share_of_month_group: z.number(),
});

const releaseTimesAnswer = z.object({ items: z.array(releaseTimeRow) });
const laneSharesAnswer = z.object({ items: z.array(laneShareRow) });

export const transparencyRoutes: FastifyPluginAsyncZod = async (app) => {
    app.addHook('onRequest', app.allowRoles('auditor', 'statistician', 'manager'));

    app.get('/release-times', {
        schema: {
            summary: 'Release times (WCO Time Release Study): lodgement → release per month and breakdown, stage means, share within target',
            description: 'Minutes. Extreme and unreleased declarations are counted apart and left out of means and percentiles. Also as Arrow or CSV (Accept).',
            querystring: releaseTimesQuery,
            response: { 200: releaseTimesAnswer, ...errorResponses },
        },
    }, async (request, reply) => {
        return app.readWarehouse(reply, (snapshot) => sendPage(request, reply, snapshot, releaseTimesAnswer, async () => ({
            result: await releaseTimes(snapshot, {
                fromMonth: request.query.from, toMonth: request.query.to, breakdown: request.query.breakdown, lane: request.query.lane,
            }),
        })));
    });

    app.get('/lanes', {
        schema: {
            summary: 'Lane shares (C1 paperless, C2 documents, C3 inspection) per month, for all traders, AEO and non-AEO',
            querystring: laneSharesQuery,
            response: { 200: laneSharesAnswer, ...errorResponses },
        },
    }, async (request, reply) => {
        return app.readWarehouse(reply, (snapshot) => sendPage(request, reply, snapshot, laneSharesAnswer, async () => ({
            result: await laneShares(snapshot, { fromMonth: request.query.from, toMonth: request.query.to, traderGroup: request.query.trader_group }),
        })));
    });
};
