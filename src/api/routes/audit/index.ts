// /audit: for auditors only. Reading a trader's or a declaration's file needs a purpose, and each such read is
// appended to the access log before the answer is sent (no log line, no answer).
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../../api-error.js';
import { listAuditPlan } from '../../queries/audit-plan.js';
import { listAuditTargets } from '../../queries/audit-targets.js';
import { declarationFile } from '../../queries/declaration-file.js';
import { traderFile } from '../../queries/trader-file.js';
import { checkPageSize, sendPage } from '../../response-format.js';
import { errorResponses, errorSchema } from '../common-schemas.js';
import { declarationFileSchema, idParams, planPage, planQuery, purposeQuery, targetsPage, targetsQuery, traderFileSchema } from './schemas.js';

const DEFAULT_PAGE_SIZE = 50;

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
    app.addHook('onRequest', app.allowRoles('auditor'));

    app.get('/targets', {
        schema: {
            summary: 'Declarations ranked for post-clearance audit, with expected revenue and reasons',
            description: 'Cursor-paged. Also answers as Apache Arrow IPC stream (Accept: application/vnd.apache.arrow.stream) or CSV (Accept: text/csv), with next_cursor in the x-next-cursor header.',
            querystring: targetsQuery,
            response: { 200: targetsPage, ...errorResponses },
        },
    }, async (request, reply) => {
        const query = request.query;
        checkPageSize(request, query.limit ?? DEFAULT_PAGE_SIZE);
        return app.readWarehouse(reply, (snapshot) => sendPage(request, reply, snapshot, targetsPage, () => listAuditTargets(snapshot, {
            periodMonth: query.period, officeId: query.office, hsPrefix: query.hs, traderId: query.trader, lane: query.lane,
            minScore: query.min_score, selected: query.selected, exploration: query.exploration, sort: query.sort,
            limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor,
        })));
    });

    app.get('/plan', {
        schema: {
            summary: 'The audit plan: traders of a quarter in the order to audit them, with previous audits',
            querystring: planQuery,
            response: { 200: planPage, ...errorResponses },
        },
    }, async (request, reply) => {
        const query = request.query;
        const { result, nextCursor } = await app.readWarehouse(reply, (snapshot) => listAuditPlan(snapshot, {
            periodStartDate: query.quarter, traderId: query.trader, isAeo: query.aeo, limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor,
        }));
        return { items: result.rows as never, next_cursor: nextCursor };
    });

    app.get('/traders/:id', {
        schema: {
            summary: "A trader's file: registration, history, indicators, risk, audit plans, previous audits (logged, with purpose)",
            params: idParams,
            querystring: purposeQuery,
            response: { 200: traderFileSchema, 404: errorSchema, ...errorResponses },
        },
    }, async (request, reply) => {
        const { file, snapshotId } = await app.readWarehouse(reply, async (snapshot) => ({ file: await traderFile(snapshot, request.params.id), snapshotId: snapshot.info.id }));
        await logRead(request, { traderId: request.params.id, declarationId: null, found: file !== null, snapshotId });
        if (!file) throw new ApiError(404, 'not_found', `There is no trader ${request.params.id} in the warehouse. Check the id (trader ids look like T00000001).`);
        return file as never;
    });

    app.get('/declarations/:id', {
        schema: {
            summary: 'One declaration: header, items, clearance events, inspection, payments, audit score (logged, with purpose)',
            params: idParams,
            querystring: purposeQuery,
            response: { 200: declarationFileSchema, 404: errorSchema, ...errorResponses },
        },
    }, async (request, reply) => {
        const { file, snapshotId } = await app.readWarehouse(reply, async (snapshot) => ({ file: await declarationFile(snapshot, request.params.id), snapshotId: snapshot.info.id }));
        const traderId = file === null ? null : String(file.declaration.trader_id);
        await logRead(request, { traderId, declarationId: request.params.id, found: file !== null, snapshotId });
        if (!file) throw new ApiError(404, 'not_found', `There is no declaration ${request.params.id} in the warehouse. Check the id.`);
        return file as never;
    });

    function logRead(request: FastifyRequest, read: { traderId: string | null; declarationId: string | null; found: boolean; snapshotId: string }): Promise<void> {
        const caller = request.caller!;
        return app.accessLog.append({
            at: new Date().toISOString(),
            token_name: caller.name,
            role: caller.role,
            method: request.method,
            route: request.routeOptions.url ?? request.url,
            trader_id: read.traderId,
            declaration_id: read.declarationId,
            purpose: (request.query as { purpose: string }).purpose,
            status: read.found ? 200 : 404,
            snapshot_id: read.snapshotId,
        });
    }
};
