// The ranked audit targets (fct_audit_targets): filtered, sorted and paged by key. The SQL is put together from
// fixed clauses, one per filter given; every value is a bound parameter.
import type { DuckDBValue } from '@duckdb/node-api';
import { requireTables } from '../plugins/database.js';
import { decodeCursor, encodeCursor } from '../page-cursor.js';
import type { QueryResult } from '../query-result.js';
import type { Snapshot } from '../warehouse-snapshots.js';

export interface TargetFilter {
    /** First day of the month, YYYY-MM-01. */
    periodMonth?: string;
    officeId?: string;
    hsPrefix?: string;
    traderId?: string;
    lane?: string;
    minScore?: number;
    exploration: 'include' | 'exclude' | 'only';
    sort: 'rank' | 'expected_revenue';
    limit: number;
    cursor?: string;
}

const COLUMNS = `declaration_id, period_month, lodgement_at, trader_id, declarant_id, office_id, lane, main_hs6, origin_country,
    customs_value_twd, fraud_probability, expected_revenue_twd, score, score_rank, is_exploration, reasons`;

const SORTS = {
    rank: { order: 'score_rank', after: 'score_rank > ?', key: (row: QueryResult['rows'][number]) => [row.score_rank as number], keyLength: 1, afterValues: (key: (string | number)[]) => key },
    expected_revenue: {
        order: 'expected_revenue_twd desc, declaration_id',
        after: '(expected_revenue_twd < ? or (expected_revenue_twd = ? and declaration_id > ?))',
        key: (row: QueryResult['rows'][number]) => [row.expected_revenue_twd as number, row.declaration_id as string],
        keyLength: 2,
        afterValues: (key: (string | number)[]) => [key[0]!, key[0]!, key[1]!],
    },
} as const;

export async function listAuditTargets(snapshot: Snapshot, filter: TargetFilter): Promise<{ result: QueryResult; nextCursor: string | null }> {
    const sort = SORTS[filter.sort];
    const after = filter.cursor === undefined ? undefined : sort.afterValues(decodeCursor(filter.cursor, filter.sort, sort.keyLength));
    requireTables(snapshot, 'fct_audit_targets');
    const where: string[] = [];
    const values: DuckDBValue[] = [];
    const add = (clause: string, ...clauseValues: DuckDBValue[]) => {
        where.push(clause);
        values.push(...clauseValues);
    };
    if (filter.periodMonth !== undefined) add('period_month = cast(? as date)', filter.periodMonth);
    if (filter.officeId !== undefined) add('office_id = ?', filter.officeId);
    if (filter.hsPrefix !== undefined) add('starts_with(main_hs6, ?)', filter.hsPrefix);
    if (filter.traderId !== undefined) add('trader_id = ?', filter.traderId);
    if (filter.lane !== undefined) add('lane = ?', filter.lane);
    if (filter.minScore !== undefined) add('score >= ?', filter.minScore);
    if (filter.exploration !== 'include') add(filter.exploration === 'only' ? 'is_exploration' : 'not is_exploration');
    if (after !== undefined) add(sort.after, ...after);
    const sql = `select ${COLUMNS} from fct_audit_targets ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
        order by ${sort.order} limit cast(? as integer)`;
    const result = await snapshot.query(sql, [...values, filter.limit + 1]);
    const hasMore = result.rows.length > filter.limit;
    if (hasMore) result.rows.length = filter.limit;
    const last = result.rows.at(-1);
    return { result, nextCursor: hasMore && last ? encodeCursor(filter.sort, sort.key(last)) : null };
}
