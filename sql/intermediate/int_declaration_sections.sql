-- one row per declaration that has item lines: the HS section of its item line of highest customs value
-- (the lowest line number among equals), used to break release times down by kind of goods.
-- Values as declared: amendments (declaration_amendments) are not applied, as release happened on the declaration.
-- In an incremental run (getvariable('run_months')::date[] set), only the declarations stg_declarations holds: those
-- lodged in the months recomputed.
with

stg_declarations as (
    select * from stg_declarations
),

declaration_items as (
    select * from declaration_items
    where (getvariable('run_months')::date[] is null
        -- in a full run the subquery is empty (its filter is false), so the test costs nothing
        or declaration_id in (select declaration_id from stg_declarations where getvariable('run_months')::date[] is not null))
        -- the run's months all loaded since the last run: so were their lines (src/db/incremental-plan.ts), and the
        -- scan skips the row groups before them
        and (getvariable('run_items_after_rowid') is null or rowid > getvariable('run_items_after_rowid'))
),

hs_chapters as (
    select * from hs_chapters
),

main_items as (
    select
        declaration_id,
        arg_min(left(tariff_code, 2), (-customs_value_twd, line_number)) as chapter_code,
    from declaration_items
    group by declaration_id
),

final as (
    select
        main_items.declaration_id,
        hs_chapters.section_code as hs_section_code,
    from main_items
    left join hs_chapters on main_items.chapter_code = hs_chapters.chapter_code
)

select * from final
