// Aggregates of the audit risk landscape, safe for a static file: indicator shares by HS section × origin (cells of
// fewer than 5 declarations withheld), the distribution of the scored declarations' fraud probability (on the audit
// list or not), and the evaluation curve of the ranking on the scored declarations that were inspected. No declaration, trader or declarant id leaves the warehouse here: the targets, reasons
// and plan are fetched from the API at view time with an auditor's token.
import { writeQueriesAsJson } from '../../loaders/warehouse-output.js';

/** Cells of fewer declarations than this show no indicator share. */
const MIN_CELL_DECLARATIONS = 5;

await writeQueriesAsJson({
    indicatorMap: (tables) => (tables.has('fct_declaration_risk_features') ? `
        with imports as (
            select hs_chapters.section_code, features.main_origin_country as origin_country,
                coalesce(features.min_unit_value_z < -3.5, false) as is_low_unit_value,
                coalesce(features.has_preference_shift, false) as has_preference_shift,
            from fct_declaration_risk_features as features
            inner join hs_chapters on hs_chapters.chapter_code = left(features.main_hs6, 2)
            where features.declaration_type = 'import'
        ),
        top_origins as (
            select origin_country from imports group by origin_country order by count(*) desc, origin_country limit 12
        ),
        cells as (
            select section_code, origin_country, count(*) as declarations,
                avg(is_low_unit_value::int) as share_low_unit_value,
                avg(has_preference_shift::int) as share_preference_shift,
            from imports
            where origin_country in (select origin_country from top_origins)
            group by section_code, origin_country
        )
        select cells.section_code, hs_sections.section_number, cells.origin_country, cells.declarations::double as declarations,
            case when cells.declarations >= ${MIN_CELL_DECLARATIONS} then cells.share_low_unit_value end as share_low_unit_value,
            case when cells.declarations >= ${MIN_CELL_DECLARATIONS} then cells.share_preference_shift end as share_preference_shift,
        from cells
        inner join hs_sections on hs_sections.section_code = cells.section_code
        order by hs_sections.section_number, cells.origin_country` : null),
    scoreHistogram: (tables) => (tables.has('fct_audit_targets') ? `
        select floor(least(fraud_probability, 0.9999) * 100) / 100 as bin_start, is_selected, count(*)::double as declarations
        from fct_audit_targets
        group by all
        order by all` : null),
    // Inspect the top share of scored, inspected declarations: precision = share of them with a discrepancy found;
    // revenue = their share of all the additional duty found. One point per 5% inspected.
    evaluationCurve: (tables) => (tables.has('fct_audit_targets') ? `
        with labelled as (
            select targets.score, features.is_discrepancy_found::int as hit, coalesce(features.additional_duty_twd, 0)::double as revenue_twd
            from fct_audit_targets as targets
            inner join fct_declaration_risk_features as features on features.declaration_id = targets.declaration_id
            where features.is_checked
        ),
        ranked as (
            select *, row_number() over (order by score desc) as position, count(*) over () as total,
                sum(revenue_twd) over () as total_revenue_twd
            from labelled
        ),
        steps as (
            select step / 20 as share_inspected from range(1, 21) as steps (step)
        )
        select steps.share_inspected,
            avg(ranked.hit) as precision,
            sum(ranked.revenue_twd) / nullif(any_value(ranked.total_revenue_twd), 0) as share_of_revenue,
        from steps
        inner join ranked on ranked.position <= ceil(steps.share_inspected * ranked.total)
        group by steps.share_inspected
        order by steps.share_inspected` : null),
});
