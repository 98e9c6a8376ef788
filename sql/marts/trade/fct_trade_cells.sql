-- one row per month × flow (M, X, RM, RX) × commodity level (TOTAL, SECTION, HS2, HS4, HS6, CCC) × commodity code ×
-- partner (a country, or W00 for all partners), with the code of the parent cell one level up: the cells a release publishes, before suppression. M includes RM
-- (re-imports, customs procedure re_import) and X includes RX (re-exports, re_export), as IMTS 2010 records them.
-- A cell is primarily confidential when it holds a line of a confidential code or trader (stat_confidential_items)
-- and either is a national-code cell (CCC) or the confidential lines make up more than half its value (dominance);
-- the all-goods, all-partners total never is. Higher cells that would give a confidential one away by subtraction
-- are withheld at publication (secondary suppression). Quantity is summed only where all lines share one unit.
with

fct_trade_monthly as (
    select * from fct_trade_monthly
),

flows as (
    select * from (values
        ('M', 'M', null),
        ('X', 'X', null),
        ('RM', 'M', 're_import'),
        ('RX', 'X', 're_export')
    ) as flows (flow_code, base_flow_code, customs_procedure)
),

-- the detailed cells summed over mode of transport, procedure and second partner first
code_partner_months as (
    select
        fct_trade_monthly.month_date,
        flows.flow_code,
        fct_trade_monthly.section_code,
        fct_trade_monthly.chapter_code,
        fct_trade_monthly.hs4_code,
        fct_trade_monthly.hs6_code,
        fct_trade_monthly.tariff_code,
        fct_trade_monthly.partner_code,
        fct_trade_monthly.quantity_unit,
        hash(fct_trade_monthly.quantity_unit) as quantity_unit_hash,
        fct_trade_monthly.count_lines,
        fct_trade_monthly.count_estimated_lines,
        fct_trade_monthly.count_confidential_lines,
        fct_trade_monthly.value_twd,
        fct_trade_monthly.value_usd,
        fct_trade_monthly.confidential_value_twd,
        fct_trade_monthly.fob_value_twd,
        fct_trade_monthly.fob_value_usd,
        fct_trade_monthly.net_mass_kg,
        fct_trade_monthly.quantity,
    from fct_trade_monthly
    inner join flows
        on fct_trade_monthly.flow_code = flows.base_flow_code
        and (flows.customs_procedure is null or fct_trade_monthly.customs_procedure = flows.customs_procedure)
),

-- one grouping set per commodity level, with and without the partner
summed as (
    select
        month_date,
        flow_code,
        case
            when grouping(tariff_code) = 0 then 'CCC'
            when grouping(hs6_code) = 0 then 'HS6'
            when grouping(hs4_code) = 0 then 'HS4'
            when grouping(chapter_code) = 0 then 'HS2'
            when grouping(section_code) = 0 then 'SECTION'
            else 'TOTAL'
        end as commodity_level,
        case commodity_level
            when 'CCC' then tariff_code
            when 'HS6' then hs6_code
            when 'HS4' then hs4_code
            when 'HS2' then chapter_code
            when 'SECTION' then section_code
            else 'TOTAL'
        end as commodity_code,
        case commodity_level
            when 'CCC' then hs6_code
            when 'HS6' then hs4_code
            when 'HS4' then chapter_code
            when 'HS2' then section_code
            when 'SECTION' then 'TOTAL'
        end as parent_code,
        case when grouping(partner_code) = 1 then 'W00' else partner_code end as partner_code,
        sum(count_lines) as count_lines,
        sum(count_estimated_lines) as count_estimated_lines,
        sum(count_confidential_lines) as count_confidential_lines,
        sum(value_twd)::decimal(18, 2) as value_twd,
        sum(value_usd) as value_usd,
        sum(confidential_value_twd)::decimal(18, 2) as confidential_value_twd,
        sum(fob_value_twd) as fob_value_twd,
        sum(fob_value_usd) as fob_value_usd,
        sum(net_mass_kg) as net_mass_kg,
        min(quantity_unit_hash) = max(quantity_unit_hash) as has_one_unit,
        case when has_one_unit then any_value(quantity_unit) end as quantity_unit,
        case when has_one_unit then sum(quantity) end as quantity,
    from code_partner_months
    group by grouping sets (
        (month_date, flow_code),
        (month_date, flow_code, section_code),
        (month_date, flow_code, section_code, chapter_code),
        (month_date, flow_code, section_code, chapter_code, hs4_code),
        (month_date, flow_code, section_code, chapter_code, hs4_code, hs6_code),
        (month_date, flow_code, section_code, chapter_code, hs4_code, hs6_code, tariff_code),
        (month_date, flow_code, partner_code),
        (month_date, flow_code, section_code, partner_code),
        (month_date, flow_code, section_code, chapter_code, partner_code),
        (month_date, flow_code, section_code, chapter_code, hs4_code, partner_code),
        (month_date, flow_code, section_code, chapter_code, hs4_code, hs6_code, partner_code),
        (month_date, flow_code, section_code, chapter_code, hs4_code, hs6_code, tariff_code, partner_code)
    )
),

final as (
    select
        * exclude (has_one_unit),
        value_twd / nullif(quantity, 0) as unit_value_twd,
        count_confidential_lines > 0
            and (commodity_level = 'CCC' or confidential_value_twd > 0.5 * value_twd)
            and not (commodity_level = 'TOTAL' and partner_code = 'W00')
            as is_primary_confidential,
        getvariable('trade_system') as trade_system,
    from summed
)

select * from final
