// The codes of the static reference files in data/reference that the generator refers to. They must be exactly
// the codes those files hold (test/generate/world-structure.test.ts checks it), so every generated reference resolves.

export const COUNTRY_CODES = [
    'TW', 'CN', 'HK', 'MO', 'JP', 'KR', 'SG', 'MY', 'TH', 'VN', 'ID', 'PH', 'IN', 'BD', 'PK', 'AU', 'NZ', 'US', 'CA', 'MX',
    'BR', 'CL', 'AR', 'PE', 'DE', 'FR', 'GB', 'IT', 'NL', 'BE', 'ES', 'CH', 'SE', 'IE', 'PL', 'CZ', 'AT', 'DK', 'FI', 'NO',
    'RU', 'TR', 'SA', 'AE', 'QA', 'KW', 'IL', 'ZA', 'NG', 'EG', 'PA', 'GT', 'PY', 'HN', 'SV', 'NI', 'BZ', 'SZ', 'MH', 'PW',
] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];

export const CURRENCY_CODES = [
    'TWD', 'USD', 'EUR', 'JPY', 'CNY', 'HKD', 'KRW', 'SGD', 'GBP', 'AUD', 'CHF', 'MYR', 'THB', 'CAD', 'NZD',
] as const;
export type CurrencyCode = (typeof CURRENCY_CODES)[number];

/** Currencies with no minor unit: invoice amounts in them are whole numbers. */
export const WHOLE_UNIT_CURRENCIES: readonly CurrencyCode[] = ['JPY', 'KRW'];

export const WCO_UNIT_CODES = ['kg', 'g', 'u', '2u', '12u', '1000u', 'l', 'l_alc', 'm', 'm2', 'm3', 'carat', '1000kWh'] as const;
export type WcoUnitCode = (typeof WCO_UNIT_CODES)[number];

/** Units that count pieces: quantities in them are whole numbers. */
export const COUNTED_UNITS: readonly WcoUnitCode[] = ['u', '2u', '12u', '1000u'];

/** Customs offices and the transport they serve. */
export const OFFICES = {
    KL01: 'sea', // Keelung harbour
    TP01: 'air', // Taoyuan airport cargo
    TP02: 'air', // Taoyuan airport express cargo
    TP03: 'post', // Taipei international mail
    TC01: 'sea', // Taichung harbour
    ML01: 'sea', // Mailiao harbour (petrochemicals, coal)
    KH01: 'sea', // Kaohsiung harbour
    KH02: 'air', // Kaohsiung airport
    KH03: 'sea', // Kaohsiung free trade zone
} as const;
export type OfficeId = keyof typeof OFFICES;

/** The static files copied into the world's reference folder. */
export const STATIC_REFERENCE_TABLES = ['hs_sections', 'hs_chapters', 'countries', 'currencies', 'wco_units', 'offices'] as const;

const COUNTRY_INDEX = new Map<string, number>(COUNTRY_CODES.map((code, index) => [code, index]));

/** Position of a country code in COUNTRY_CODES; throws for a code the reference files lack. */
export function countryIndex(code: string): number {
    const index = COUNTRY_INDEX.get(code);
    if (index === undefined) throw new Error(`country ${code} is not in data/reference/countries.csv`);
    return index;
}
