-- one row per declaration: for its importer, broker, seller, main HS6, main origin and office, the number of
-- earlier checked declarations (C2/C3 with an outcome) and how many found a discrepancy — counting only checks
-- completed before this declaration was lodged, so no outcome from its future leaks in — and the smoothed hit
-- rate (hits + prior × m) / (checked + m), m = getvariable('hit_rate_smoothing'), prior = the hit rate of all
-- checks in the warehouse.
with

declarations as (
    select * from declarations
),

inspections as (
    select * from inspections
),

int_declaration_main_lines as (
    select * from int_declaration_main_lines
),

keyed as (
    select
        declarations.declaration_id,
        declarations.lodgement_at,
        inspections.completed_at,
        inspections.is_discrepancy_found,
        [
            {'kind': 'importer', 'id': declarations.trader_id},
            {'kind': 'broker', 'id': declarations.declarant_id},
            {'kind': 'seller', 'id': declarations.foreign_party_id},
            {'kind': 'hs6', 'id': int_declaration_main_lines.main_hs6},
            {'kind': 'origin', 'id': int_declaration_main_lines.main_origin_country},
            {'kind': 'office', 'id': declarations.office_id},
        ] as entities,
    from declarations
    left join inspections on declarations.declaration_id = inspections.declaration_id
    left join int_declaration_main_lines on declarations.declaration_id = int_declaration_main_lines.declaration_id
),

entity_rows as (
    select declaration_id, lodgement_at, completed_at, is_discrepancy_found, unnest(entities, recursive := true),
    from keyed
),

-- per party: how many checks, and hits, had been completed by each moment a check completed
checks_so_far as (
    select
        kind,
        id,
        completed_at,
        sum(count(*)) over history as count_checked,
        sum(count_if(is_discrepancy_found)) over history as count_hits,
    from entity_rows
    where completed_at is not null and id is not null
    group by kind, id, completed_at
    window history as (partition by kind, id order by completed_at rows between unbounded preceding and current row)
),

-- the last tally completed strictly before the lodgement (a check completed at that very second does not count)
running as (
    select
        entity_rows.kind,
        entity_rows.declaration_id,
        coalesce(checks_so_far.count_checked, 0) as count_checked,
        coalesce(checks_so_far.count_hits, 0) as count_hits,
    from entity_rows
    asof left join checks_so_far
        on entity_rows.kind = checks_so_far.kind
        and entity_rows.id = checks_so_far.id
        and entity_rows.lodgement_at > checks_so_far.completed_at
),

prior as (
    select avg(is_discrepancy_found::integer) as hit_rate, getvariable('hit_rate_smoothing') as weight,
    from inspections
),

smoothed as (
    select
        running.kind,
        running.declaration_id,
        running.count_checked,
        running.count_hits,
        (running.count_hits + prior.hit_rate * prior.weight) / (running.count_checked + prior.weight) as hit_rate,
    from running
    cross join prior
),

-- one row per declaration: <kind>_checked, <kind>_hits and <kind>_hit_rate for each of the six kinds
final as (
    pivot smoothed
    on kind in ('importer', 'broker', 'seller', 'hs6', 'origin', 'office')
    using first(count_checked) as checked, first(count_hits) as hits, first(hit_rate) as hit_rate
    group by declaration_id
)

select * from final
