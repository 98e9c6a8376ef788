-- one row per month × flow (M, X, RM, RX) × breakdown (transport_mode, customs_procedure, consignment_country) ×
-- breakdown code: totals over all goods and partners by mode of transport (UN/ECE Rec. 19), customs procedure, and
-- country of consignment (the second partner; '--' where the declaration names none, as exports do)
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

breakdowns as (
    select * from (values ('transport_mode'), ('customs_procedure'), ('consignment_country')) as breakdowns (breakdown)
),

by_breakdown as (
    select
        fct_trade_monthly.month_date,
        flows.flow_code,
        breakdowns.breakdown,
        case breakdowns.breakdown
            when 'transport_mode' then fct_trade_monthly.transport_mode_code
            when 'customs_procedure' then fct_trade_monthly.customs_procedure
            else coalesce(fct_trade_monthly.partner2_code, '--')
        end as breakdown_code,
        fct_trade_monthly.count_lines,
        fct_trade_monthly.value_twd,
        fct_trade_monthly.value_usd,
        fct_trade_monthly.fob_value_twd,
        fct_trade_monthly.net_mass_kg,
    from fct_trade_monthly
    inner join flows
        on fct_trade_monthly.flow_code = flows.base_flow_code
        and (flows.customs_procedure is null or fct_trade_monthly.customs_procedure = flows.customs_procedure)
    cross join breakdowns
),

final as (
    select
        month_date,
        flow_code,
        breakdown,
        breakdown_code,
        sum(count_lines) as count_lines,
        sum(value_twd) as value_twd,
        sum(value_usd) as value_usd,
        sum(fob_value_twd) as fob_value_twd,
        sum(net_mass_kg) as net_mass_kg,
    from by_breakdown
    group by all
)

select * from final
