// Lane shares (fct_lane_shares) by month and trader group.
import { requireTables } from '../plugins/database.js';
import type { QueryResult } from '../query-result.js';
import type { Parameter, Snapshot } from '../warehouse-snapshots.js';

export interface LaneShareFilter {
    fromMonth?: string;
    toMonth?: string;
    traderGroup?: string;
}

export async function laneShares(snapshot: Snapshot, filter: LaneShareFilter): Promise<QueryResult> {
    requireTables(snapshot, 'fct_lane_shares');
    const where = ['true'];
    const values: Parameter[] = [];
    if (filter.fromMonth !== undefined) {
        where.push('month_date >= cast(? as date)');
        values.push(filter.fromMonth);
    }
    if (filter.toMonth !== undefined) {
        where.push('month_date <= cast(? as date)');
        values.push(filter.toMonth);
    }
    if (filter.traderGroup !== undefined) {
        where.push('trader_group = ?');
        values.push(filter.traderGroup);
    }
    return snapshot.query(`
        select month_date, trader_group, lane, count_declarations, share_of_month_group
        from fct_lane_shares
        where ${where.join(' and ')}
        order by month_date, trader_group, lane`, values);
}
