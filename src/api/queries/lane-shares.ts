// Lane shares (fct_lane_shares) by month and trader group.
import { requireTables } from '../plugins/database.js';
import type { QueryResult } from '../query-result.js';
import { Conditions } from './conditions.js';
import type { Snapshot } from '../warehouse-snapshots.js';

export interface LaneShareFilter {
    fromMonth?: string;
    toMonth?: string;
    traderGroup?: string;
}

export async function laneShares(snapshot: Snapshot, filter: LaneShareFilter): Promise<QueryResult> {
    requireTables(snapshot, 'fct_lane_shares');
    const where = new Conditions().monthRange(filter).addIf('trader_group = ?', filter.traderGroup);
    return snapshot.query(`
        select month_date, trader_group, lane, count_declarations, share_of_month_group
        from fct_lane_shares
        where ${where.sql}
        order by month_date, trader_group, lane`, where.values);
}
