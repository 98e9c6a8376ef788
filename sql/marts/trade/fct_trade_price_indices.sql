-- one row per month × flow (M imports, X exports) × scope ('TOTAL', or an HS section code): unit-value (price) and
-- volume indices, Laspeyres, Paasche and Fisher, chain-linked annually (IMF Export and Import Price Index Manual,
-- annual chain linking with the previous calendar year as price and quantity base — the "annual overlap" method).
-- Items are national tariff codes; a code's price is its unit value (value_twd / quantity, quantity in the WCO
-- supplementary unit with the estimates of fct_trade_monthly). Base of month t in year Y: year Y−1's unit value
-- p0 = value / quantity over the year and its monthly-average quantity q0 = quantity / 12. Only codes traded in both
-- (matched codes) enter the sums; codes traded in month t but not in Y−1 (entering) or in Y−1 but not in t
-- (leaving) are counted and left out. Link (month t against the average of Y−1):
--   Laspeyres P = Σ pt q0 / Σ p0 q0   Paasche P = Σ pt qt / Σ p0 qt   Fisher P = √(L·P)
--   Laspeyres Q = Σ p0 qt / Σ p0 q0   Paasche Q = Σ pt qt / Σ pt q0   Fisher Q = √(L·P),  Fisher P · Fisher Q = Σ pt qt / Σ p0 q0.
-- Chaining: the same formulas on whole years give the annual link of year Y's average to Y−1's; the index of month t
-- = 100 × (product of the annual links from the reference year to Y−1) × the month's link. Reference year (= 100):
-- the first complete calendar year (12 months with trade in the flow); only complete years serve as base years.
with

fct_trade_monthly as (
    select * from fct_trade_monthly
),

code_months as (
    select
        month_date,
        year(month_date) as year,
        flow_code,
        section_code,
        tariff_code,
        sum(value_twd)::double as value_twd,
        sum(quantity) as quantity,
    from fct_trade_monthly
    group by all
    having sum(quantity) > 0 and sum(value_twd) > 0
),

complete_years as (
    select
        flow_code,
        year,
        min(year) over (partition by flow_code) as reference_year,
    from code_months
    group by flow_code, year
    having count(distinct month_date) = 12
),

code_years as (
    select
        code_months.year,
        code_months.flow_code,
        code_months.section_code,
        code_months.tariff_code,
        sum(code_months.value_twd) as value_twd,
        sum(code_months.quantity) as quantity,
    from code_months
    semi join complete_years on code_months.flow_code = complete_years.flow_code and code_months.year = complete_years.year
    group by all
),

-- each code's base for the year after: price and monthly-average quantity
bases as (
    select
        year + 1 as year,
        flow_code,
        section_code,
        tariff_code,
        value_twd / quantity as base_price,
        quantity / 12 as base_quantity,
    from code_years
),

-- a month, or a whole year (quantity as monthly average), against its base year; matched, entering or leaving codes
periods as (
    select 'month' as period_kind, month_date as period_date, year, flow_code, section_code, tariff_code,
        value_twd / quantity as price, quantity,
    from code_months
    where (flow_code, year - 1) in (select (flow_code, year) from complete_years)
    union all
    select 'year', make_date(year, 1, 1), year, flow_code, section_code, tariff_code, value_twd / quantity, quantity / 12,
    from code_years
    where (flow_code, year - 1) in (select (flow_code, year) from complete_years)
),

-- every base code for every period that has a base year
period_bases as (
    select
        periods.period_kind,
        periods.period_date,
        bases.*,
    from (select distinct period_kind, period_date, year, flow_code from periods) as periods
    inner join bases on periods.year = bases.year and periods.flow_code = bases.flow_code
),

pairs as (
    select
        coalesce(periods.period_kind, period_bases.period_kind) as period_kind,
        coalesce(periods.period_date, period_bases.period_date) as period_date,
        coalesce(periods.flow_code, period_bases.flow_code) as flow_code,
        coalesce(periods.section_code, period_bases.section_code) as section_code,
        periods.price,
        periods.quantity,
        period_bases.base_price,
        period_bases.base_quantity,
    from periods
    full join period_bases
        on periods.period_kind = period_bases.period_kind and periods.period_date = period_bases.period_date
        and periods.flow_code = period_bases.flow_code and periods.tariff_code = period_bases.tariff_code
),

