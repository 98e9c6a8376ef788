-- one row per trader × quarter with at least 100 item lines in the 12 months before the quarter: Benford's law
-- conformity of the first digit and of the first two digits of those lines' customs values (Nigrini).
-- MAD = Σ |actual share − expected share| / K, K = 9 first digits or 90 first-two digits; expected share of
-- first digit(s) d is log10(1 + 1/d). Conformity classes (Nigrini): first digit ≤ 0.006 close, ≤ 0.012
-- acceptable, ≤ 0.015 marginal, above: nonconformity; first two digits 0.0012 / 0.0018 / 0.0022.
with

int_audit_item_lines as (
    select * from int_audit_item_lines
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
),

-- counts per digit pair over the four quarters before each reference quarter
window_counts as (
    select
        quarter_counts.trader_id,
        quarters.reference_quarter_date,
        quarter_counts.first_two_digits,
        sum(quarter_counts.count_lines) as count_lines,
    from quarter_counts
    inner join quarters
        on quarter_counts.quarter_date < quarters.reference_quarter_date
        and quarter_counts.quarter_date >= quarters.reference_quarter_date - interval 12 month
    group by all
),

totals as (
    select trader_id, reference_quarter_date, sum(count_lines) as count_lines,
    from window_counts
    group by all
    having sum(count_lines) >= 100
),

-- every trader × quarter × bin, so that empty bins count in the deviation
two_digit_bins as (
    select totals.trader_id, totals.reference_quarter_date, totals.count_lines as count_total, bins.digits,
    from totals
    cross join (select range as digits from range(10, 100)) as bins
),

two_digit_deviations as (
    select
        two_digit_bins.trader_id,
        two_digit_bins.reference_quarter_date,
        sum(abs(coalesce(window_counts.count_lines, 0) / two_digit_bins.count_total - log10(1 + 1 / two_digit_bins.digits))) / 90
            as benford_two_digit_mad,
    from two_digit_bins
    left join window_counts
        on two_digit_bins.trader_id = window_counts.trader_id
        and two_digit_bins.reference_quarter_date = window_counts.reference_quarter_date
        and two_digit_bins.digits = window_counts.first_two_digits
    group by all
),

first_digit_counts as (
    select trader_id, reference_quarter_date, first_two_digits // 10 as digit, sum(count_lines) as count_lines,
    from window_counts
    group by all
),

first_digit_bins as (
    select totals.trader_id, totals.reference_quarter_date, totals.count_lines as count_total, bins.digit,
    from totals
    cross join (select range as digit from range(1, 10)) as bins
),

first_digit_deviations as (
    select
        first_digit_bins.trader_id,
        first_digit_bins.reference_quarter_date,
        first_digit_bins.count_total as count_lines,
        sum(abs(coalesce(first_digit_counts.count_lines, 0) / first_digit_bins.count_total - log10(1 + 1 / first_digit_bins.digit))) / 9
            as benford_first_digit_mad,
    from first_digit_bins
    left join first_digit_counts
        on first_digit_bins.trader_id = first_digit_counts.trader_id
        and first_digit_bins.reference_quarter_date = first_digit_counts.reference_quarter_date
        and first_digit_bins.digit = first_digit_counts.digit
    group by all
),

final as (
    select
        first_digit_deviations.trader_id,
        first_digit_deviations.reference_quarter_date,
        first_digit_deviations.count_lines,
        first_digit_deviations.benford_first_digit_mad,
        case
            when benford_first_digit_mad <= 0.006 then 'close'
            when benford_first_digit_mad <= 0.012 then 'acceptable'
            when benford_first_digit_mad <= 0.015 then 'marginal'
            else 'nonconformity'
        end as benford_first_digit_class,
        two_digit_deviations.benford_two_digit_mad,
        case
            when benford_two_digit_mad <= 0.0012 then 'close'
            when benford_two_digit_mad <= 0.0018 then 'acceptable'
            when benford_two_digit_mad <= 0.0022 then 'marginal'
            else 'nonconformity'
        end as benford_two_digit_class,
    from first_digit_deviations
    inner join two_digit_deviations
        on first_digit_deviations.trader_id = two_digit_deviations.trader_id
        and first_digit_deviations.reference_quarter_date = two_digit_deviations.reference_quarter_date
)

select * from final
