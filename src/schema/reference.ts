// Reference data: nomenclature, countries, currencies, units, offices, traders, tariff.
import { z } from 'zod';
import { col } from './columns.js';
import { OFFICE_KINDS, TARIFF_RATE_KINDS, TRADER_ROLES } from './code-lists.js';
import { TARIFF_CODE_PATTERN } from './declaration.js';

/** One row per HS section (I–XXI). Titles are our own short wording. Key: section_code. */
export const HsSection = z.object({
    section_code: col.text({ maxLength: 5, pattern: '[IVX]{1,5}' }),
    section_number: col.integer(1, 21),
    title_en: col.text({ maxLength: 200 }),
    title_zh: col.text({ maxLength: 100 }),
});
export type HsSection = z.infer<typeof HsSection>;

/** One row per HS chapter (01–97, and 98–99 national). Key: chapter_code. */
export const HsChapter = z.object({
    chapter_code: col.text({ maxLength: 2, pattern: '[0-9]{2}' }),
    section_code: col.text({ maxLength: 5, ref: 'hs_sections.section_code' }),
    title_en: col.text({ maxLength: 200 }),
    title_zh: col.text({ maxLength: 100 }),
});
export type HsChapter = z.infer<typeof HsChapter>;

/** One row per country (ISO 3166-1 alpha-2). Key: country_code. */
export const Country = z.object({
    country_code: col.text({ maxLength: 2, pattern: '[A-Z]{2}' }),
    name_en: col.text({ maxLength: 80 }),
    name_zh: col.text({ maxLength: 40 }),
    region: col.text({ maxLength: 40 }),
});
export type Country = z.infer<typeof Country>;

/** One row per currency (ISO 4217). Key: currency_code. */
export const Currency = z.object({
    currency_code: col.text({ maxLength: 3, pattern: '[A-Z]{3}' }),
    name_en: col.text({ maxLength: 60 }),
    minor_units: col.integer(0, 4),
});
export type Currency = z.infer<typeof Currency>;

/** One row per currency × month: the month's average rate. Key: currency_code, rate_month. */
export const ExchangeRate = z.object({
    currency_code: col.text({ maxLength: 3, pattern: '[A-Z]{3}', ref: 'currencies.currency_code' }),
    /** First day of the month. */
    rate_month: col.date(),
    twd_per_unit: col.number(0.000001, 100000),
});
export type ExchangeRate = z.infer<typeof ExchangeRate>;

/** One row per WCO standard unit of quantity. Key: unit_code. */
export const WcoUnit = z.object({
    unit_code: col.text({ maxLength: 8 }),
    name_en: col.text({ maxLength: 60 }),
});
export type WcoUnit = z.infer<typeof WcoUnit>;

/** One row per customs office. Key: office_id. */
export const Office = z.object({
    office_id: col.text({ maxLength: 8 }),
    name_en: col.text({ maxLength: 80 }),
    name_zh: col.text({ maxLength: 40 }),
    office_kind: col.code(OFFICE_KINDS),
    city: col.text({ maxLength: 40 }),
});
export type Office = z.infer<typeof Office>;

/** One row per registered trader or customs broker. Names are confidential. Key: trader_id. */
export const Trader = z.object({
    trader_id: col.text({ maxLength: 12 }),
    trader_role: col.code(TRADER_ROLES),
    trader_name: col.text({ maxLength: 120 }),
    registered_date: col.date(),
    is_aeo: col.boolean(),
    aeo_since_date: col.optionalDate(),
});
export type Trader = z.infer<typeof Trader>;

/** One row per national tariff code (CCC). Key: tariff_code. */
export const TariffCode = z.object({
    tariff_code: col.text({ maxLength: 11, pattern: TARIFF_CODE_PATTERN }),
    chapter_code: col.text({ maxLength: 2, pattern: '[0-9]{2}', ref: 'hs_chapters.chapter_code' }),
    description_en: col.text({ maxLength: 300 }),
    /** WCO standard supplementary unit of quantity for this code. */
    quantity_unit: col.text({ maxLength: 8, ref: 'wco_units.unit_code' }),
    commodity_tax_rate: col.number(0, 10),
});
export type TariffCode = z.infer<typeof TariffCode>;

/**
 * One row per tariff code × rate: the general rate (no origin) and preferential rates per origin and agreement.
 * Key: tariff_code, rate_kind, origin_country.
 */
export const TariffRate = z.object({
    tariff_code: col.text({ maxLength: 11, pattern: TARIFF_CODE_PATTERN, ref: 'tariff_codes.tariff_code' }),
    rate_kind: col.code(TARIFF_RATE_KINDS),
    origin_country: col.optionalCountry(),
    preference_agreement: col.optionalText({ maxLength: 12 }),
    duty_rate: col.number(0, 10),
});
export type TariffRate = z.infer<typeof TariffRate>;
