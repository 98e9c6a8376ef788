// Parameters and answers of the statistics routes.
import { z } from 'zod';
import { bulkPageSize, cursor, monthDate } from '../common-schemas.js';

export const tradeQuery = z.strictObject({
    release: z.string().regex(/^\d{1,9}$/, 'expected a release id (a whole number)').transform(Number).optional()
        .describe('release (vintage) id; the latest release when left out'),
    from: monthDate.optional().describe('first month, YYYY-MM'),
    to: monthDate.optional().describe('last month, YYYY-MM'),
    flow: z.enum(['M', 'X', 'RM', 'RX']).optional().describe('M imports, X exports, RM re-imports, RX re-exports'),
    level: z.enum(['TOTAL', 'SECTION', 'HS2', 'HS4', 'HS6', 'CCC']).optional().describe('commodity level'),
    commodity: z.string().regex(/^[0-9A-Z]{1,11}$/, 'expected a commodity code (digits, or a section in roman numerals)').optional()
        .describe('commodity code prefix, e.g. 84 or 8471'),
    partner: z.string().regex(/^[A-Z0-9]{2,3}$/, 'expected a country code such as JP, or W00 for all partners').optional()
        .describe('partner country (ISO 3166 alpha-2), W00 = all partners'),
    limit: bulkPageSize,
    cursor,
});

const figure = z.number().nullable();

export const tradeCellSchema = z.object({
    release_id: z.number().int(),
    month_date: z.string(),
    flow_code: z.string(),
    commodity_level: z.string(),
    commodity_code: z.string(),
    partner_code: z.string(),
    is_suppressed: z.boolean().describe('confidential: the figures are withheld (null), never sent'),
    value_twd: figure.describe('statistical value: imports CIF, exports FOB'),
    value_usd: figure,
    fob_value_twd: figure,
    net_mass_kg: figure,
    quantity: figure.describe('in the supplementary unit, estimated where flagged'),
    quantity_unit: z.string().nullable(),
    count_estimated_lines: figure,
    obs_status: z.string().describe('SDMX observation status: A normal, E estimated, R revised, C confidential'),
    conf_status: z.string().describe('SDMX confidentiality: F free, C primary, D secondary'),
});

export const tradePage = z.object({ items: z.array(tradeCellSchema), next_cursor: z.string().nullable() });

export const indicesQuery = z.strictObject({
    from: monthDate.optional(),
    to: monthDate.optional(),
    flow: z.enum(['M', 'X']).optional().describe('M imports, X exports (terms of trade are not filtered by flow)'),
    scope: z.string().regex(/^(TOTAL|[IVX]{1,5})$/, 'expected TOTAL or an HS section in roman numerals').optional(),
});

export const indicesAnswer = z.object({
    indices: z.array(z.object({
        month_date: z.string(),
        flow_code: z.string(),
        scope: z.string(),
        reference_year: z.number().int(),
        base_year: z.number().int(),
        count_matched_codes: z.number(),
        count_entering_codes: z.number(),
        count_leaving_codes: z.number(),
        share_of_value_matched: figure,
        laspeyres_price_index: figure,
        paasche_price_index: figure,
        fisher_price_index: figure,
        laspeyres_volume_index: figure,
        paasche_volume_index: figure,
        fisher_volume_index: figure,
    })),
    terms_of_trade: z.array(z.object({
        month_date: z.string(),
        scope: z.string(),
        fisher_terms_of_trade: figure,
        laspeyres_terms_of_trade: figure,
        paasche_terms_of_trade: figure,
        export_fisher_price_index: figure,
        import_fisher_price_index: figure,
    })),
});
