// Unit-value (price) and volume indices, Laspeyres, Paasche and Fisher, chain-linked (fct_trade_price_indices),
// and the terms of trade (fct_trade_terms_of_trade).
import { requireTables } from '../plugins/database.js';
import type { QueryResult } from '../query-result.js';
import { Conditions } from './conditions.js';
import type { Snapshot } from '../warehouse-snapshots.js';

export interface IndexFilter {
    fromMonth?: string;
    toMonth?: string;
    flow?: string;
    /** 'TOTAL' or an HS section code. */
    scope?: string;
}

export async function tradeIndices(snapshot: Snapshot, filter: IndexFilter): Promise<{ indices: QueryResult; termsOfTrade: QueryResult }> {
    requireTables(snapshot, 'fct_trade_price_indices', 'fct_trade_terms_of_trade');
    const where = new Conditions().monthRange(filter).addIf('scope = ?', filter.scope);
    const indexWhere = new Conditions().monthRange(filter).addIf('scope = ?', filter.scope).addIf('flow_code = ?', filter.flow);
    const indices = await snapshot.query(`
        select month_date, flow_code, scope, reference_year, base_year, count_matched_codes, count_entering_codes, count_leaving_codes,
            share_of_value_matched, laspeyres_price_index, paasche_price_index, fisher_price_index,
            laspeyres_volume_index, paasche_volume_index, fisher_volume_index
        from fct_trade_price_indices
        where ${indexWhere.sql}
        order by month_date, flow_code, scope`, indexWhere.values);
    const termsOfTrade = await snapshot.query(`
        select month_date, scope, fisher_terms_of_trade, laspeyres_terms_of_trade, paasche_terms_of_trade,
            export_fisher_price_index, import_fisher_price_index
        from fct_trade_terms_of_trade
        where ${where.sql}
        order by month_date, scope`, where.values);
    return { indices, termsOfTrade };
}
