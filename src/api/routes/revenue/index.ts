// /revenue: duty and taxes per month and arrears by age, aggregates only (auditors and managers).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { revenue } from '../../queries/revenue.js';
import { errorResponses, monthDate } from '../common-schemas.js';

const revenueQuery = z.strictObject({
    from: monthDate.optional().describe('first month of assessment, YYYY-MM'),
    to: monthDate.optional().describe('last month of assessment, YYYY-MM'),
});

const monthRow = z.object({
    month_date: z.string(),
    count_assessments: z.number(),
    assessed_duty_twd: z.number(),
    assessed_business_tax_twd: z.number(),
    assessed_commodity_tax_twd: z.number(),
    assessed_total_twd: z.number(),
    collected_total_twd: z.number(),
    count_paid: z.number(),
    share_paid_electronically: z.number().nullable(),
    mean_days_to_payment: z.number().nullable(),
    median_days_to_payment: z.number().nullable(),
    count_paid_late: z.number(),
});

const arrearsRow = z.object({
    bucket: z.string().describe('days past the due date: 0-30, 31-90, over_90'),
    as_of_date: z.string(),
    count_assessments: z.number(),
    outstanding_twd: z.number(),
});

export const revenueRoutes: FastifyPluginAsyncZod = async (app) => {
    app.addHook('onRequest', app.allowRoles('auditor', 'manager'));

    app.get('/', {
        schema: {
            summary: 'Duty, business tax and commodity tax assessed and collected per month; payment timeliness; arrears ageing',
            querystring: revenueQuery,
            response: { 200: z.object({ months: z.array(monthRow), arrears_ageing: z.array(arrearsRow) }), ...errorResponses },
        },
    }, async (request, reply) => {
        const { months, arrears } = await app.readWarehouse(reply, (snapshot) => revenue(snapshot, { fromMonth: request.query.from, toMonth: request.query.to }));
        return { months: months.rows as never, arrears_ageing: arrears.rows as never };
    });
};
