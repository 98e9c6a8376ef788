// One declaration for an auditor: the header, its item lines, clearance milestones, inspection, payments, and its
// audit score when it was scored (fct_audit_targets).
import { requireTables } from '../plugins/database.js';
import type { Row } from '../query-result.js';
import type { Snapshot } from '../warehouse-snapshots.js';

export interface DeclarationFile {
    declaration: Row;
    items: Row[];
    clearance_events: Row[];
    inspection: Row | null;
    payments: Row[];
    audit_target: Row | null;
}

export async function declarationFile(snapshot: Snapshot, declarationId: string): Promise<DeclarationFile | null> {
    requireTables(snapshot, 'declarations', 'declaration_items', 'clearance_events', 'inspections', 'payments', 'fct_audit_targets');
    const [declaration] = (await snapshot.query(`
        select declaration_id, declaration_type, customs_procedure, lodgement_at, office_id, transport_mode_code, declarant_id,
            trader_id, foreign_party_id, is_aeo, consignment_country, destination_country, currency_code, exchange_rate,
            incoterm_code, invoice_amount, cif_value_twd, fob_value_twd, lane, item_count
        from declarations where declaration_id = ?`, [declarationId])).rows;
    if (!declaration) return null;
    const items = (await snapshot.query(`
        select line_number, tariff_code, goods_description, origin_country, quantity, quantity_unit, net_mass_kg, gross_mass_kg,
            customs_value_twd, duty_rate, duty_twd, business_tax_twd, commodity_tax_twd, preference_agreement
        from declaration_items where declaration_id = ? order by line_number`, [declarationId])).rows;
    const events = (await snapshot.query(`
        select event_type, event_at from clearance_events where declaration_id = ? order by event_at, event_type`, [declarationId])).rows;
    const [inspection] = (await snapshot.query(`
        select completed_at, is_discrepancy_found, discrepancy_kind, additional_duty_twd
        from inspections where declaration_id = ?`, [declarationId])).rows;
    const payments = (await snapshot.query(`
        select payment_id, assessed_date, due_date, paid_date, duty_twd, business_tax_twd, commodity_tax_twd, amount_paid_twd, channel
        from payments where declaration_id = ? order by assessed_date, payment_id`, [declarationId])).rows;
    const [target] = (await snapshot.query(`
        select fraud_probability, expected_revenue_twd, score, score_rank, is_selected, is_exploration,
            list_filter(reasons, reason -> reason is not null) as reasons
        from fct_audit_targets where declaration_id = ?`, [declarationId])).rows;
    return { declaration, items, clearance_events: events, inspection: inspection ?? null, payments, audit_target: target ?? null };
}
