// Monthly trade (IMTS 2010, the trade marts): imports and exports, top partners and HS sections of the last 12
// months, Fisher price and volume indices, terms of trade, and revisions. The top lists sum the cells of the latest
// published release only, and leave out a partner or section with any cell withheld in those months (primary or
// secondary suppression): a 12-month sum less the published months would give the withheld month away. The
// all-goods, all-partners totals are never confidential.
import { writeQueriesAsJson } from '../../loaders/warehouse-output.js';

const lastYear = `month_date > (select max(month_date) from fct_trade_cells) - interval 12 month`;
const ifTrade = (sql: string) => (tables: Set<string>) => (tables.has('fct_trade_cells') ? sql : null);
const ifReleased = (sql: string) => (tables: Set<string>) => (tables.has('stat_release_cells') ? sql : null);

/** The ten largest codes of the last 12 months of the latest release, per flow, none with a withheld cell. */
function topList(level: string, partnerCondition: string, code: string, select: string): string {
    return `
        with release_cells as (
            select * from stat_release_cells
            where release_id = (select max(release_id) from stat_releases)
        ),
        totals as (
            select flow_code, ${code}, sum(value_twd)::double as value_twd
            from release_cells
            where commodity_level = '${level}' and ${partnerCondition} and flow_code in ('M', 'X')
                and month_date > (select max(month_date) from release_cells) - interval 12 month
            group by flow_code, ${code}
            having bool_and(conf_status = 'F')
        ),
        ranked as (
            select *, row_number() over (partition by flow_code order by value_twd desc, ${code}) as rank
            from totals
        )
        ${select}
        where ranked.rank <= 10
        order by ranked.flow_code, ranked.rank`;
}

await writeQueriesAsJson({
    tradeSystem: ifTrade(`select any_value(trade_system) as trade_system from fct_trade_cells`),
    monthly: ifTrade(`
        select strftime(month_date, '%Y-%m') as month, flow_code, value_twd::double as value_twd, value_usd
        from fct_trade_cells
        where commodity_level = 'TOTAL' and partner_code = 'W00' and flow_code in ('M', 'X')
        order by month, flow_code`),
    topPartners: ifReleased(topList('TOTAL', "partner_code <> 'W00'", 'partner_code', `
        select ranked.flow_code, ranked.partner_code, countries.name_en, countries.name_zh, ranked.value_twd, ranked.rank
        from ranked
        left join countries on countries.country_code = ranked.partner_code`)),
    topSections: ifReleased(topList('SECTION', "partner_code = 'W00'", 'commodity_code', `
        select ranked.flow_code, ranked.commodity_code as section_code, hs_sections.title_en, hs_sections.title_zh, ranked.value_twd, ranked.rank
        from ranked
        left join hs_sections on hs_sections.section_code = ranked.commodity_code`)),
    indices: (tables) => (tables.has('fct_trade_price_indices') ? `
        select strftime(month_date, '%Y-%m') as month, flow_code, fisher_price_index, fisher_volume_index
        from fct_trade_price_indices
        where scope = 'TOTAL' and flow_code in ('M', 'X')
        order by month, flow_code` : null),
    termsOfTrade: (tables) => (tables.has('fct_trade_terms_of_trade') ? `
        select strftime(month_date, '%Y-%m') as month, fisher_terms_of_trade
        from fct_trade_terms_of_trade
        where scope = 'TOTAL'
        order by month` : null),
    revisions: (tables) => (tables.has('fct_trade_revision_summary') ? `
        select strftime(month_date, '%Y-%m') as month, flow_code, first_total_value_twd, latest_total_value_twd,
            total_revision_twd, count_cells_revised::double as cells_revised, mean_absolute_revision_share
        from fct_trade_revision_summary
        where commodity_level = 'TOTAL' and flow_code in ('M', 'X')
        order by month, flow_code` : null),
});
