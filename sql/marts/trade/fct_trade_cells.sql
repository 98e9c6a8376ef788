-- one row per month × flow (M, X, RM, RX) × commodity level (TOTAL, SECTION, HS2, HS4, HS6, CCC) × commodity code ×
-- partner (a country, or W00 for all partners), with the code of the parent cell one level up: the cells a release publishes, before suppression. M includes RM
-- (re-imports, customs procedure re_import) and X includes RX (re-exports, re_export), as IMTS 2010 records them.
-- A cell is primarily confidential when it holds a line of a confidential code or trader (stat_confidential_items)
-- and either sits at heading level or below (HS4, HS6, CCC) or the confidential lines make up more than half its
-- value; the all-goods, all-partners total never is. Quantity is summed only where all lines share one unit.
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

levels as (
    select * from (values ('TOTAL'), ('SECTION'), ('HS2'), ('HS4'), ('HS6'), ('CCC')) as levels (commodity_level)
),

by_level as (
    select
        fct_trade_monthly.month_date,
        flows.flow_code,
        levels.commodity_level,
        case levels.commodity_level
            when 'TOTAL' then 'TOTAL'
            when 'SECTION' then fct_trade_monthly.section_code
            when 'HS2' then fct_trade_monthly.chapter_code
            when 'HS4' then fct_trade_monthly.hs4_code
            when 'HS6' then fct_trade_monthly.hs6_code
            else fct_trade_monthly.tariff_code
        end as commodity_code,
        case levels.commodity_level
            when 'TOTAL' then null
            when 'SECTION' then 'TOTAL'
            when 'HS2' then fct_trade_monthly.section_code
            when 'HS4' then fct_trade_monthly.chapter_code
            when 'HS6' then fct_trade_monthly.hs4_code
            else fct_trade_monthly.hs6_code
        end as parent_code,
        fct_trade_monthly.partner_code,
        fct_trade_monthly.quantity_unit,
        fct_trade_monthly.count_lines,
        fct_trade_monthly.count_estimated_lines,
        fct_trade_monthly.count_confidential_lines,
        fct_trade_monthly.value_twd,
        fct_trade_monthly.value_usd,
        fct_trade_monthly.confidential_value_twd,
        fct_trade_monthly.cif_value_twd,
        fct_trade_monthly.fob_value_twd,
        fct_trade_monthly.fob_value_usd,
        fct_trade_monthly.net_mass_kg,
        fct_trade_monthly.quantity,
    from fct_trade_monthly
    inner join flows
        on fct_trade_monthly.flow_code = flows.base_flow_code
        and (flows.customs_procedure is null or fct_trade_monthly.customs_procedure = flows.customs_procedure)
    cross join levels
),

summed as (
    select
        month_date,
        flow_code,
        commodity_level,
        commodity_code,
        parent_code,
        case when grouping(partner_code) = 1 then 'W00' else partner_code end as partner_code,
        sum(count_lines) as count_lines,
        sum(count_estimated_lines) as count_estimated_lines,
        sum(count_confidential_lines) as count_confidential_lines,
        sum(value_twd) as value_twd,
        sum(value_usd) as value_usd,
        sum(confidential_value_twd) as confidential_value_twd,
        sum(cif_value_twd) as cif_value_twd,
        sum(fob_value_twd) as fob_value_twd,
        sum(fob_value_usd) as fob_value_usd,
        sum(net_mass_kg) as net_mass_kg,
        case when min(quantity_unit) = max(quantity_unit) then min(quantity_unit) end as quantity_unit,
        case when min(quantity_unit) = max(quantity_unit) then sum(quantity) end as quantity,
    from by_level
    group by grouping sets (
        (month_date, flow_code, commodity_level, commodity_code, parent_code, partner_code),
        (month_date, flow_code, commodity_level, commodity_code, parent_code)
    )
),

final as (
    select
        *,
        value_twd / nullif(quantity, 0) as unit_value_twd,
        count_confidential_lines > 0
            and (commodity_level in ('HS4', 'HS6', 'CCC') or confidential_value_twd > 0.5 * value_twd)
            and not (commodity_level = 'TOTAL' and partner_code = 'W00')
            as is_primary_confidential,
        getvariable('trade_system') as trade_system,
    from summed
)

select * from final
