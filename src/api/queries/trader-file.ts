// A trader's file for an auditor: the registration, declarations per month, inspection and payment indicators,
// the risk of its scored declarations (fct_audit_targets), its place in audit plans, and previous audits.
import { requireTables } from '../plugins/database.js';
import type { Row } from '../query-result.js';
import type { Snapshot } from '../warehouse-snapshots.js';

export interface TraderFile {
    trader: Row;
    monthly_history: Row[];
    indicators: Row;
    risk: Row;
    top_reasons: Row[];
    audit_plans: Row[];
    previous_audits: Row[];
}

export async function traderFile(snapshot: Snapshot, traderId: string): Promise<TraderFile | null> {
    requireTables(snapshot, 'traders', 'declarations', 'inspections', 'payments', 'post_clearance_audits', 'fct_audit_targets', 'fct_audit_plan');
    const [trader] = (await snapshot.query(`
        select trader_id, trader_role, trader_name, registered_date, is_aeo, aeo_since_date
        from traders where trader_id = ?`, [traderId])).rows;
    if (!trader) return null;
    // As importer/exporter (trader_id) or as broker (declarant_id).
    const monthlyHistory = (await snapshot.query(`
        select
            date_trunc('month', lodgement_at)::date as month_date,
            count(*) as count_declarations,
            sum(cif_value_twd)::double as cif_value_twd,
            count(*) filter (where lane = 'C2') as count_c2,
            count(*) filter (where lane = 'C3') as count_c3,
        from declarations
        where trader_id = ? or declarant_id = ?
        group by month_date
        order by month_date`, [traderId, traderId])).rows;
    const [indicators] = (await snapshot.query(`
        with declared as (
            select declaration_id from declarations where trader_id = ? or declarant_id = ?
        ),
        checks as (
            select
                count(*) as count_inspections,
                count(*) filter (where is_discrepancy_found) as count_discrepancies,
                coalesce(sum(additional_duty_twd), 0)::double as additional_duty_twd,
            from inspections
            where declaration_id in (select declaration_id from declared)
        ),
        owed as (
            select
                count(*) as count_assessments,
                count(*) filter (where paid_date > due_date) as count_paid_late,
                coalesce(sum(duty_twd + business_tax_twd + commodity_tax_twd - amount_paid_twd)
                    filter (where duty_twd + business_tax_twd + commodity_tax_twd > amount_paid_twd), 0)::double as unpaid_twd,
            from payments
            where declaration_id in (select declaration_id from declared)
        )
        select
            (select count(*) from declared) as count_declarations,
            checks.count_inspections,
            checks.count_discrepancies,
            checks.count_discrepancies / nullif(checks.count_inspections, 0) as inspection_hit_rate,
            checks.additional_duty_twd,
            owed.count_assessments,
            owed.count_paid_late,
            owed.unpaid_twd,
        from checks, owed`, [traderId, traderId])).rows;
    const [risk] = (await snapshot.query(`
        select
            count(*) as count_scored_declarations,
            avg(fraud_probability) as mean_fraud_probability,
            max(fraud_probability) as max_fraud_probability,
            coalesce(sum(expected_revenue_twd), 0) as expected_revenue_twd,
            min(score_rank) as best_score_rank,
        from fct_audit_targets
        where trader_id = ?`, [traderId])).rows;
    const topReasons = (await snapshot.query(`
        select reason, count(*) as count_declarations
        from (select unnest(reasons) as reason from fct_audit_targets where trader_id = ?)
        where reason is not null
        group by reason
        order by count_declarations desc, reason
        limit 10`, [traderId])).rows;
    const auditPlans = (await snapshot.query(`
        select period_start_date, plan_rank, count_declarations, value_twd, expected_revenue_twd, mean_fraud_probability, top_reasons
        from fct_audit_plan
        where trader_id = ?
        order by period_start_date desc`, [traderId])).rows;
    const previousAudits = (await snapshot.query(`
        select audit_id, period_start_date, period_end_date, opened_date, closed_date, has_findings, main_finding_kind,
            additional_revenue_twd::double as additional_revenue_twd
        from post_clearance_audits
        where trader_id = ?
        order by opened_date desc`, [traderId])).rows;
    return {
        trader,
        monthly_history: monthlyHistory,
        indicators: indicators!,
        risk: risk!,
        top_reasons: topReasons,
        audit_plans: auditPlans,
        previous_audits: previousAudits,
    };
}
