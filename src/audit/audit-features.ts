// The audit model's features: each one a SQL expression over fct_declaration_risk_features (cast to DOUBLE; NULL
// means unknown), grouped under the reason an auditor reads when it weighs in a score.
export interface AuditFeature {
    name: string;
    sql: string;
    /** Features sharing a reason are explained together (see marginsOfModels in gbdt-predict.ts and sql/scored/fct_audit_targets.sql). */
    reason: ReasonKey;
}

export type ReasonKey =
    | 'unit_value' | 'mass_per_unit' | 'cheaper_neighbour_code' | 'preference'
    | 'split_shipment' | 'benford' | 'new_trader' | 'value_change' | 'drawback_ratio' | 'arrears'
    | 'importer_history' | 'broker_history' | 'seller_history' | 'hs6_history' | 'origin_history' | 'office_history'
    | 'declaration_profile';

const hitRate = (party: string, reason: ReasonKey): AuditFeature[] => [
    { name: `${party}_hit_rate`, sql: `${party}_hit_rate`, reason },
    { name: `${party}_checked_log`, sql: `ln(1 + ${party}_checked)`, reason },
];

export const AUDIT_FEATURES: readonly AuditFeature[] = [
    { name: 'min_unit_value_z', sql: 'min_unit_value_z', reason: 'unit_value' },
    { name: 'min_unit_value_fence_distance', sql: 'min_unit_value_fence_distance', reason: 'unit_value' },
    { name: 'max_unit_value_z', sql: 'max_unit_value_z', reason: 'unit_value' },
    { name: 'max_unit_value_fence_distance', sql: 'max_unit_value_fence_distance', reason: 'unit_value' },
    { name: 'max_mass_per_unit_z', sql: 'max_mass_per_unit_z', reason: 'mass_per_unit' },
    { name: 'min_duty_rate_gap', sql: 'min_duty_rate_gap', reason: 'cheaper_neighbour_code' },
    { name: 'share_lines_preference_claimed', sql: 'share_lines_preference_claimed', reason: 'preference' },
    { name: 'has_preference_shift', sql: 'has_preference_shift::integer', reason: 'preference' },
    { name: 'count_parts_48h', sql: 'count_parts_48h', reason: 'split_shipment' },
    { name: 'is_split_shipment_suspect', sql: 'is_split_shipment_suspect::integer', reason: 'split_shipment' },
    { name: 'benford_first_digit_mad', sql: 'benford_first_digit_mad', reason: 'benford' },
    { name: 'benford_two_digit_mad', sql: 'benford_two_digit_mad', reason: 'benford' },
    { name: 'is_new_trader', sql: 'is_new_trader::integer', reason: 'new_trader' },
    { name: 'months_since_first_declaration', sql: 'months_since_first_declaration', reason: 'new_trader' },
    { name: 'value_change_ratio_log', sql: 'ln(value_change_ratio)', reason: 'value_change' },
    { name: 'drawback_to_import_ratio_log', sql: 'ln(drawback_to_import_ratio)', reason: 'drawback_ratio' },
    { name: 'arrears_log', sql: 'ln(1 + arrears_at_lodgement_twd::double)', reason: 'arrears' },
    ...hitRate('importer', 'importer_history'),
    ...hitRate('broker', 'broker_history'),
    ...hitRate('seller', 'seller_history'),
    ...hitRate('hs6', 'hs6_history'),
    ...hitRate('origin', 'origin_history'),
    ...hitRate('office', 'office_history'),
    { name: 'is_import', sql: "(declaration_type = 'import')::integer", reason: 'declaration_profile' },
    { name: 'is_drawback', sql: "(customs_procedure = 'drawback')::integer", reason: 'drawback_ratio' },
    { name: 'is_aeo', sql: 'is_aeo::integer', reason: 'declaration_profile' },
    { name: 'is_parcel', sql: "(transport_mode_code in ('4', '5') and value_twd <= 20000)::integer", reason: 'declaration_profile' },
    { name: 'value_log', sql: 'ln(1 + value_twd)', reason: 'declaration_profile' },
    { name: 'duty_log', sql: 'ln(1 + duty_twd::double)', reason: 'declaration_profile' },
    { name: 'count_lines', sql: 'count_lines', reason: 'declaration_profile' },
];
