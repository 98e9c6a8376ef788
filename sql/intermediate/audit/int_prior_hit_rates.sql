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

-- each declaration with the six parties its hit rates are kept for, and its own check
parties as (
    select
        declarations.declaration_id,
        declarations.lodgement_at,
        declarations.trader_id as importer_id,
        declarations.declarant_id as broker_id,
        declarations.foreign_party_id as seller_id,
        int_declaration_main_lines.main_hs6 as hs6,
        int_declaration_main_lines.main_origin_country as origin_country,
        declarations.office_id,
        inspections.completed_at,
        inspections.is_discrepancy_found,
    from declarations
    left join inspections on declarations.declaration_id = inspections.declaration_id
    left join int_declaration_main_lines on declarations.declaration_id = int_declaration_main_lines.declaration_id
),

-- one event when a declaration is lodged and one more when its check completes. A running count of check events
-- per party, read at each lodgement, is the number of that party's checks completed before it. At the same
-- second the lodgement goes first: a check completed at that very second does not count.
events as (
    select
        declaration_id, importer_id, broker_id, seller_id, hs6, origin_country, office_id,
        lodgement_at as event_at,
        0 as is_check,
        0 as is_hit,
    from parties
    union all
    select
        declaration_id, importer_id, broker_id, seller_id, hs6, origin_country, office_id,
        completed_at as event_at,
        1 as is_check,
        coalesce(is_discrepancy_found, false)::integer as is_hit,
    from parties
    where completed_at is not null
),

-- the running counts at each lodgement, one party at a time over narrow rows (sorting the six ids together in
-- one relation costs several times more). Summed as doubles, exact for counts far beyond these: DuckDB's windowed
-- sum of integers keeps 128-bit states and runs several times slower. A party not known (null) has no history.
importer_running as (
    select
        declaration_id,
        if(importer_id is null, 0, sum(is_check::double) over history) as count_checked,
        if(importer_id is null, 0, sum(is_hit::double) over history) as count_hits,
    from events
    window history as (partition by importer_id order by event_at, is_check rows between unbounded preceding and current row)
    qualify is_check = 0
),

broker_running as (
    select
        declaration_id,
        if(broker_id is null, 0, sum(is_check::double) over history) as count_checked,
        if(broker_id is null, 0, sum(is_hit::double) over history) as count_hits,
    from events
    window history as (partition by broker_id order by event_at, is_check rows between unbounded preceding and current row)
    qualify is_check = 0
),

seller_running as (
    select
        declaration_id,
        if(seller_id is null, 0, sum(is_check::double) over history) as count_checked,
        if(seller_id is null, 0, sum(is_hit::double) over history) as count_hits,
    from events
    window history as (partition by seller_id order by event_at, is_check rows between unbounded preceding and current row)
    qualify is_check = 0
),

hs6_running as (
    select
        declaration_id,
        if(hs6 is null, 0, sum(is_check::double) over history) as count_checked,
        if(hs6 is null, 0, sum(is_hit::double) over history) as count_hits,
    from events
    window history as (partition by hs6 order by event_at, is_check rows between unbounded preceding and current row)
    qualify is_check = 0
),

origin_running as (
    select
        declaration_id,
        if(origin_country is null, 0, sum(is_check::double) over history) as count_checked,
        if(origin_country is null, 0, sum(is_hit::double) over history) as count_hits,
    from events
    window history as (partition by origin_country order by event_at, is_check rows between unbounded preceding and current row)
    qualify is_check = 0
),

office_running as (
    select
        declaration_id,
        if(office_id is null, 0, sum(is_check::double) over history) as count_checked,
        if(office_id is null, 0, sum(is_hit::double) over history) as count_hits,
    from events
    window history as (partition by office_id order by event_at, is_check rows between unbounded preceding and current row)
    qualify is_check = 0
),

prior as (
    select avg(is_discrepancy_found::integer) as hit_rate, getvariable('hit_rate_smoothing') as weight,
    from inspections
),

-- one row per declaration: <party>_checked, <party>_hits and <party>_hit_rate for each of the six parties. The
-- counts are BIGINT (they were HUGEINT, from a sum of counts): at 10 million lines DuckDB writes and reads the
-- twelve 128-bit columns of fct_declaration_risk_features several times slower than 64-bit ones.
final as (
    select
        importer_running.declaration_id,
        importer_running.count_checked::bigint as importer_checked,
        importer_running.count_hits::bigint as importer_hits,
        (importer_running.count_hits + prior.hit_rate * prior.weight) / (importer_running.count_checked + prior.weight) as importer_hit_rate,
        broker_running.count_checked::bigint as broker_checked,
        broker_running.count_hits::bigint as broker_hits,
        (broker_running.count_hits + prior.hit_rate * prior.weight) / (broker_running.count_checked + prior.weight) as broker_hit_rate,
        seller_running.count_checked::bigint as seller_checked,
        seller_running.count_hits::bigint as seller_hits,
        (seller_running.count_hits + prior.hit_rate * prior.weight) / (seller_running.count_checked + prior.weight) as seller_hit_rate,
        hs6_running.count_checked::bigint as hs6_checked,
        hs6_running.count_hits::bigint as hs6_hits,
        (hs6_running.count_hits + prior.hit_rate * prior.weight) / (hs6_running.count_checked + prior.weight) as hs6_hit_rate,
        origin_running.count_checked::bigint as origin_checked,
        origin_running.count_hits::bigint as origin_hits,
        (origin_running.count_hits + prior.hit_rate * prior.weight) / (origin_running.count_checked + prior.weight) as origin_hit_rate,
        office_running.count_checked::bigint as office_checked,
        office_running.count_hits::bigint as office_hits,
        (office_running.count_hits + prior.hit_rate * prior.weight) / (office_running.count_checked + prior.weight) as office_hit_rate,
    from importer_running
    inner join broker_running on importer_running.declaration_id = broker_running.declaration_id
    inner join seller_running on importer_running.declaration_id = seller_running.declaration_id
    inner join hs6_running on importer_running.declaration_id = hs6_running.declaration_id
    inner join origin_running on importer_running.declaration_id = origin_running.declaration_id
    inner join office_running on importer_running.declaration_id = office_running.declaration_id
    cross join prior
)

select * from final
