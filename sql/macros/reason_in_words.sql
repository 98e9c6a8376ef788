-- reason_in_words(reason_key, quoted): one reason of fct_audit_targets in plain words with the declaration's own
-- numbers, or NULL for no key. `quoted` is the struct of the figures the reasons quote (fct_audit_targets makes it):
-- percentages rounded to whole numbers, robust z with a sign and one decimal, amounts in whole TWD with thousands
-- separators, HS subheadings as 4 + 2 digits. Each key formats only the figures it quotes. A macro, so that the
-- model calls it once per reason place on plain columns: the same words made by a lambda over the list of keys cost
-- about twice the CPU time (DuckDB copies every figure the lambda reads for each key), 3.6 of a month's 5.3 CPU
-- seconds for fct_audit_targets at 10 million lines. Created on the audit run's connection (pipelines/audit-targeting.ts).
create or replace temp macro reason_in_words(reason_key, quoted) as (
case reason_key
    -- a line far below its reference reads as under-valuation, one far above as an inflated (drawback) export
    when 'unit_value' then case
        when not isfinite(quoted.min_unit_value_z) or quoted.min_unit_value_z is null then 'no unit-value history for its goods in the 12 months before'
        when quoted.max_unit_value_z > -quoted.min_unit_value_z
            then 'unit value ' || printf('%.1f', quoted.high_unit_value_ratio_to_median) || '× the median for its HS code over the 12 months before (robust z ' || case when quoted.max_unit_value_z >= 0 then '+' else '−' end || printf('%.1f', abs(quoted.max_unit_value_z)) || ')'
        else 'unit value '
            || case when quoted.low_unit_value_ratio_to_median < 1
                then round((1 - quoted.low_unit_value_ratio_to_median) * 100)::bigint || '% below'
                else round((quoted.low_unit_value_ratio_to_median - 1) * 100)::bigint || '% above' end
            || ' the median for HS ' || quoted.low_unit_value_hs6
            || case when coalesce(quoted.low_unit_value_reference_origin_country, '*') = '*' then ' from all origins' else ' from ' || quoted.low_unit_value_reference_origin_country end
            || ' over the 12 months before (robust z ' || case when quoted.min_unit_value_z >= 0 then '+' else '−' end || printf('%.1f', abs(quoted.min_unit_value_z)) || ')'
    end
    when 'mass_per_unit' then coalesce(
        'net mass per declared unit far from the usual for its code (robust z ' || case when quoted.max_mass_per_unit_z >= 0 then '+' else '−' end || printf('%.1f', abs(quoted.max_mass_per_unit_z)) || '): fewer units declared than the mass suggests',
        'no net-mass history for its code to compare with')
    when 'cheaper_neighbour_code' then case
        when quoted.min_duty_rate_gap < 0
            then 'declared under HS ' || quoted.main_hs6_dotted || ', whose duty rate is ' || printf('%.1f', abs(quoted.min_duty_rate_gap) * 100) || ' points below a neighbouring code of the same heading'
        else 'declared under HS ' || quoted.main_hs6_dotted || '; neighbouring codes of its heading carry similar duty'
    end
    when 'preference' then case
        when quoted.has_preference_shift then 'claims a preferential origin the trader first used for these goods in the last 90 days, after importing them from elsewhere'
        else 'preferential origin claimed on ' || coalesce(round(quoted.share_lines_preference_claimed * 100)::bigint, 0) || '%' || ' of its lines'
    end
    when 'split_shipment' then 'one of ' || coalesce(quoted.count_parts_48h, 1) || ' low-value declarations from the same seller within 48 hours (de minimis TWD 2,000)'
    when 'benford' then case
        when quoted.benford_first_digit_mad is null then 'too few earlier lines to test the trader against Benford''s law'
        else 'the trader''s declared values ' || case when quoted.benford_first_digit_class in ('close', 'acceptable') then 'follow' else 'depart from' end
            || ' Benford''s law (first-digit MAD ' || printf('%.4f', quoted.benford_first_digit_mad) || ', ' || quoted.benford_first_digit_class || ')'
    end
    when 'new_trader' then case
        when quoted.months_since_first_declaration < 3 then 'new trader (first declaration ' || quoted.months_since_first_declaration || ' months before)'
        else 'trader declaring for ' || coalesce(quoted.months_since_first_declaration, 0) || ' months'
    end
    when 'value_change' then coalesce(
        'the trader declared ' || printf('%.1f', quoted.value_change_ratio) || '× its monthly average of the 6 months before',
        'no declarations by the trader in the 6 months before')
    when 'drawback_ratio' then coalesce(
        'drawback exports worth ' || printf('%.1f', quoted.drawback_to_import_ratio) || '× the trader''s imports over 12 months',
        'export under drawback')
    when 'arrears' then 'the trader owed ' || 'TWD ' || format('{:,}', coalesce(round(quoted.arrears_at_lodgement_twd)::bigint, 0)) || ' in arrears when it was lodged'
    -- each party's record of earlier checks: none yet, or its findings and smoothed hit rate
    when 'importer_history' then case when quoted.importer_checked = 0
        then 'no earlier checks of the importer (prior hit rate ' || round(quoted.importer_hit_rate * 100)::bigint || '%)'
        else 'the importer''s earlier checks found discrepancies in ' || quoted.importer_hits || ' of ' || quoted.importer_checked || ' (smoothed hit rate ' || round(quoted.importer_hit_rate * 100)::bigint || '%)'
    end
    when 'broker_history' then case when quoted.broker_checked = 0
        then 'no earlier checks of the broker (prior hit rate ' || round(quoted.broker_hit_rate * 100)::bigint || '%)'
        else 'the broker''s earlier checks found discrepancies in ' || quoted.broker_hits || ' of ' || quoted.broker_checked || ' (smoothed hit rate ' || round(quoted.broker_hit_rate * 100)::bigint || '%)'
    end
    when 'seller_history' then case when quoted.seller_checked = 0
        then 'no earlier checks of the seller (prior hit rate ' || round(quoted.seller_hit_rate * 100)::bigint || '%)'
        else 'the seller''s earlier checks found discrepancies in ' || quoted.seller_hits || ' of ' || quoted.seller_checked || ' (smoothed hit rate ' || round(quoted.seller_hit_rate * 100)::bigint || '%)'
    end
    when 'hs6_history' then case when quoted.hs6_checked = 0
        then 'no earlier checks of its HS code (prior hit rate ' || round(quoted.hs6_hit_rate * 100)::bigint || '%)'
        else 'earlier checks of its HS code found discrepancies in ' || quoted.hs6_hits || ' of ' || quoted.hs6_checked || ' (smoothed hit rate ' || round(quoted.hs6_hit_rate * 100)::bigint || '%)'
    end
    when 'origin_history' then case when quoted.origin_checked = 0
        then 'no earlier checks of its origin (prior hit rate ' || round(quoted.origin_hit_rate * 100)::bigint || '%)'
        else 'earlier checks of its origin found discrepancies in ' || quoted.origin_hits || ' of ' || quoted.origin_checked || ' (smoothed hit rate ' || round(quoted.origin_hit_rate * 100)::bigint || '%)'
    end
    when 'office_history' then case when quoted.office_checked = 0
        then 'no earlier checks at the office (prior hit rate ' || round(quoted.office_hit_rate * 100)::bigint || '%)'
        else 'earlier checks at the office found discrepancies in ' || quoted.office_hits || ' of ' || quoted.office_checked || ' (smoothed hit rate ' || round(quoted.office_hit_rate * 100)::bigint || '%)'
    end
    when 'declaration_profile' then 'declared value TWD ' || format('{:,}', round(quoted.value_twd)::bigint)
end
);
