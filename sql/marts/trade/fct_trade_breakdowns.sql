-- one row per month × flow (M, X, RM, RX) × breakdown (transport_mode, customs_procedure, consignment_country) ×
-- breakdown code: totals over all goods and partners by mode of transport (UN/ECE Rec. 19), customs procedure, and
-- country of consignment (the second partner; '--' where the declaration names none, as exports do), summed from the
-- item lines. A row is primarily confidential by the cells' rule (fct_trade_cells): it holds a line of a confidential
-- code or trader and those lines make up more than half its value; `customs publish stats` withholds it and, where
-- it is the only one withheld among its breakdown's rows, the smallest other row (the rows add up to the flow's
-- published total).
with

int_trade_lines as (
    select * from int_trade_lines
),

stg_exchange_rates as (
    select * from stg_exchange_rates
),

summed as (
    select
        month_date,
        flow_code,
        customs_procedure in ('re_import', 're_export') as is_re_trade,
        case
            when grouping(transport_mode_code) = 0 then 'transport_mode'
            when grouping(customs_procedure) = 0 then 'customs_procedure'
            else 'consignment_country'
        end as breakdown,
        case breakdown
            when 'transport_mode' then transport_mode_code
            when 'customs_procedure' then customs_procedure
            else coalesce(partner2_code, '--')
        end as breakdown_code,
        count(*) as count_lines,
        count(*) filter (where is_confidential) as count_confidential_lines,
        sum(value_twd) as value_twd,
        coalesce(sum(value_twd) filter (where is_confidential), 0) as confidential_value_twd,
        sum(fob_value_twd) as fob_value_twd,
        sum(net_mass_kg) as net_mass_kg,
    from int_trade_lines
    group by grouping sets (
        (month_date, flow_code, is_re_trade, transport_mode_code),
        (month_date, flow_code, is_re_trade, customs_procedure),
        (month_date, flow_code, is_re_trade, partner2_code)
    )
),

-- M and X are all imports and exports; RM and RX their re-imports and re-exports
flowed as (
    select month_date, flow_code, breakdown, breakdown_code, count_lines, count_confidential_lines, value_twd, confidential_value_twd, fob_value_twd, net_mass_kg from summed
    union all
    select month_date, 'R' || flow_code, breakdown, breakdown_code, count_lines, count_confidential_lines, value_twd, confidential_value_twd, fob_value_twd, net_mass_kg from summed
    where is_re_trade
),

final as (
    select
        flowed.month_date,
        flowed.flow_code,
        flowed.breakdown,
        flowed.breakdown_code,
        sum(flowed.count_lines)::bigint as count_lines,
        sum(flowed.value_twd)::decimal(18, 2) as value_twd,
        sum(flowed.value_twd) / any_value(usd_rates.twd_per_unit) as value_usd,
        sum(flowed.fob_value_twd) as fob_value_twd,
        sum(flowed.net_mass_kg) as net_mass_kg,
        sum(flowed.count_confidential_lines)::bigint as count_confidential_lines,
        sum(flowed.confidential_value_twd)::decimal(18, 2) as confidential_value_twd,
        sum(flowed.count_confidential_lines) > 0 and sum(flowed.confidential_value_twd) > 0.5 * sum(flowed.value_twd) as is_primary_confidential,
    from flowed
    left join stg_exchange_rates as usd_rates on usd_rates.currency_code = 'USD' and flowed.month_date = usd_rates.month_date
    group by flowed.month_date, flowed.flow_code, flowed.breakdown, flowed.breakdown_code
)

select * from final
