// Release times (fct_release_times) for a range of months and one breakdown, optionally one lane.
import { requireTables } from '../plugins/database.js';
import type { QueryResult } from '../query-result.js';
import { Conditions } from './conditions.js';
import type { Snapshot } from '../warehouse-snapshots.js';

/** The API's names for the mart's breakdowns. */
export const RELEASE_TIME_BREAKDOWNS = {
    month: 'month',
    lane: 'lane',
    lane_transport_mode: 'lane × transport_mode',
    lane_office: 'lane × office',
    lane_aeo: 'lane × aeo',
    lane_hs_section: 'lane × hs_section',
    all: 'lane × transport_mode × office × aeo × hs_section',
} as const;

export const RELEASE_TIME_COLUMNS = [
    'month_date', 'lane', 'transport_mode_code', 'office_id', 'is_aeo', 'hs_section_code',
    'count_declarations', 'count_released', 'count_not_released', 'count_extreme', 'share_within_target',
    'mean_lodgement_to_release_minutes', 'median_lodgement_to_release_minutes', 'p90_lodgement_to_release_minutes',
    'p95_lodgement_to_release_minutes', 'mean_minutes_with_extreme', 'max_lodgement_to_release_minutes',
    'mean_arrival_to_release_minutes', 'mean_arrival_to_lodgement_minutes', 'mean_release_to_exit_minutes',
    'mean_stage_lane_assignment_minutes', 'mean_stage_document_check_minutes', 'mean_stage_waiting_inspection_minutes',
    'mean_stage_inspection_minutes', 'mean_stage_payment_minutes', 'mean_stage_release_minutes',
] as const;

export interface ReleaseTimeFilter {
    fromMonth?: string;
    toMonth?: string;
    breakdown: keyof typeof RELEASE_TIME_BREAKDOWNS;
    lane?: string;
}

export async function releaseTimes(snapshot: Snapshot, filter: ReleaseTimeFilter): Promise<QueryResult> {
    requireTables(snapshot, 'fct_release_times');
    const where = new Conditions().add('breakdown = ?', RELEASE_TIME_BREAKDOWNS[filter.breakdown]).monthRange(filter).addIf('lane = ?', filter.lane);
    return snapshot.query(`
        select ${RELEASE_TIME_COLUMNS.join(', ')}
        from fct_release_times
        where ${where.sql}
        order by month_date, lane nulls first, transport_mode_code, office_id, is_aeo, hs_section_code`, where.values);
}
