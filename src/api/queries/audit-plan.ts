// The trader-level audit plan (fct_audit_plan) for one quarter, in plan order, paged by plan rank.
import { requireTables } from '../plugins/database.js';
import { decodeCursor, encodeCursor, rankKey } from '../page-cursor.js';
import type { QueryResult } from '../query-result.js';
import { Conditions } from './conditions.js';
import type { Snapshot } from '../warehouse-snapshots.js';

export interface PlanFilter {
    /** First day of the quarter, YYYY-MM-DD; the latest quarter planned when absent. */
    periodStartDate?: string;
    traderId?: string;
    isAeo?: boolean;
    limit: number;
    cursor?: string;
}

export async function listAuditPlan(snapshot: Snapshot, filter: PlanFilter): Promise<{ result: QueryResult; nextCursor: string | null }> {
    const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, 'plan_rank', rankKey)[0];
    requireTables(snapshot, 'fct_audit_plan');
    const where = filter.periodStartDate === undefined
        ? new Conditions().add('period_start_date = (select max(period_start_date) from fct_audit_plan)')
        : new Conditions().add('period_start_date = cast(? as date)', filter.periodStartDate);
    where.addIf('trader_id = ?', filter.traderId).addIf('is_aeo = ?', filter.isAeo).addIf('plan_rank > ?', after);
    const result = await snapshot.query(`
        select period_start_date, plan_rank, trader_id, trader_name, is_aeo, count_declarations, value_twd, expected_revenue_twd,
            mean_fraud_probability,
            list_filter(top_reasons, reason -> reason is not null) as top_reasons, count_previous_audits, previous_additional_revenue_twd, last_audit_date
        from fct_audit_plan
        where ${where.sql}
        order by plan_rank
        limit cast(? as integer)`, [...where.values, filter.limit + 1]);
    // The answer may be shared by other requests (the snapshot's cache): page it without changing it.
    const page = { columns: result.columns, rows: result.rows.slice(0, filter.limit) };
    const last = page.rows.at(-1);
    return { result: page, nextCursor: result.rows.length > filter.limit && last ? encodeCursor('plan_rank', [last.plan_rank as number]) : null };
}
