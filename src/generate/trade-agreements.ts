// Taiwan's trade agreements that grant preferential duty on imports, and which goods each covers in this world.
// Coverage is a simplification: ECFA's early harvest (China) covers the catalog's early-harvest goods duty-free;
// ANZTEC (New Zealand) and ASTEP (Singapore) cover every dutiable good; the agreements with diplomatic allies
// in Central America, Paraguay, Eswatini and the Marshall Islands cover most goods (some still phasing in at half
// the general rate); the partial-scope agreement with Belize covers food and drink only.
import type { CatalogProduct } from './product-catalog.js';
import type { CountryCode } from './reference-codes.js';
import type { Random } from './random.js';

export interface TradeAgreement {
    /** Written in preference_agreement (at most 12 characters). */
    name: string;
    partners: readonly CountryCode[];
    /** The preferential rate for a dutiable product, or null when the agreement does not cover it. */
    rate(product: CatalogProduct, random: Random): number | null;
}

/** Covers most goods: duty-free for 80%, half the general rate (phase-in) for the rest. */
function broadCoverage(product: CatalogProduct, random: Random): number {
    return random.chance(0.8) ? 0 : product.duty / 2;
}

const FOOD_AND_DRINK = new Set(['food', 'beverages']);

export const TRADE_AGREEMENTS: readonly TradeAgreement[] = [
    { name: 'ECFA', partners: ['CN'], rate: (product) => (product.ecfa ? 0 : null) },
    { name: 'ANZTEC', partners: ['NZ'], rate: () => 0 },
    { name: 'ASTEP', partners: ['SG'], rate: () => 0 },
    { name: 'FTA-PA', partners: ['PA'], rate: broadCoverage },
    { name: 'FTA-GT', partners: ['GT'], rate: broadCoverage },
    { name: 'FTA-NI', partners: ['NI'], rate: broadCoverage },
    { name: 'FTA-SV-HN', partners: ['SV', 'HN'], rate: broadCoverage },
    { name: 'ECA-PY', partners: ['PY'], rate: broadCoverage },
    { name: 'ECA-SZ', partners: ['SZ'], rate: broadCoverage },
    { name: 'ECA-MH', partners: ['MH'], rate: broadCoverage },
    { name: 'PSA-BZ', partners: ['BZ'], rate: (product) => (FOOD_AND_DRINK.has(product.group) ? 0 : null) },
];
