// Trade statistics records kept in the warehouse: the statisticians' configuration (confidential codes and traders,
// the advance release calendar), every publication (vintage) with its published cells, and partners' mirror data.
import { z } from 'zod';
import { col } from './columns.js';

export const CONFIDENTIAL_ITEM_KINDS = ['tariff_code', 'trader'] as const;
export const TRADE_SYSTEMS = ['general', 'special'] as const;
export type TradeSystem = (typeof TRADE_SYSTEMS)[number];
/** Comtrade flow codes: imports, exports, re-imports (part of imports), re-exports (part of exports). */
export const FLOW_CODES = ['M', 'X', 'RM', 'RX'] as const;
/** The commodity hierarchy of published cells, from the top: all goods, HS section, chapter, heading, subheading, national code. */
export const COMMODITY_LEVELS = ['TOTAL', 'SECTION', 'HS2', 'HS4', 'HS6', 'CCC'] as const;
/** SDMX observation status as used here: A normal, E estimated quantity in the cell, R revised, C suppressed (confidential). */
export const OBS_STATUSES = ['A', 'E', 'R', 'C'] as const;
/** SDMX CL_CONF_STATUS: F free, C confidential (primary), D secondary confidentiality. */
export const CONF_STATUSES = ['F', 'C', 'D'] as const;

const LATEST = '2100-12-31';

/** One row per confidential tariff code or trader (passive confidentiality: on the trader's justified request). */
export const StatConfidentialItem = z.object({
    item_kind: col.code(CONFIDENTIAL_ITEM_KINDS),
    item_code: col.text({ maxLength: 20 }),
    reason: col.optionalText({ maxLength: 400 }),
});
export type StatConfidentialItem = z.infer<typeof StatConfidentialItem>;

/** One row per reference month in the advance release calendar. Key: period_month. */
export const StatReleaseCalendarEntry = z.object({
    period_month: col.date({ max: LATEST }),
    scheduled_release_date: col.date({ max: LATEST }),
});
export type StatReleaseCalendarEntry = z.infer<typeof StatReleaseCalendarEntry>;

/** One row per publication (vintage). It covers first_month … period_month: the new month and the revised ones. Key: release_id. */
export const StatRelease = z.object({
    release_id: col.integer(1, 2_000_000_000),
    period_month: col.date({ max: LATEST }),
    first_month: col.date({ max: LATEST }),
    release_date: col.date({ max: LATEST }),
    scheduled_release_date: col.optionalDate({ max: LATEST }),
    /** The end of the last ingest batch whose data the release contains. */
    data_cutoff_at: col.timestamp(),
    trade_system: col.code(TRADE_SYSTEMS),
    published_at: col.timestamp(),
});
export type StatRelease = z.infer<typeof StatRelease>;

/** One row per cell of a release as published: suppressed cells carry no values. Key: release_id, month_date, flow_code, commodity_level, commodity_code, partner_code. */
export const StatReleaseCell = z.object({
    release_id: col.integer(1, 2_000_000_000),
    month_date: col.date({ max: LATEST }),
    flow_code: col.code(FLOW_CODES),
    commodity_level: col.code(COMMODITY_LEVELS),
    commodity_code: col.text({ maxLength: 11 }),
    /** Country of origin (imports) or last known destination (exports); W00 = all partners. */
    partner_code: col.text({ maxLength: 3 }),
    value_twd: col.optionalNumber(0, 1e16),
    value_usd: col.optionalNumber(0, 1e16),
    fob_value_twd: col.optionalNumber(0, 1e16),
    net_mass_kg: col.optionalNumber(0, 1e16),
    quantity: col.optionalNumber(0, 1e18),
    quantity_unit: col.optionalText({ maxLength: 8 }),
    count_estimated_lines: col.integer(0, 2_000_000_000),
    obs_status: col.code(OBS_STATUSES),
    conf_status: col.code(CONF_STATUSES),
});
export type StatReleaseCell = z.infer<typeof StatReleaseCell>;

/**
 * One row per month of a release: the fingerprint of the month's cells as the trade marts held them (a hash of
 * every cell with its values to the bit, its confidentiality and estimated lines, and of the suppression code),
 * and the release whose suppression the month's published cells come from. A month whose fingerprint is that of
 * the release before keeps that release's withheld cells instead of being suppressed anew. Key: release_id, month_date.
 */
export const StatReleaseMonth = z.object({
    release_id: col.integer(1, 2_000_000_000),
    month_date: col.date({ max: LATEST }),
    cells_fingerprint: col.text({ maxLength: 64 }),
    suppressed_in_release_id: col.integer(1, 2_000_000_000),
});
export type StatReleaseMonth = z.infer<typeof StatReleaseMonth>;

/** One row per figure a partner country reported about its trade with us. Key: reporter_code, flow_code, hs_code, month_date. */
export const MirrorTrade = z.object({
    /** The partner that reported (ISO 3166-1 alpha-2). */
    reporter_code: col.text({ maxLength: 2, pattern: '[A-Z]{2}' }),
    /** The partner's flow: M its imports from us, X its exports to us. */
    flow_code: col.code(['M', 'X'] as const),
    /** HS code at 2, 4 or 6 digits. */
    hs_code: col.text({ maxLength: 6, pattern: '[0-9]{2}|[0-9]{4}|[0-9]{6}' }),
    month_date: col.date({ max: LATEST }),
    /** As the partner reported it, in US dollars: its imports CIF, its exports FOB. */
    value_usd: col.number(0, 1e16),
});
export type MirrorTrade = z.infer<typeof MirrorTrade>;

export const STATISTICS_TABLES: readonly [string, z.ZodObject][] = [
    ['stat_confidential_items', StatConfidentialItem],
    ['stat_release_calendar', StatReleaseCalendarEntry],
    ['stat_releases', StatRelease],
    ['stat_release_cells', StatReleaseCell],
    ['stat_release_months', StatReleaseMonth],
    ['mirror_trade', MirrorTrade],
];
