// Amendments of declaration item lines after release (WCO DM: Amendment). The original line stays as declared;
// an amendment carries the line's values as corrected. The trade statistics read the latest amendment of each line
// in place of the declared values; the other marts stay on the declared values.
import { z } from 'zod';
import { col } from './columns.js';
import { declarationId, TARIFF_CODE_PATTERN } from './declaration.js';

/**
 * One row per amendment of one item line. Key: amendment_id. The line (declaration_id, line_number) must be in the
 * warehouse or loaded in the same batch, and amended_at may not be before the declaration's lodgement.
 * Empty tariff_code, origin_country or quantity = unchanged.
 */
export const DeclarationAmendment = z.object({
    amendment_id: col.text({ maxLength: 24, pattern: '[A-Z0-9]{6,24}' }),
    declaration_id: declarationId(),
    line_number: col.integer(1, 999),
    amended_at: col.timestamp(),
    /** The corrected customs value: CIF on an import, FOB on an export. */
    customs_value_twd: col.money(),
    net_mass_kg: col.number(0, 1e9),
    quantity: col.optionalNumber(0, 1e12),
    tariff_code: col.optionalText({ maxLength: 11, pattern: TARIFF_CODE_PATTERN, ref: 'tariff_codes.tariff_code' }),
    origin_country: col.optionalCountry(),
    /** Why the line was amended (post-clearance audit finding, trader's correction, ...). */
    reason: col.text({ maxLength: 512 }),
});
export type DeclarationAmendment = z.infer<typeof DeclarationAmendment>;
