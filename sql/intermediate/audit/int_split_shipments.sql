-- one row per import declaration at or under the de-minimis value (getvariable('de_minimis_twd'), TWD 2,000 in
-- Taiwan): how many such declarations the same trader lodged from the same seller within 48 hours either side
-- (itself included), and their total value. Several parts adding up to more than de minimis suggest one
-- consignment split to escape duty and tax (is_split_shipment_suspect: two parts or more, worth more than de minimis
-- together); the first part is as much one of them as the last (a post-clearance audit looks back on both). The one
-- indicator that reads the days after a declaration: an incremental run revises it for the declarations of the 48
-- hours before its first month (sql/runs/revise_split_shipments.sql).
with

-- An incremental run (getvariable('run_months') set) makes the parts of its months' declarations and revises those of
-- the 48 hours before its first month: every part they count was lodged 96 hours before that month or later, so it
-- reads those declarations only (and those of the months between, when its months are apart), not the whole history.
declarations as (
    select * from declarations
    where getvariable('run_months')::date[] is null
        or lodgement_at >= list_min(getvariable('run_months')::date[]) - interval 96 hour
),

small as (
    select declaration_id, trader_id, coalesce(foreign_party_id, '') as foreign_party_id, lodgement_at, cif_value_twd,
    from declarations
    where declaration_type = 'import' and cif_value_twd <= getvariable('de_minimis_twd')
),

parts as (
    select
        declaration_id,
        lodgement_at,
        count(*) over nearby as count_parts_48h,
        sum(cif_value_twd) over nearby as parts_value_48h_twd,
    from small
    window nearby as (
        partition by trader_id, foreign_party_id order by lodgement_at
        range between interval 48 hour preceding and interval 48 hour following
    )
),

final as (
    select
        *,
        count_parts_48h >= 2 and parts_value_48h_twd > getvariable('de_minimis_twd') as is_split_shipment_suspect,
    from parts
)

select * from final
