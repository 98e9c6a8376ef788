// The tables a batch can load, in load order: a table comes after every table it refers to.
import type { z } from 'zod';
import { DeclarationAmendment } from './amendment.js';
import { PostClearanceAudit } from './audit.js';
import { ClearanceEvent, Inspection } from './clearance.js';
import { Declaration, DeclarationItem } from './declaration.js';
import { PlantedFraud } from './ground-truth.js';
import { Payment } from './payment.js';
import {
    Country, Currency, ExchangeRate, HsChapter, HsSection, Office, TariffCode, TariffRate, Trader, WcoUnit,
} from './reference.js';

export interface LoadableTable {
    name: string;
    schema: z.ZodObject;
    /** Columns that identify a row; no two rows in the warehouse share them. */
    key: readonly string[];
    /** 'amendment': corrections of facts loaded before; they come only from outside, never from the generator. */
    kind: 'reference' | 'fact' | 'amendment' | 'ground_truth';
}

export const LOADABLE_TABLES: readonly LoadableTable[] = [
    { name: 'hs_sections', schema: HsSection, key: ['section_code'], kind: 'reference' },
    { name: 'hs_chapters', schema: HsChapter, key: ['chapter_code'], kind: 'reference' },
    { name: 'countries', schema: Country, key: ['country_code'], kind: 'reference' },
    { name: 'currencies', schema: Currency, key: ['currency_code'], kind: 'reference' },
    { name: 'wco_units', schema: WcoUnit, key: ['unit_code'], kind: 'reference' },
    { name: 'offices', schema: Office, key: ['office_id'], kind: 'reference' },
    { name: 'traders', schema: Trader, key: ['trader_id'], kind: 'reference' },
    { name: 'exchange_rates', schema: ExchangeRate, key: ['currency_code', 'rate_month'], kind: 'reference' },
    { name: 'tariff_codes', schema: TariffCode, key: ['tariff_code'], kind: 'reference' },
    { name: 'tariff_rates', schema: TariffRate, key: ['tariff_code', 'rate_kind', 'origin_country'], kind: 'reference' },
    { name: 'declarations', schema: Declaration, key: ['declaration_id'], kind: 'fact' },
    { name: 'declaration_items', schema: DeclarationItem, key: ['declaration_id', 'line_number'], kind: 'fact' },
    { name: 'declaration_amendments', schema: DeclarationAmendment, key: ['amendment_id'], kind: 'amendment' },
    { name: 'clearance_events', schema: ClearanceEvent, key: ['declaration_id', 'event_type'], kind: 'fact' },
    { name: 'inspections', schema: Inspection, key: ['declaration_id'], kind: 'fact' },
    { name: 'payments', schema: Payment, key: ['payment_id'], kind: 'fact' },
    { name: 'post_clearance_audits', schema: PostClearanceAudit, key: ['audit_id'], kind: 'fact' },
    { name: 'planted_fraud', schema: PlantedFraud, key: ['declaration_id', 'line_number', 'fraud_kind'], kind: 'ground_truth' },
];

/** The tables the synthetic world (src/generate) writes: all but the amendments. */
export const GENERATED_TABLES: readonly LoadableTable[] = LOADABLE_TABLES.filter((table) => table.kind !== 'amendment');

export function loadableTable(name: string): LoadableTable | undefined {
    return LOADABLE_TABLES.find((table) => table.name === name);
}

export function columnNames(table: LoadableTable): string[] {
    return Object.keys(table.schema.shape);
}
