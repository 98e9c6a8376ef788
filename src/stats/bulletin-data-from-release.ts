// The release bulletin's figures, read from a stored release (stat_release_cells): what was published is what the
// bulletin says. Withheld cells carry no value, so they never enter a top list.
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlString } from '../db/warehouse.js';
import { BulletinData } from '../publish/bulletin/bulletin-data.js';

const TOP = 10;
const FLOWS = { imports: 'M', exports: 'X' } as const;

export async function bulletinDataFromRelease(connection: DuckDBConnection, releaseId: number): Promise<BulletinData> {
    const rows = <T>(sql: string) => queryRows<T>(connection, sql);
    const [release] = await rows<{ period: string; period_month: string; release_date: string; data_cutoff: string; trade_system: 'general' | 'special' }>(`
        select strftime(period_month, '%Y-%m') as period, period_month::varchar as period_month, release_date::varchar as release_date,
            data_cutoff_at::date::varchar as data_cutoff, trade_system
        from stat_releases where release_id = ${releaseId}`);
    const periodMonth = sqlString(release!.period_month);
    const totals = await rows<{ period: string; imports_twd: number; exports_twd: number; imports_usd: number; exports_usd: number }>(`
        select strftime(month_date, '%Y-%m') as period,
            sum(value_twd) filter (where flow_code = 'M') as imports_twd, sum(value_twd) filter (where flow_code = 'X') as exports_twd,
            sum(value_usd) filter (where flow_code = 'M') as imports_usd, sum(value_usd) filter (where flow_code = 'X') as exports_usd,
        from stat_release_cells
        where release_id = ${releaseId} and commodity_level = 'TOTAL' and partner_code = 'W00'
        group by all order by period`);
    const current = totals[totals.length - 1]!;
    const yearEarlier = totals.find((month) => month.period === `${Number(release!.period.slice(0, 4)) - 1}${release!.period.slice(4)}`);
    const flowTotal = (flow: 'imports' | 'exports') => ({
        value_twd: current[`${flow}_twd`] ?? 0,
        value_usd: current[`${flow}_usd`] ?? 0,
        year_earlier_twd: yearEarlier ? yearEarlier[`${flow}_twd`] ?? 0 : null,
        year_earlier_usd: yearEarlier ? yearEarlier[`${flow}_usd`] ?? 0 : null,
    });
    const top = async <T>(flow: string, level: string, select: string, join: string, partner: string) => rows<T>(`
        select ${select}, cells.value_twd from stat_release_cells as cells ${join}
        where cells.partner_code ${partner} and cells.release_id = ${releaseId} and cells.month_date = ${periodMonth} and cells.flow_code = '${flow}'
            and cells.commodity_level = '${level}' and cells.value_twd is not null
        order by cells.value_twd desc, 1 limit ${TOP}`);
    const partners = (flow: string) => top<{ partner_code: string; name_en: string; name_zh: string; value_twd: number }>(flow, 'TOTAL',
        "cells.partner_code, coalesce(countries.name_en, 'Not declared') as name_en, coalesce(countries.name_zh, '未申報') as name_zh",
        "left join countries on cells.partner_code = countries.country_code", "<> 'W00'");
    const chapters = (flow: string) => top<{ chapter_code: string; title_en: string; title_zh: string; value_twd: number }>(flow, 'HS2',
        'cells.commodity_code as chapter_code, hs_chapters.title_en, hs_chapters.title_zh',
        "inner join hs_chapters on cells.commodity_code = hs_chapters.chapter_code", "= 'W00'");
    const revisions = await rows<{ period: string; flow: 'imports' | 'exports'; first_estimate_twd: number; latest_estimate_twd: number }>(`
        with firsts as (
            select month_date, flow_code, arg_min(value_twd, release_id) as first_value_twd
            from stat_release_cells
            where release_id < ${releaseId} and commodity_level = 'TOTAL' and partner_code = 'W00' and flow_code in ('M', 'X') and value_twd is not null
            group by all
        )
        select strftime(cells.month_date, '%Y-%m') as period, case cells.flow_code when 'M' then 'imports' else 'exports' end as flow,
            firsts.first_value_twd as first_estimate_twd, cells.value_twd as latest_estimate_twd
        from stat_release_cells as cells
        inner join firsts using (month_date, flow_code)
        where cells.release_id = ${releaseId} and cells.commodity_level = 'TOTAL' and cells.partner_code = 'W00'
            and abs(cells.value_twd - firsts.first_value_twd) >= 0.005
        order by period, flow`);
    const [notes] = await rows<{ estimated: number; suppressed: number }>(`
        select
            coalesce(sum(count_estimated_lines) filter (where commodity_level = 'TOTAL' and partner_code = 'W00' and flow_code in ('M', 'X')), 0)::integer as estimated,
            count(*) filter (where conf_status <> 'F')::integer as suppressed,
        from stat_release_cells where release_id = ${releaseId} and month_date = ${periodMonth}`);
    return BulletinData.parse({
        reporter: { code: 'TW', name_en: 'Taiwan', name_zh: '臺灣' },
        period: release!.period,
        release_id: String(releaseId),
        release_date: release!.release_date,
        data_cutoff: release!.data_cutoff,
        trade_system: release!.trade_system,
        headline: { imports: flowTotal('imports'), exports: flowTotal('exports') },
        series: totals.map((month) => ({ period: month.period, imports_twd: month.imports_twd ?? 0, exports_twd: month.exports_twd ?? 0 })),
        top_partners: { imports: await partners(FLOWS.imports), exports: await partners(FLOWS.exports) },
        top_chapters: { imports: await chapters(FLOWS.imports), exports: await chapters(FLOWS.exports) },
        revisions,
        notes: { count_estimated_quantities: notes!.estimated, count_suppressed_cells: notes!.suppressed },
        source_note_en: 'Customs declarations loaded in the warehouse; UN IMTS 2010 definitions. Imports CIF by country of origin, exports FOB by country of last known destination.',
        source_note_zh: '資料來源：倉儲中之報單；依聯合國 IMTS 2010 定義。進口以 CIF 按原產國，出口以 FOB 按最終目的國計。',
    });
}
