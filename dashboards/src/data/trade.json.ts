// Monthly trade (IMTS 2010, the trade marts): imports and exports, top partners and HS sections of the last 12
// months, Fisher price and volume indices, terms of trade, and revisions. Cells holding confidential lines
// (is_primary_confidential) are left out of the top lists; the all-goods, all-partners totals never are confidential.
import { writeQueriesAsJson } from '../../loaders/warehouse-output.js';

const lastYear = `month_date > (select max(month_date) from fct_trade_cells) - interval 12 month`;
const ifTrade = (sql: string) => (tables: Set<string>) => (tables.has('fct_trade_cells') ? sql : null);

await writeQueriesAsJson({
    monthly: ifTrade(`
        select strftime(month_date, '%Y-%m') as month, flow_code, value_twd::double as value_twd, value_usd
        from fct_trade_cells
        where commodity_level = 'TOTAL' and partner_code = 'W00' and flow_code in ('M', 'X')
        order by month, flow_code`),
    topPartners: ifTrade(`
        with partners as (
            select flow_code, partner_code, sum(value_twd)::double as value_twd
            from fct_trade_cells
            where commodity_level = 'TOTAL' and partner_code <> 'W00' and flow_code in ('M', 'X')
                and not is_primary_confidential and ${lastYear}
            group by flow_code, partner_code
        ),
        ranked as (
            select *, row_number() over (partition by flow_code order by value_twd desc, partner_code) as rank
            from partners
        )
        select ranked.flow_code, ranked.partner_code, countries.name_en, countries.name_zh, ranked.value_twd, ranked.rank
        from ranked
        left join countries on countries.country_code = ranked.partner_code
        where ranked.rank <= 10
        order by ranked.flow_code, ranked.rank`),
    topSections: ifTrade(`
        with sections as (
            select flow_code, commodity_code as section_code, sum(value_twd)::double as value_twd
            from fct_trade_cells
            where commodity_level = 'SECTION' and partner_code = 'W00' and flow_code in ('M', 'X')
                and not is_primary_confidential and ${lastYear}
            group by flow_code, commodity_code
        ),
        ranked as (
            select *, row_number() over (partition by flow_code order by value_twd desc, section_code) as rank
            from sections
        )
        select ranked.flow_code, ranked.section_code, hs_sections.title_en, hs_sections.title_zh, ranked.value_twd, ranked.rank
        from ranked
        left join hs_sections on hs_sections.section_code = ranked.section_code
        where ranked.rank <= 10
        order by ranked.flow_code, ranked.rank`),
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
