-- one row per declaration: for its importer, broker, seller, main HS6, main origin and office, the number of
-- earlier checked declarations (C2/C3 with an outcome) and how many found a discrepancy — counting only checks
-- completed before this declaration was lodged, so no outcome from its future leaks in — and the smoothed hit
-- rate (hits + prior × m) / (checked + m), m = getvariable('hit_rate_smoothing'), prior = the hit rate of all
-- checks completed before the declaration was lodged (0 before the first check). Known at lodgement, a
-- declaration's rates do not move when later months are loaded: an incremental run (getvariable('run_months')
-- set) computes them for the declarations of its months only, from every check before them (fct_checked_declarations:
-- the checks of its months made anew, the others as stored).
with

-- the declarations whose rates are made: all of them, or an incremental run's months
declarations as (
    select * from declarations
    where getvariable('run_months')::date[] is null
        -- (the range lets the scan skip the row groups of other months; list_contains keeps only the run's months)
        or (lodgement_at >= list_min(getvariable('run_months')::date[])
            and lodgement_at < list_max(getvariable('run_months')::date[]) + interval 1 month
            and list_contains(getvariable('run_months')::date[], date_trunc('month', lodgement_at)::date))
),

int_declaration_main_lines as (
    select * from int_declaration_main_lines
),

-- every check with an outcome, with the parties of its declaration
fct_checked_declarations as (
    select * from fct_checked_declarations
),

-- An incremental run's declarations are all lodged in its months, after every check completed before its first
-- month: those checks are only counted per party (<party>_earlier), and only the later ones are sorted and matched
-- by time below. A full run counts every check by time.
earlier_checks as (
    select * from fct_checked_declarations
    where completed_at < list_min(getvariable('run_months')::date[])
),

checks as (
    select * from fct_checked_declarations
    where getvariable('run_months')::date[] is null
        or completed_at >= list_min(getvariable('run_months')::date[])
),

-- per party, the checks and hits before the run's first month (a full run has none), each party counted apart: an
-- unpivot of the six parties into one relation made 2.8 million rows of 420,000 checks at 10 million lines and
-- took several times longer
importer_earlier as (
    select importer_id as party_id, count(*)::double as count_checked, count_if(is_discrepancy_found)::double as count_hits,
    from earlier_checks where importer_id is not null group by all
),

broker_earlier as (
    select broker_id as party_id, count(*)::double as count_checked, count_if(is_discrepancy_found)::double as count_hits,
    from earlier_checks where broker_id is not null group by all
),

seller_earlier as (
    select seller_id as party_id, count(*)::double as count_checked, count_if(is_discrepancy_found)::double as count_hits,
    from earlier_checks where seller_id is not null group by all
),

hs6_earlier as (
    select hs6 as party_id, count(*)::double as count_checked, count_if(is_discrepancy_found)::double as count_hits,
    from earlier_checks where hs6 is not null group by all
),

origin_earlier as (
    select origin_country as party_id, count(*)::double as count_checked, count_if(is_discrepancy_found)::double as count_hits,
    from earlier_checks where origin_country is not null group by all
),

office_earlier as (
    select office_id as party_id, count(*)::double as count_checked, count_if(is_discrepancy_found)::double as count_hits,
    from earlier_checks where office_id is not null group by all
),

-- and over every party
every_earlier as (
    select count(*)::double as count_checked, count_if(is_discrepancy_found)::double as count_hits,
    from earlier_checks
),

-- each declaration with the six parties its hit rates are kept for
lodged as (
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

-- Per party, its declarations and its checks in one sequence by time, a declaration before a check of the same
-- second, with the running number of checks and hits: at each declaration, the checks completed before it was
-- lodged (a check completed at that very second does not count); to them are added the party's earlier counts.
-- One party at a time (over narrow rows: the six ids in one relation cost several times more). This running sum
-- took a month's run at 10 million lines 1.0-1.2 s where an as-of join of the declarations with each party's
-- running counts per second took 1.6-2.2 s (the same figures; 22-25 s against 25-29 s in a full run). Summed as
-- doubles, exact for counts far beyond these: DuckDB's windowed sum of integers keeps 128-bit states and runs
-- several times slower. A party not known (null) has no history.
importer_running as (
    select
        declaration_id,
        running.count_checked + coalesce(earlier.count_checked, 0) as count_checked,
        running.count_hits + coalesce(earlier.count_hits, 0) as count_hits,
    from (
        select party_id, declaration_id,
            sum(checked) over running as count_checked,
            sum(hit) over running as count_hits,
        from (
            select importer_id as party_id, lodgement_at as event_at, 0 as kind, declaration_id, 0::double as checked, 0::double as hit,
            from lodged
            union all
            select importer_id, completed_at, 1, null, 1, if(is_discrepancy_found, 1, 0)::double,
            from checks
            where importer_id is not null
        )
        window running as (partition by party_id order by event_at, kind rows between unbounded preceding and current row)
        qualify kind = 0
    ) as running
    left join importer_earlier as earlier on running.party_id = earlier.party_id
),

broker_running as (
    select
        declaration_id,
        running.count_checked + coalesce(earlier.count_checked, 0) as count_checked,
        running.count_hits + coalesce(earlier.count_hits, 0) as count_hits,
    from (
        select party_id, declaration_id,
            sum(checked) over running as count_checked,
            sum(hit) over running as count_hits,
        from (
            select broker_id as party_id, lodgement_at as event_at, 0 as kind, declaration_id, 0::double as checked, 0::double as hit,
            from lodged
            union all
            select broker_id, completed_at, 1, null, 1, if(is_discrepancy_found, 1, 0)::double,
            from checks
            where broker_id is not null
        )
        window running as (partition by party_id order by event_at, kind rows between unbounded preceding and current row)
        qualify kind = 0
    ) as running
    left join broker_earlier as earlier on running.party_id = earlier.party_id
),

seller_running as (
    select
        declaration_id,
        running.count_checked + coalesce(earlier.count_checked, 0) as count_checked,
        running.count_hits + coalesce(earlier.count_hits, 0) as count_hits,
    from (
        select party_id, declaration_id,
            sum(checked) over running as count_checked,
            sum(hit) over running as count_hits,
        from (
            select seller_id as party_id, lodgement_at as event_at, 0 as kind, declaration_id, 0::double as checked, 0::double as hit,
            from lodged
            union all
            select seller_id, completed_at, 1, null, 1, if(is_discrepancy_found, 1, 0)::double,
            from checks
            where seller_id is not null
        )
        window running as (partition by party_id order by event_at, kind rows between unbounded preceding and current row)
        qualify kind = 0
    ) as running
    left join seller_earlier as earlier on running.party_id = earlier.party_id
),

hs6_running as (
    select
        declaration_id,
        running.count_checked + coalesce(earlier.count_checked, 0) as count_checked,
        running.count_hits + coalesce(earlier.count_hits, 0) as count_hits,
    from (
        select party_id, declaration_id,
            sum(checked) over running as count_checked,
            sum(hit) over running as count_hits,
        from (
            select hs6 as party_id, lodgement_at as event_at, 0 as kind, declaration_id, 0::double as checked, 0::double as hit,
            from lodged
            union all
            select hs6, completed_at, 1, null, 1, if(is_discrepancy_found, 1, 0)::double,
            from checks
            where hs6 is not null
        )
        window running as (partition by party_id order by event_at, kind rows between unbounded preceding and current row)
        qualify kind = 0
    ) as running
    left join hs6_earlier as earlier on running.party_id = earlier.party_id
),

origin_running as (
    select
        declaration_id,
        running.count_checked + coalesce(earlier.count_checked, 0) as count_checked,
        running.count_hits + coalesce(earlier.count_hits, 0) as count_hits,
    from (
        select party_id, declaration_id,
            sum(checked) over running as count_checked,
            sum(hit) over running as count_hits,
        from (
            select origin_country as party_id, lodgement_at as event_at, 0 as kind, declaration_id, 0::double as checked, 0::double as hit,
            from lodged
            union all
            select origin_country, completed_at, 1, null, 1, if(is_discrepancy_found, 1, 0)::double,
            from checks
            where origin_country is not null
        )
        window running as (partition by party_id order by event_at, kind rows between unbounded preceding and current row)
        qualify kind = 0
    ) as running
    left join origin_earlier as earlier on running.party_id = earlier.party_id
),

office_running as (
    select
        declaration_id,
        running.count_checked + coalesce(earlier.count_checked, 0) as count_checked,
        running.count_hits + coalesce(earlier.count_hits, 0) as count_hits,
    from (
        select party_id, declaration_id,
            sum(checked) over running as count_checked,
            sum(hit) over running as count_hits,
        from (
            select office_id as party_id, lodgement_at as event_at, 0 as kind, declaration_id, 0::double as checked, 0::double as hit,
            from lodged
            union all
            select office_id, completed_at, 1, null, 1, if(is_discrepancy_found, 1, 0)::double,
            from checks
            where office_id is not null
        )
        window running as (partition by party_id order by event_at, kind rows between unbounded preceding and current row)
        qualify kind = 0
    ) as running
    left join office_earlier as earlier on running.party_id = earlier.party_id
),

-- every check by completion second, with the running number of checks and hits, and the prior of each declaration:
-- the hit rate of the checks completed before it was lodged, taken by an as-of join (the running sum above, over
-- every declaration without a party to split them by, is no quicker)
all_checks as (
    select completed_at,
        sum(count(*)::double) over (order by completed_at) as count_checked,
        sum(count(*) filter (where is_discrepancy_found)::double) over (order by completed_at) as count_hits,
    from checks
    group by completed_at
),

prior as (
    select
        lodged.declaration_id,
        coalesce((coalesce(checks.count_hits, 0) + coalesce(earlier.count_hits, 0)) / nullif(coalesce(checks.count_checked, 0) + coalesce(earlier.count_checked, 0), 0), 0) as hit_rate,
        getvariable('hit_rate_smoothing') as weight,
    from lodged
    asof left join all_checks as checks on lodged.lodgement_at > checks.completed_at
    cross join every_earlier as earlier
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
