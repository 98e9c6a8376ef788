-- one row per month × flow (M, X, RM, RX) × commodity level (TOTAL, SECTION, HS2, HS4, HS6, CCC) × commodity code ×
-- partner (a country, or W00 for all partners), with the code of the parent cell one level up: the cells a release
-- publishes, before suppression. M includes RM (re-imports, customs procedure re_import) and X includes RX
-- (re-exports, re_export), as IMTS 2010 records them. USD at the month's average rate.
-- A cell is primarily confidential when it holds a line of a confidential code or trader (stat_confidential_items)
-- and either is a national-code cell (CCC) or the confidential lines make up more than half its value (dominance);
-- the all-goods, all-partners total never is. Higher cells that would give a confidential one away by subtraction
-- are withheld at publication (secondary suppression). Quantity is summed only where all lines share one unit.
with

fct_trade_monthly as (
    select * from fct_trade_monthly
    -- an incremental run (getvariable('run_months')::date[] set) makes the cells of its months only
    where getvariable('run_months')::date[] is null or list_contains(getvariable('run_months')::date[], month_date)
),

wco_units as (
    select * from wco_units
),

stg_exchange_rates as (
    select * from stg_exchange_rates
),

flows as (
    select * from (values
        ('M', 'M', null),
        ('X', 'X', null),
        ('RM', 'M', 're_import'),
        ('RX', 'X', 're_export')
    ) as flows (flow_code, base_flow_code, customs_procedure)
),

-- units as numbers: comparing numbers across a group is cheaper than comparing text
units as (
    select unit_code, row_number() over (order by unit_code) as unit_number from wco_units
),

tariff_codes as (
    select * from tariff_codes
),

hs_chapters as (
    select * from hs_chapters
),

levels as (
    select * from (values ('TOTAL'), ('SECTION'), ('HS2'), ('HS4'), ('HS6'), ('CCC')) as levels (commodity_level)
),

-- national-code cells per partner: the detailed cells of each flow summed over mode of transport, procedure and
-- second partner
code_cells as (
    select
        fct_trade_monthly.month_date,
        flows.flow_code,
        fct_trade_monthly.tariff_code,
        fct_trade_monthly.partner_code,
        sum(fct_trade_monthly.count_lines) as count_lines,
        sum(fct_trade_monthly.count_estimated_lines) as count_estimated_lines,
        sum(fct_trade_monthly.count_confidential_lines) as count_confidential_lines,
        sum(fct_trade_monthly.value_twd) as value_twd,
        sum(fct_trade_monthly.confidential_value_twd) as confidential_value_twd,
        sum(fct_trade_monthly.fob_value_twd) as fob_value_twd,
        sum(fct_trade_monthly.net_mass_kg) as net_mass_kg,
        sum(fct_trade_monthly.quantity) as quantity,
    from fct_trade_monthly
    inner join flows
        on fct_trade_monthly.flow_code = flows.base_flow_code
        and (flows.customs_procedure is null or fct_trade_monthly.customs_procedure = flows.customs_procedure)
    group by fct_trade_monthly.month_date, flows.flow_code, fct_trade_monthly.tariff_code, fct_trade_monthly.partner_code
),

-- each code cell once per commodity level, under the code of that level and of its parent
by_level as (
    select
        code_cells.month_date,
        code_cells.flow_code,
        levels.commodity_level,
        case levels.commodity_level
            when 'TOTAL' then 'TOTAL'
            when 'SECTION' then hs_chapters.section_code
            when 'HS2' then tariff_codes.chapter_code
            when 'HS4' then left(code_cells.tariff_code, 4)
            when 'HS6' then left(code_cells.tariff_code, 6)
            else code_cells.tariff_code
        end as commodity_code,
        case levels.commodity_level
            when 'SECTION' then 'TOTAL'
            when 'HS2' then hs_chapters.section_code
            when 'HS4' then tariff_codes.chapter_code
            when 'HS6' then left(code_cells.tariff_code, 4)
            when 'CCC' then left(code_cells.tariff_code, 6)
        end as parent_code,
        code_cells.partner_code,
        units.unit_number,
        code_cells.* exclude (month_date, flow_code, tariff_code, partner_code),
    from code_cells
    inner join tariff_codes on code_cells.tariff_code = tariff_codes.tariff_code
    left join hs_chapters on tariff_codes.chapter_code = hs_chapters.chapter_code
    left join units on tariff_codes.quantity_unit = units.unit_code
    cross join levels
),

partner_cells as (
    select
        month_date,
        flow_code,
        commodity_level,
        commodity_code,
        parent_code,
        partner_code,
        sum(count_lines) as count_lines,
        sum(count_estimated_lines) as count_estimated_lines,
        sum(count_confidential_lines) as count_confidential_lines,
        sum(value_twd) as value_twd,
        sum(confidential_value_twd) as confidential_value_twd,
        sum(fob_value_twd) as fob_value_twd,
        sum(net_mass_kg) as net_mass_kg,
        min(unit_number) as min_unit_number,
        max(unit_number) as max_unit_number,
        sum(quantity) as quantity,
    from by_level
    group by month_date, flow_code, commodity_level, commodity_code, parent_code, partner_code
),

world_cells as (
    select
        month_date,
        flow_code,
        commodity_level,
        commodity_code,
        parent_code,
        'W00' as partner_code,
        sum(count_lines) as count_lines,
        sum(count_estimated_lines) as count_estimated_lines,
        sum(count_confidential_lines) as count_confidential_lines,
        sum(value_twd) as value_twd,
        sum(confidential_value_twd) as confidential_value_twd,
        sum(fob_value_twd) as fob_value_twd,
        sum(net_mass_kg) as net_mass_kg,
        min(min_unit_number) as min_unit_number,
        max(max_unit_number) as max_unit_number,
        sum(quantity) as quantity,
    from partner_cells
    group by month_date, flow_code, commodity_level, commodity_code, parent_code
),

summed as (
    select * from partner_cells
    union all
    select * from world_cells
),

final as (
    select
        summed.month_date,
        summed.flow_code,
        summed.commodity_level,
        summed.commodity_code,
        summed.parent_code,
        summed.partner_code,
        summed.count_lines::bigint as count_lines,
        summed.count_estimated_lines::bigint as count_estimated_lines,
        summed.count_confidential_lines::bigint as count_confidential_lines,
        summed.value_twd::decimal(18, 2) as value_twd,
        summed.value_twd / usd_rates.twd_per_unit as value_usd,
        summed.confidential_value_twd::decimal(18, 2) as confidential_value_twd,
        summed.fob_value_twd,
        summed.fob_value_twd / usd_rates.twd_per_unit as fob_value_usd,
        summed.net_mass_kg,
        units.unit_code as quantity_unit,
        case when units.unit_code is not null then summed.quantity end as quantity,
        summed.value_twd / nullif(case when units.unit_code is not null then summed.quantity end, 0) as unit_value_twd,
        summed.count_confidential_lines > 0
            and (summed.commodity_level = 'CCC' or summed.confidential_value_twd > 0.5 * summed.value_twd)
            and not (summed.commodity_level = 'TOTAL' and summed.partner_code = 'W00')
            as is_primary_confidential,
        getvariable('trade_system') as trade_system,
    from summed
    left join units on summed.min_unit_number = units.unit_number and summed.max_unit_number = units.unit_number
    left join stg_exchange_rates as usd_rates
        on usd_rates.currency_code = 'USD' and summed.month_date = usd_rates.month_date
)

select * from final
