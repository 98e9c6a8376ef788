// Declarations and their item lines (WCO DM: Declaration, GovernmentAgencyGoodsItem).
import { z } from 'zod';
import { col } from './columns.js';
import { CUSTOMS_PROCEDURES, DECLARATION_TYPES, INCOTERMS, LANES, TRANSPORT_MODES } from './code-lists.js';

export const DECLARATION_ID_PATTERN = '[A-Z0-9]{6,20}';
/** 11-digit CCC code: HS6 + 2 national digits + 2 statistical digits + 1 check digit. */
export const TARIFF_CODE_PATTERN = '[0-9]{11}';

const declarationId = () => col.text({ maxLength: 20, pattern: DECLARATION_ID_PATTERN, ref: 'declarations.declaration_id' });

/** One row per declaration: the header. Key: declaration_id. */
export const Declaration = z.object({
    declaration_id: col.text({ maxLength: 20, pattern: DECLARATION_ID_PATTERN }),
    declaration_type: col.code(DECLARATION_TYPES),
    customs_procedure: col.code(CUSTOMS_PROCEDURES),
    lodgement_at: col.timestamp(),
    office_id: col.text({ maxLength: 8, ref: 'offices.office_id' }),
    transport_mode_code: col.code(TRANSPORT_MODES),
    /** The broker (customs agent) who lodged the declaration. */
    declarant_id: col.text({ maxLength: 12, ref: 'traders.trader_id' }),
    /** The importer on an import, the exporter on an export. */
    trader_id: col.text({ maxLength: 12, ref: 'traders.trader_id' }),
    /** The seller abroad on an import, the buyer abroad on an export. */
    foreign_party_id: col.optionalText({ maxLength: 20 }),
    /** The trader's AEO status on the lodgement date. */
    is_aeo: col.boolean(),
    consignment_country: col.optionalCountry(),
    destination_country: col.optionalCountry(),
    currency_code: col.text({ maxLength: 3, pattern: '[A-Z]{3}', ref: 'currencies.currency_code' }),
    /** TWD per unit of the invoice currency. */
    exchange_rate: col.number(0.000001, 100000),
    incoterm_code: col.code(INCOTERMS),
    /** Invoice total in the invoice currency. */
    invoice_amount: col.money(),
    cif_value_twd: col.money(),
    fob_value_twd: col.money(),
    lane: col.code(LANES),
    /** Number of item lines the declaration announces (WCO DM: TotalGoodsItemQuantity). */
    item_count: col.integer(1, 999),
});
export type Declaration = z.infer<typeof Declaration>;

/** One row per declaration item line. Key: declaration_id, line_number. */
export const DeclarationItem = z.object({
    declaration_id: declarationId(),
    line_number: col.integer(1, 999),
    tariff_code: col.text({ maxLength: 11, pattern: TARIFF_CODE_PATTERN, ref: 'tariff_codes.tariff_code' }),
    goods_description: col.text({ maxLength: 512 }),
    origin_country: col.country(),
    quantity: col.number(0, 1e12),
    quantity_unit: col.text({ maxLength: 8, ref: 'wco_units.unit_code' }),
    net_mass_kg: col.number(0, 1e9),
    gross_mass_kg: col.number(0, 1e9),
    /** CIF value on an import, FOB value on an export. */
    customs_value_twd: col.money(),
    duty_rate: col.number(0, 10),
    duty_twd: col.money(),
    business_tax_twd: col.money(),
    commodity_tax_twd: col.money(),
    /** The trade agreement under which preferential origin is claimed; empty when none is. */
    preference_agreement: col.optionalText({ maxLength: 12 }),
});
export type DeclarationItem = z.infer<typeof DeclarationItem>;

export { declarationId };
