// Code lists of the canonical data model. Values are lower-case words where no international code exists;
// where one does, it is used (UN/ECE Recommendation 19 for modes of transport, Incoterms 2020).

export const DECLARATION_TYPES = ['import', 'export'] as const;

/** Customs procedure declared (WCO DM: GovernmentProcedure). */
export const CUSTOMS_PROCEDURES = [
    'home_use', // import for free circulation
    'warehouse', // entry into a bonded (customs) warehouse
    'free_zone', // entry into or exit from a free trade zone
    're_import', // goods previously exported, returned in the same state
    'export', // outright export
    're_export', // export of goods previously imported
    'drawback', // export claiming refund of duty paid on imported inputs
] as const;

/** UN/ECE Recommendation 19: 1 maritime, 2 rail, 3 road, 4 air, 5 mail, 7 fixed installation, 8 inland water, 9 unknown. */
export const TRANSPORT_MODES = ['1', '2', '3', '4', '5', '7', '8', '9'] as const;

export const INCOTERMS = ['EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP'] as const;

/** Selectivity lanes: C1 paperless release, C2 document review, C3 documents plus physical inspection. */
export const LANES = ['C1', 'C2', 'C3'] as const;

/** Clearance milestones, in the order of the WCO Time Release Study. */
export const CLEARANCE_EVENT_TYPES = [
    'arrival',
    'lodgement',
    'lane_assigned',
    'documents_received',
    'inspection_started',
    'inspection_ended',
    'payment',
    'release',
    'exit',
] as const;

export const DISCREPANCY_KINDS = ['value', 'classification', 'origin', 'quantity', 'prohibited_goods'] as const;

export const PAYMENT_CHANNELS = ['e_payment', 'bank_transfer', 'counter', 'guarantee_account'] as const;

export const AUDIT_FINDING_KINDS = ['value', 'classification', 'origin', 'quantity', 'split_shipment', 'drawback'] as const;

export const TRADER_ROLES = ['trader', 'broker'] as const;

export const OFFICE_KINDS = ['sea', 'air', 'land', 'post'] as const;

export const TARIFF_RATE_KINDS = ['general', 'preferential'] as const;

/** Kinds of fraud the synthetic world plants, with their ground truth. */
export const FRAUD_KINDS = [
    'under_valuation',
    'misclassification',
    'false_preferential_origin',
    'split_shipment',
    'drawback_over_declaration',
    'quantity_misdeclaration',
] as const;
