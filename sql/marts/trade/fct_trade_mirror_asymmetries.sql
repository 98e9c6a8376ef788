-- one row per figure a partner reported (mirror_trade: reporter × its flow × HS code × month) beside our own figure
-- for the same trade: the partner's exports to us against our imports from it (by country of origin), the partner's
-- imports from us against our exports to it (by country of destination), at the HS level the partner reported (2, 4
-- or 6 digits). Both sides are put on a CIF basis with the CIF/FOB factor getvariable('cif_fob_factor') (1.06, IMF
-- DOTS practice): imports are CIF, exports FOB, so FOB figures are multiplied by it. Asymmetry = our CIF-basis value −
-- the partner's; asymmetry_share divides it by the partner's CIF-basis value. A persistent gap hints at misinvoicing.
with

mirror_trade as (
    select * from mirror_trade
),

fct_trade_monthly as (
    select * from fct_trade_monthly
),

reported as (
    select
        reporter_code,
        flow_code as partner_flow_code,
        case flow_code when 'X' then 'M' else 'X' end as our_flow_code,
        hs_code,
        month_date,
        value_usd as partner_value_usd,
    from mirror_trade
),

ours as (
    select
        reported.reporter_code,
        reported.partner_flow_code,
        reported.hs_code,
        reported.month_date,
        sum(fct_trade_monthly.value_usd) as our_value_usd,
    from reported
    inner join fct_trade_monthly
        on fct_trade_monthly.month_date = reported.month_date
        and fct_trade_monthly.partner_code = reported.reporter_code
        and fct_trade_monthly.flow_code = reported.our_flow_code
        and starts_with(fct_trade_monthly.tariff_code, reported.hs_code)
    group by all
),

final as (
    select
        reported.month_date,
        reported.reporter_code,
        reported.partner_flow_code,
        reported.our_flow_code,
        reported.hs_code,
        coalesce(ours.our_value_usd, 0) as our_value_usd,
        reported.partner_value_usd,
        getvariable('cif_fob_factor') as cif_fob_factor,
        case reported.our_flow_code when 'M' then 1 else getvariable('cif_fob_factor') end * coalesce(ours.our_value_usd, 0) as our_cif_value_usd,
        case reported.partner_flow_code when 'M' then 1 else getvariable('cif_fob_factor') end * reported.partner_value_usd as partner_cif_value_usd,
        our_cif_value_usd - partner_cif_value_usd as asymmetry_usd,
        asymmetry_usd / nullif(partner_cif_value_usd, 0) as asymmetry_share,
    from reported
    left join ours
        on reported.reporter_code = ours.reporter_code and reported.partner_flow_code = ours.partner_flow_code
        and reported.hs_code = ours.hs_code and reported.month_date = ours.month_date
)

select * from final
