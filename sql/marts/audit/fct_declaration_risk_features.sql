-- one row per declaration with item lines: every risk indicator the audit model and the auditors read, computed
-- only from what was known when the declaration was lodged, with the outcome of its check (C2/C3) where there
-- was one. Trader and declaration identities: confidential (auditors only).
-- Month-keyed: what was known at lodgement does not change when later months are loaded, so an incremental run
-- (getvariable('run_months') set) makes the rows of its months only, each from the history before it. Split
-- shipments also read the 48 hours after: the run then revises the split-shipment columns of the declarations of
-- the 48 hours before its first month (sql/runs/revise_split_shipments.sql).
with

declarations as (
    select * from declarations
    where getvariable('run_months')::date[] is null
        -- (the range lets the scan skip the row groups of other months; list_contains keeps only the run's months)
        or (lodgement_at >= list_min(getvariable('run_months')::date[])
            and lodgement_at < list_max(getvariable('run_months')::date[]) + interval 1 month
            and list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date))
),

inspections as (
    select * from inspections
),

int_declaration_main_lines as (
    select * from int_declaration_main_lines
),

int_declaration_line_indicators as (
    select * from int_declaration_line_indicators
),

fct_trader_benford as (
    select * from fct_trader_benford
),

int_split_shipments as (
    select * from int_split_shipments
),

int_trader_months as (
    select * from int_trader_months
),

int_prior_hit_rates as (
    select * from int_prior_hit_rates
),

int_trader_arrears_at_lodgement as (
    select * from int_trader_arrears_at_lodgement
),

final as (
    select
        -- ids
        declarations.declaration_id,
        declarations.trader_id,
        declarations.declarant_id,
        declarations.foreign_party_id,
        declarations.office_id,
        -- codes
        declarations.declaration_type,
        declarations.customs_procedure,
        declarations.transport_mode_code,
        declarations.lane,
        declarations.is_aeo,
        main_lines.main_hs6,
        main_lines.main_origin_country,
        -- dates
        declarations.lodgement_at,
        date_trunc('month', declarations.lodgement_at)::date as month_date,
        -- amounts
        case when declarations.declaration_type = 'import' then declarations.cif_value_twd else declarations.fob_value_twd end as value_twd,
        main_lines.duty_twd,
        main_lines.count_lines,
        -- unit values, quantities, classification and origin
        int_declaration_line_indicators.* exclude (declaration_id),
        -- Benford (trader, 12 months before the quarter; null with fewer than 100 lines)
        fct_trader_benford.benford_first_digit_mad,
        fct_trader_benford.benford_first_digit_class,
        fct_trader_benford.benford_two_digit_mad,
        fct_trader_benford.benford_two_digit_class,
        -- split shipments
        coalesce(int_split_shipments.count_parts_48h, 0) as count_parts_48h,
        coalesce(int_split_shipments.is_split_shipment_suspect, false) as is_split_shipment_suspect,
        -- the trader's activity
        int_trader_months.is_new_trader,
        int_trader_months.months_since_first_declaration,
        int_trader_months.value_change_ratio,
        int_trader_months.drawback_to_import_ratio,
        int_trader_arrears_at_lodgement.arrears_at_lodgement_twd,
        -- hit rates of earlier checks
        int_prior_hit_rates.* exclude (declaration_id),
        -- outcome of this declaration's own check (labels; never features)
        inspections.declaration_id is not null as is_checked,
        coalesce(inspections.is_discrepancy_found, false) as is_discrepancy_found,
        coalesce(inspections.additional_duty_twd, 0) as additional_duty_twd,
        inspections.completed_at as checked_at,
    from declarations
    inner join int_declaration_main_lines as main_lines on declarations.declaration_id = main_lines.declaration_id
    left join int_declaration_line_indicators on declarations.declaration_id = int_declaration_line_indicators.declaration_id
    left join fct_trader_benford
        on declarations.trader_id = fct_trader_benford.trader_id
        and date_trunc('quarter', declarations.lodgement_at)::date = fct_trader_benford.reference_quarter_date
    left join int_split_shipments on declarations.declaration_id = int_split_shipments.declaration_id
    left join int_trader_months
        on declarations.trader_id = int_trader_months.trader_id
        and date_trunc('month', declarations.lodgement_at)::date = int_trader_months.month_date
    left join int_prior_hit_rates on declarations.declaration_id = int_prior_hit_rates.declaration_id
    left join int_trader_arrears_at_lodgement on declarations.declaration_id = int_trader_arrears_at_lodgement.declaration_id
    left join inspections on declarations.declaration_id = inspections.declaration_id
)

select * from final
