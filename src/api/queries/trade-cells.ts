// Published trade statistics: the cells of a release (stat_release_cells, written by `customs publish stats`), by
// month × flow × commodity level and code × partner. A suppressed cell (conf_status C primary, D secondary
// confidentiality) is returned as suppressed: its figures are null here whatever the table holds, so no API answer
// can carry a confidential value.
import { requireTables } from '../plugins/database.js';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../page-cursor.js';
import type { QueryResult } from '../query-result.js';
import { Conditions } from './conditions.js';
import type { Snapshot } from '../warehouse-snapshots.js';

export interface TradeCellFilter {
    /** A release id; the latest release when absent. */
    releaseId?: number;
    fromMonth?: string;
    toMonth?: string;
    flow?: string;
    commodityLevel?: string;
    /** Commodity code prefix (within the level). */
    commodityCode?: string;
    partner?: string;
    limit: number;
    cursor?: string;
}

const KEY = ['month_date', 'flow_code', 'commodity_level', 'commodity_code', 'partner_code'] as const;
const code = z.string().max(20);
const keySchema = z.tuple([z.iso.date(), code, code, code, code]);

export async function tradeCells(snapshot: Snapshot, filter: TradeCellFilter): Promise<{ result: QueryResult; nextCursor: string | null }> {
    const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, 'cell', keySchema);
    requireTables(snapshot, 'stat_releases', 'stat_release_cells');
    const where = filter.releaseId === undefined
        ? new Conditions().add('release_id = (select max(release_id) from stat_releases)')
        : new Conditions().add('release_id = ?', filter.releaseId);
    where.monthRange(filter)
        .addIf('flow_code = ?', filter.flow)
        .addIf('commodity_level = ?', filter.commodityLevel)
        .addIf('starts_with(commodity_code, ?)', filter.commodityCode)
        .addIf('partner_code = ?', filter.partner);
    if (after !== undefined) where.add(`(${KEY.join(', ')}) > (cast(? as date), ?, ?, ?, ?)`, ...after);
    const result = await snapshot.query(`
        select
            release_id, month_date, flow_code, commodity_level, commodity_code, partner_code,
            conf_status <> 'F' as is_suppressed,
            case when conf_status = 'F' then value_twd end as value_twd,
            case when conf_status = 'F' then value_usd end as value_usd,
            case when conf_status = 'F' then fob_value_twd end as fob_value_twd,
            case when conf_status = 'F' then net_mass_kg end as net_mass_kg,
            case when conf_status = 'F' then quantity end as quantity,
            quantity_unit,
            case when conf_status = 'F' then count_estimated_lines end as count_estimated_lines,
            obs_status,
            conf_status,
        from stat_release_cells
        where ${where.sql}
        order by ${KEY.join(', ')}
        limit cast(? as integer)`, [...where.values, filter.limit + 1]);
    const page = { columns: result.columns, rows: result.rows.slice(0, filter.limit) };
    const last = page.rows.at(-1);
    return { result: page, nextCursor: result.rows.length > filter.limit && last ? encodeCursor('cell', KEY.map((column) => last[column] as string)) : null };
}
