-- one row per declaration: for its importer, broker, seller, main HS6, main origin and office, the number of
-- earlier checked declarations (C2/C3 with an outcome) and how many found a discrepancy — counting only checks
-- completed before this declaration was lodged, so no outcome from its future leaks in — and the smoothed hit
-- rate (hits + prior × m) / (checked + m), m = getvariable('hit_rate_smoothing'), prior = the hit rate of all
-- checks completed before the declaration was lodged (0 before the first check). Known at lodgement, a
-- declaration's rates do not move when later months are loaded: an incremental run (getvariable('run_months')
-- set) computes them for the declarations of its months only, from every check before them.
with

inspections as (
    select * from inspections
),

-- the checked declarations, read only in an incremental run (in a full run the filter folds it to nothing, which
-- spares every declaration a lookup)
checked_declarations as (
    select declaration_id from inspections
    where getvariable('run_months')::date[] is not null
),

-- the declarations read: all of them, or in an incremental run those of its months and every checked one
declarations as (
    select * from declarations
    where getvariable('run_months')::date[] is null
        or list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date)
        or declaration_id in (select declaration_id from checked_declarations)
),

int_declaration_main_lines as (
    select * from int_declaration_main_lines
),

-- each declaration with the six parties its hit rates are kept for
declaration_parties as (
    select
        declarations.declaration_id,
        declarations.lodgement_at,
        declarations.trader_id as importer_id,
        declarations.declarant_id as broker_id,
        declarations.foreign_party_id as seller_id,
        int_declaration_main_lines.main_hs6 as hs6,
        int_declaration_main_lines.main_origin_country as origin_country,
        declarations.office_id,
    from declarations
    left join int_declaration_main_lines on declarations.declaration_id = int_declaration_main_lines.declaration_id
),

-- every check (C2/C3 with an outcome) with the parties of its declaration
checks as (
    select declaration_parties.*, inspections.completed_at, inspections.is_discrepancy_found,
    from inspections
    inner join declaration_parties on inspections.declaration_id = declaration_parties.declaration_id
    where inspections.completed_at is not null
),

-- the declarations whose rates are made: all of them, or an incremental run's months
lodged as (
    select *
    from declaration_parties
    where getvariable('run_months')::date[] is null
        or list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date)
),

-- Per party, its checks by completion time with the running number of checks and hits up to and including that
-- second; each declaration takes, by an as-of join, the counts at the last second before it was lodged: a check
-- completed at that very second does not count. Only the checks are sorted with a window, the declarations are
-- matched to them one party at a time (over narrow rows: matching the six ids in one relation costs several times
-- more). Summed as doubles, exact for counts far beyond these: DuckDB's windowed sum of integers keeps 128-bit
-- states and runs several times slower. A party not known (null) has no history.
importer_checks as (
    select importer_id as party_id, completed_at,
        sum(count(*)::double) over (partition by importer_id order by completed_at) as count_checked,
        sum(count(*) filter (where is_discrepancy_found)::double) over (partition by importer_id order by completed_at) as count_hits,
    from checks
    where importer_id is not null
    group by importer_id, completed_at
),

importer_running as (
    select lodged.declaration_id, coalesce(checks.count_checked, 0) as count_checked, coalesce(checks.count_hits, 0) as count_hits,
    from lodged
    asof left join importer_checks as checks on lodged.importer_id = checks.party_id and lodged.lodgement_at > checks.completed_at
),

broker_checks as (
    select broker_id as party_id, completed_at,
        sum(count(*)::double) over (partition by broker_id order by completed_at) as count_checked,
        sum(count(*) filter (where is_discrepancy_found)::double) over (partition by broker_id order by completed_at) as count_hits,
    from checks
    where broker_id is not null
    group by broker_id, completed_at
),

broker_running as (
    select lodged.declaration_id, coalesce(checks.count_checked, 0) as count_checked, coalesce(checks.count_hits, 0) as count_hits,
    from lodged
    asof left join broker_checks as checks on lodged.broker_id = checks.party_id and lodged.lodgement_at > checks.completed_at
),

seller_checks as (
    select seller_id as party_id, completed_at,
        sum(count(*)::double) over (partition by seller_id order by completed_at) as count_checked,
        sum(count(*) filter (where is_discrepancy_found)::double) over (partition by seller_id order by completed_at) as count_hits,
    from checks
    where seller_id is not null
    group by seller_id, completed_at
),

seller_running as (
    select lodged.declaration_id, coalesce(checks.count_checked, 0) as count_checked, coalesce(checks.count_hits, 0) as count_hits,
    from lodged
    asof left join seller_checks as checks on lodged.seller_id = checks.party_id and lodged.lodgement_at > checks.completed_at
),

hs6_checks as (
    select hs6 as party_id, completed_at,
        sum(count(*)::double) over (partition by hs6 order by completed_at) as count_checked,
        sum(count(*) filter (where is_discrepancy_found)::double) over (partition by hs6 order by completed_at) as count_hits,
    from checks
    where hs6 is not null
    group by hs6, completed_at
),

hs6_running as (
    select lodged.declaration_id, coalesce(checks.count_checked, 0) as count_checked, coalesce(checks.count_hits, 0) as count_hits,
    from lodged
    asof left join hs6_checks as checks on lodged.hs6 = checks.party_id and lodged.lodgement_at > checks.completed_at
),

origin_checks as (
    select origin_country as party_id, completed_at,
        sum(count(*)::double) over (partition by origin_country order by completed_at) as count_checked,
        sum(count(*) filter (where is_discrepancy_found)::double) over (partition by origin_country order by completed_at) as count_hits,
    from checks
    where origin_country is not null
    group by origin_country, completed_at
),

origin_running as (
    select lodged.declaration_id, coalesce(checks.count_checked, 0) as count_checked, coalesce(checks.count_hits, 0) as count_hits,
    from lodged
    asof left join origin_checks as checks on lodged.origin_country = checks.party_id and lodged.lodgement_at > checks.completed_at
),

office_checks as (
    select office_id as party_id, completed_at,
        sum(count(*)::double) over (partition by office_id order by completed_at) as count_checked,
        sum(count(*) filter (where is_discrepancy_found)::double) over (partition by office_id order by completed_at) as count_hits,
    from checks
    where office_id is not null
    group by office_id, completed_at
),

office_running as (
    select lodged.declaration_id, coalesce(checks.count_checked, 0) as count_checked, coalesce(checks.count_hits, 0) as count_hits,
    from lodged
    asof left join office_checks as checks on lodged.office_id = checks.party_id and lodged.lodgement_at > checks.completed_at
),

-- every check by completion second, with the running number of checks and hits, and the prior of each declaration:
-- the hit rate of the checks completed before it was lodged, taken by an as-of join like the parties' counts
all_checks as (
    select completed_at,
        sum(count(*)::double) over (order by completed_at) as count_checked,
        sum(count(*) filter (where is_discrepancy_found)::double) over (order by completed_at) as count_hits,
    from checks
    group by completed_at
),

prior as (
    select lodged.declaration_id, coalesce(checks.count_hits / checks.count_checked, 0) as hit_rate, getvariable('hit_rate_smoothing') as weight,
    from lodged
    asof left join all_checks as checks on lodged.lodgement_at > checks.completed_at
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
    inner join prior on importer_running.declaration_id = prior.declaration_id
)

select * from final