links as (
    select
        period_kind,
        period_date,
        flow_code,
        case when grouping(section_code) = 1 then 'TOTAL' else section_code end as scope,
        count(*) filter (where price is not null and base_price is not null) as count_matched_codes,
        count(*) filter (where base_price is null) as count_entering_codes,
        count(*) filter (where price is null) as count_leaving_codes,
        sum(price * quantity) filter (where base_price is not null) as matched_value_twd,
        sum(price * quantity) as value_twd,
        sum(price * base_quantity) as sum_pt_q0,
        sum(base_price * base_quantity) filter (where price is not null) as sum_p0_q0,
        sum(price * quantity) filter (where base_price is not null) as sum_pt_qt,
        sum(base_price * quantity) as sum_p0_qt,
    from pairs
    group by grouping sets ((period_kind, period_date, flow_code), (period_kind, period_date, flow_code, section_code))
),

link_indices as (
    select
        *,
        sum_pt_q0 / sum_p0_q0 as link_laspeyres_price,
        sum_pt_qt / sum_p0_qt as link_paasche_price,
        sqrt(link_laspeyres_price * link_paasche_price) as link_fisher_price,
        sum_p0_qt / sum_p0_q0 as link_laspeyres_volume,
        sum_pt_qt / sum_pt_q0 as link_paasche_volume,
        sqrt(link_laspeyres_volume * link_paasche_volume) as link_fisher_volume,
    from links
    where count_matched_codes > 0
),

-- the level of each year's average relative to the reference year: the product of the annual links up to it
chain_levels as (
    select
        year(period_date) as year,
        flow_code,
        scope,
        exp(sum(ln(link_laspeyres_price)) over chain) as laspeyres_price,
        exp(sum(ln(link_paasche_price)) over chain) as paasche_price,
        exp(sum(ln(link_fisher_price)) over chain) as fisher_price,
        exp(sum(ln(link_laspeyres_volume)) over chain) as laspeyres_volume,
        exp(sum(ln(link_paasche_volume)) over chain) as paasche_volume,
        exp(sum(ln(link_fisher_volume)) over chain) as fisher_volume,
    from link_indices
    where period_kind = 'year'
    window chain as (partition by flow_code, scope order by period_date rows between unbounded preceding and current row)
),

final as (
    select
        link_indices.period_date as month_date,
        link_indices.flow_code,
        link_indices.scope,
        complete_years.reference_year::integer as reference_year,
        (year(link_indices.period_date) - 1)::integer as base_year,
        link_indices.count_matched_codes,
        link_indices.count_entering_codes,
        link_indices.count_leaving_codes,
        link_indices.matched_value_twd,
        link_indices.matched_value_twd / link_indices.value_twd as share_of_value_matched,
        link_indices.link_laspeyres_price,
        link_indices.link_paasche_price,
        link_indices.link_fisher_price,
        link_indices.link_laspeyres_volume,
        link_indices.link_paasche_volume,
        link_indices.link_fisher_volume,
        100 * coalesce(chain_levels.laspeyres_price, 1) * link_indices.link_laspeyres_price as laspeyres_price_index,
        100 * coalesce(chain_levels.paasche_price, 1) * link_indices.link_paasche_price as paasche_price_index,
        100 * coalesce(chain_levels.fisher_price, 1) * link_indices.link_fisher_price as fisher_price_index,
        100 * coalesce(chain_levels.laspeyres_volume, 1) * link_indices.link_laspeyres_volume as laspeyres_volume_index,
        100 * coalesce(chain_levels.paasche_volume, 1) * link_indices.link_paasche_volume as paasche_volume_index,
        100 * coalesce(chain_levels.fisher_volume, 1) * link_indices.link_fisher_volume as fisher_volume_index,
    from link_indices
    inner join complete_years
        on link_indices.flow_code = complete_years.flow_code and year(link_indices.period_date) - 1 = complete_years.year
    left join chain_levels
        on link_indices.flow_code = chain_levels.flow_code and link_indices.scope = chain_levels.scope
        and year(link_indices.period_date) - 1 = chain_levels.year
    where link_indices.period_kind = 'month'
)

select * from final
