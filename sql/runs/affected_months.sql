-- one row per month an incremental run recomputes (first day of the month), from the rows loaded since the last
-- model run: rows of each table with a rowid above getvariable('seen_<table>'), the largest rowid that run had read
-- (the loader only appends). Not a model: src/db/incremental-plan.ts runs it before the models.
-- * A month is affected when a row loaded since then belongs to it: the lodgement month of a new declaration, and
--   of an older declaration that got new item lines, clearance events, an inspection, a payment or an amendment
--   (a revision); the assessment month of a new payment (fct_revenue_monthly); the closing month of a new closed
--   post-clearance audit (fct_selectivity_effectiveness); the month of a new exchange rate (USD figures).
-- * Not the month before a new import declaration's first 48 hours, although the split shipments of
--   fct_declaration_risk_features count the parts within 48 hours either side: the run revises those columns of the
--   declarations of the 48 hours before its first month (sql/runs/revise_split_shipments.sql).
-- * Every month after an affected month is recomputed too, up to the latest month with data: the trade statistics
--   check quantities against reference unit values over the 12 months before (fct_trade_monthly), and the risk
--   features of a declaration read every earlier check, assessment and declaration of its parties
--   (fct_declaration_risk_features). A batch of the newest month, the usual case, affects that month alone.
with

new_declarations as (
    select declaration_id, lodgement_at from declarations where rowid > getvariable('seen_declarations')
),

-- declarations loaded earlier that got new rows: those of new declarations are left out here, their month is
-- affected already (a new month's 1.3 million new lines, events and payments at 10 million lines all belong to new
-- declarations: matched first against the month's declarations, none is left to look up among all of them)
touched_declarations as (
    select declaration_id from (
        select declaration_id from declaration_items where rowid > getvariable('seen_declaration_items')
        union all
        select declaration_id from clearance_events where rowid > getvariable('seen_clearance_events')
        union all
        select declaration_id from inspections where rowid > getvariable('seen_inspections')
        union all
        select declaration_id from payments where rowid > getvariable('seen_payments')
        union all
        select declaration_id from declaration_amendments where rowid > getvariable('seen_declaration_amendments')
    ) as touched
    where not exists (select 1 from new_declarations where new_declarations.declaration_id = touched.declaration_id)
),

affected as (
    select date_trunc('month', lodgement_at)::date as month_date from new_declarations
    union
    select date_trunc('month', lodgement_at)::date from declarations
    where declaration_id in (select declaration_id from touched_declarations)
    union
    select date_trunc('month', assessed_date)::date from payments where rowid > getvariable('seen_payments')
    union
    select date_trunc('month', closed_date)::date from post_clearance_audits
    where rowid > getvariable('seen_post_clearance_audits') and closed_date is not null
    union
    select rate_month from exchange_rates where rowid > getvariable('seen_exchange_rates')
),

latest as (
    select greatest(
        (select max(month_date) from affected),
        (select date_trunc('month', max(lodgement_at))::date from declarations)
    ) as month_date
),

final as (
    select unnest(generate_series((select min(month_date) from affected), (select month_date from latest), interval 1 month))::date as month_date,
)

select * from final
order by month_date
