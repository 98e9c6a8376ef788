-- one row per month × flow (M imports, X exports) × customs procedure × mode of transport × national tariff code ×
-- partner × second partner (country of consignment): the detailed trade cells every other trade mart is summed from.
-- Values: value_twd is the statistical value (the lines' customs value: imports CIF, exports FOB); fob_value_twd is
-- the FOB value (imports: the header FOB allocated to lines by customs value, see int_trade_lines); USD at the month's
-- average rate (exchange_rates, USD). Quantity in the code's WCO supplementary unit: a line's declared quantity is replaced by
-- value / reference unit value (int_trade_reference_unit_values) when it is missing, not in that unit, or implausible:
-- its log unit value lies more than getvariable('unit_value_sd_limit') standard deviations (at least 0.25) from the
-- reference mean, with at least 5 reference lines. Such lines are counted in count_estimated_lines.
with

int_trade_lines as (
    select * from int_trade_lines
),

int_trade_reference_unit_values as (
    select * from int_trade_reference_unit_values
),

tariff_codes as (
    select * from tariff_codes
),

hs_chapters as (
    select * from hs_chapters
),

stg_exchange_rates as (
    select * from stg_exchange_rates
),

checked_lines as (
    select
        int_trade_lines.*,
        int_trade_reference_unit_values.reference_unit_value_twd,
        int_trade_lines.reported_quantity is null
            or (
                int_trade_lines.value_twd > 0
                and int_trade_reference_unit_values.count_reference_lines >= 5
                and abs(ln(int_trade_lines.value_twd / int_trade_lines.reported_quantity) - int_trade_reference_unit_values.mean_log_unit_value)
                    > getvariable('unit_value_sd_limit') * greatest(int_trade_reference_unit_values.sd_log_unit_value, 0.25)
            ) as is_quantity_estimated,
    from int_trade_lines
    left join int_trade_reference_unit_values
        on int_trade_lines.tariff_code = int_trade_reference_unit_values.tariff_code
        and int_trade_lines.flow_code = int_trade_reference_unit_values.flow_code
        and int_trade_lines.month_date = int_trade_reference_unit_values.month_date
),

summed as (
    select
        month_date,
        flow_code,
        customs_procedure,
        transport_mode_code,
        tariff_code,
        partner_code,
        partner2_code,
        count(*) as count_lines,
        count(*) filter (where is_quantity_estimated) as count_estimated_lines,
        count(*) filter (where is_confidential) as count_confidential_lines,
        sum(value_twd)::decimal(18, 2) as value_twd,
        coalesce(sum(value_twd) filter (where is_confidential), 0)::decimal(18, 2) as confidential_value_twd,
        sum(fob_value_twd) as fob_value_twd,
        sum(net_mass_kg) as net_mass_kg,
        sum(reported_quantity) as reported_quantity,
        sum(case when is_quantity_estimated then value_twd / reference_unit_value_twd else reported_quantity end) as quantity,
    from checked_lines
    group by month_date, flow_code, customs_procedure, transport_mode_code, tariff_code, partner_code, partner2_code
),

final as (
    select
        -- dimensions
        summed.month_date,
        summed.flow_code,
        summed.customs_procedure,
        summed.transport_mode_code,
        hs_chapters.section_code,
        tariff_codes.chapter_code,
        left(summed.tariff_code, 4) as hs4_code,
        left(summed.tariff_code, 6) as hs6_code,
        summed.tariff_code,
        summed.partner_code,
        summed.partner2_code,
        -- counts
        summed.count_lines,
        summed.count_estimated_lines,
        summed.count_confidential_lines,
        -- values
        summed.value_twd,
        summed.value_twd / usd_rates.twd_per_unit as value_usd,
        summed.confidential_value_twd,
        summed.fob_value_twd,
        summed.fob_value_twd / usd_rates.twd_per_unit as fob_value_usd,
        -- quantities
        summed.net_mass_kg,
        tariff_codes.quantity_unit,
        summed.reported_quantity,
        summed.quantity,
        summed.value_twd / nullif(summed.quantity, 0) as unit_value_twd,
    from summed
    left join tariff_codes on summed.tariff_code = tariff_codes.tariff_code
    left join hs_chapters on tariff_codes.chapter_code = hs_chapters.chapter_code
    left join stg_exchange_rates as usd_rates
        on usd_rates.currency_code = 'USD' and summed.month_date = usd_rates.month_date
)

select * from final
