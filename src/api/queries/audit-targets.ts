// The ranked audit targets (fct_audit_targets): filtered, sorted and paged by key. The SQL is put together from
// fixed clauses, one per filter given; every value is a bound parameter.
import { requireTables } from '../plugins/database.js';
import { z } from 'zod';
import { decodeCursor, encodeCursor, rankKey } from '../page-cursor.js';
import type { QueryResult } from '../query-result.js';
import { Conditions } from './conditions.js';
import type { Snapshot } from '../warehouse-snapshots.js';

export interface TargetFilter {
    /** First day of the month, YYYY-MM-01. */
    periodMonth?: string;
    officeId?: string;
    hsPrefix?: string;
    traderId?: string;
    lane?: string;
    minScore?: number;
    /** On the audit list (true) or not (false); both when absent. */
    selected?: boolean;
    exploration: 'include' | 'exclude' | 'only';
    sort: keyof typeof SORTS;
    limit: number;
    cursor?: string;
}

const COLUMNS = `declaration_id, period_month, lodgement_at, trader_id, declarant_id, office_id, lane, main_hs6, origin_country,
    customs_value_twd, fraud_probability, expected_revenue_twd, score, score_rank, is_selected, is_exploration,
    list_filter(reasons, reason -> reason is not null) as reasons`;

type TargetRow = QueryResult['rows'][number];

/** Each sort: its ORDER BY, the column that leads it, the key a cursor holds, and the condition "after that key". */
const SORTS = {
    rank: {
        order: 'score_rank',
        leading: 'score_rank',
        keyColumns: 'score_rank',
        key: (row: TargetRow) => [row.score_rank as number],
        keySchema: rankKey,
        after: 'score_rank > ?',
        afterValues: (key: (string | number)[]) => key,
    },
    expected_revenue: {
        order: 'expected_revenue_twd desc, declaration_id',
        leading: 'expected_revenue_twd',
        keyColumns: 'expected_revenue_twd, declaration_id',
        key: (row: TargetRow) => [row.expected_revenue_twd as number, row.declaration_id as string],
        keySchema: z.tuple([z.number(), z.string().max(40)]),
        after: '(expected_revenue_twd < ? or (expected_revenue_twd = ? and declaration_id > ?))',
        afterValues: (key: (string | number)[]) => [key[0]!, key[0]!, key[1]!],
    },
} as const;

/**
 * Two steps, because sorting whole rows of a large table is slow: first the page's sort keys alone (a top-N over
 * a few columns), then the page's rows, found again with the same filters and order plus a range on the leading
 * sort column, which lets DuckDB skip most of the table.
 */
export async function listAuditTargets(snapshot: Snapshot, filter: TargetFilter): Promise<{ result: QueryResult; nextCursor: string | null }> {
    const sort = SORTS[filter.sort];
    const after = filter.cursor === undefined ? undefined : sort.afterValues(decodeCursor<(string | number)[]>(filter.cursor, filter.sort, sort.keySchema));
    requireTables(snapshot, 'fct_audit_targets');
    const where = new Conditions()
        .addIf('period_month = cast(? as date)', filter.periodMonth)
        .addIf('office_id = ?', filter.officeId)
        .addIf('starts_with(main_hs6, ?)', filter.hsPrefix)
        .addIf('trader_id = ?', filter.traderId)
        .addIf('lane = ?', filter.lane)
        .addIf('score >= ?', filter.minScore)
        .addIf('is_selected = ?', filter.selected);
    if (filter.exploration !== 'include') where.add(filter.exploration === 'only' ? 'is_exploration' : 'not is_exploration');
    if (after !== undefined) where.add(sort.after, ...after);
    const keys = (await snapshot.query(`
        select ${sort.keyColumns} from fct_audit_targets where ${where.sql}
        order by ${sort.order} limit cast(? as integer)`, [...where.values, filter.limit + 1])).rows;
    const pageKeys = keys.slice(0, filter.limit);
    if (pageKeys.length === 0) {
        return { result: await snapshot.query(`select ${COLUMNS} from fct_audit_targets limit 0`), nextCursor: null };
    }
    const leading = pageKeys.map((row) => row[sort.leading] as number);
    const result = await snapshot.query(`
        select ${COLUMNS} from fct_audit_targets where ${where.sql} and ${sort.leading} between ? and ?
        order by ${sort.order} limit cast(? as integer)`, [...where.values, Math.min(...leading), Math.max(...leading), pageKeys.length]);
    const last = result.rows.at(-1);
    return { result, nextCursor: keys.length > filter.limit && last ? encodeCursor(filter.sort, sort.key(last)) : null };
}
