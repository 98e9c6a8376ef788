-- one row per trader × quarter with at least 100 item lines in the 12 months before the quarter: Benford's law
-- conformity of the first digit and of the first two digits of those lines' customs values (Nigrini).
-- MAD = Σ |actual share − expected share| / K, K = 9 first digits or 90 first-two digits; expected share of
-- first digit(s) d is log10(1 + 1/d). Conformity classes (Nigrini): first digit ≤ 0.006 close, ≤ 0.012
-- acceptable, ≤ 0.015 marginal, above: nonconformity; first two digits 0.0012 / 0.0018 / 0.0022.
-- Made for every quarter with lines. Confidential: one row per trader (auditors only).
with

-- an incremental run tests the quarters of getvariable('run_quarters') alone (src/db/incremental-plan.ts: those whose
-- 12 months before hold a month the run recomputes, and those not tested yet), over the 12 months before them
-- NOT MATERIALIZED: read more than once below, and DuckDB would otherwise copy every column of every row into a
-- buffer first; each reader scans only the columns it needs
int_audit_item_lines as not materialized (
    select * from int_audit_item_lines
    where getvariable('run_quarters')::date[] is null
        or quarter_date >= list_min(getvariable('run_quarters')::date[]) - interval 12 month
),

-- the first two significant digits of each value of at least 10 TWD
digits as (
    select
        trader_id,
        quarter_date,
        left(floor(customs_value_twd)::bigint::varchar, 2)::integer as first_two_digits,
    from int_audit_item_lines
    where customs_value_twd >= 10
),

quarter_counts as (
    select trader_id, quarter_date, first_two_digits, count(*) as count_lines,
    from digits
    group by all
),

quarters as (
    select distinct quarter_date as reference_quarter_date from int_audit_item_lines
    where getvariable('run_quarters')::date[] is null
        or list_contains(getvariable('run_quarters')::date[], quarter_date)
),

quarter_totals as (
    select trader_id, quarter_date, sum(count_lines) as count_lines,
    from quarter_counts
    group by all
),

-- the traders with at least 100 lines in the four quarters before a reference quarter: only these are tested,
-- so they are found first, from one row per trader and quarter, before any digit is counted over four quarters
totals as (
    select
        quarter_totals.trader_id,
        quarters.reference_quarter_date,
        sum(quarter_totals.count_lines) as count_lines,
    from quarter_totals
    inner join quarters
        on quarter_totals.quarter_date < quarters.reference_quarter_date
        and quarter_totals.quarter_date >= quarters.reference_quarter_date - interval 12 month
    group by all
    having sum(quarter_totals.count_lines) >= 100
),

-- counts per digit pair over the four quarters before each reference quarter, for the traders tested
window_counts as (
    select
        totals.trader_id,
        totals.reference_quarter_date,
        quarter_counts.first_two_digits,
        sum(quarter_counts.count_lines) as count_lines,
    from totals
    inner join quarter_counts
        on totals.trader_id = quarter_counts.trader_id
        and quarter_counts.quarter_date < totals.reference_quarter_date
        and quarter_counts.quarter_date >= totals.reference_quarter_date - interval 12 month
    group by all
),

-- the two tests' counts: first two digits as counted, first digit summed from them
test_counts as (
    select trader_id, reference_quarter_date, 'first_two_digits' as test, first_two_digits as digits, count_lines,
    from window_counts
    union all
    select trader_id, reference_quarter_date, 'first_digit' as test, first_two_digits // 10 as digits, sum(count_lines) as count_lines,
    from window_counts
    group by all
),

-- the bins of each test: K = 9 first digits, 90 first two digits
bins as (
    select 'first_digit' as test, range as digits, 9 as count_bins from range(1, 10)
    union all
    select 'first_two_digits' as test, range as digits, 90 as count_bins from range(10, 100)
),

-- every trader × quarter × test × bin, so that empty bins count in the deviation
deviations as (
    select
        totals.trader_id,
        totals.reference_quarter_date,
        totals.count_lines,
        bins.test,
        sum(abs(coalesce(test_counts.count_lines, 0) / totals.count_lines - log10(1 + 1 / bins.digits))) / any_value(bins.count_bins) as mad,
    from totals
    cross join bins
    left join test_counts
        on totals.trader_id = test_counts.trader_id
        and totals.reference_quarter_date = test_counts.reference_quarter_date
        and bins.test = test_counts.test
        and bins.digits = test_counts.digits
    group by totals.trader_id, totals.reference_quarter_date, totals.count_lines, bins.test
),

mads as (
    select
        trader_id,
        reference_quarter_date,
        count_lines,
        any_value(mad) filter (where test = 'first_digit') as benford_first_digit_mad,
        any_value(mad) filter (where test = 'first_two_digits') as benford_two_digit_mad,
    from deviations
    group by all
),

final as (
    select
        trader_id,
        reference_quarter_date,
        count_lines,
        benford_first_digit_mad,
        case
            when benford_first_digit_mad <= 0.006 then 'close'
            when benford_first_digit_mad <= 0.012 then 'acceptable'
            when benford_first_digit_mad <= 0.015 then 'marginal'
            else 'nonconformity'
        end as benford_first_digit_class,
        benford_two_digit_mad,
        case
            when benford_two_digit_mad <= 0.0012 then 'close'
            when benford_two_digit_mad <= 0.0018 then 'acceptable'
            when benford_two_digit_mad <= 0.0022 then 'marginal'
            else 'nonconformity'
        end as benford_two_digit_class,
    from mads
)

select * from final
