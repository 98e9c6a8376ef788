// The catalog turned into what generation needs: per product its origins, price levels, description variants
// and CCC tariff lines; per tariff line its general duty, commodity tax and preferential rates. Also writes the
// generated reference files tariff_codes.csv and tariff_rates.csv.
import { join } from 'node:path';
import { TariffCode, TariffRate } from '../schema/reference.js';
import { tariffCode } from '../schema/tariff-code.js';
import { asciiBytes, CsvFileWriter } from './csv-file-writer.js';
import { csvField, formatNumber } from './csv-text.js';
import { PRODUCT_GROUPS, PRODUCTS, type CatalogProduct, type ProductGroup } from './product-catalog.js';
import { Random } from './random.js';
import { COUNTED_UNITS, COUNTRY_CODES, countryIndex } from './reference-codes.js';
import { TRADE_AGREEMENTS } from './trade-agreements.js';
import { WeightedChoice } from './weighted-choice.js';

/** A preferential rate a tariff line grants to goods originating in one partner country. */
export interface Preference {
    country: number;
    agreement: string;
    rate: number;
}

/** One national tariff line (CCC code). */
export interface TariffLine {
    index: number;
    code: string;
    /** The code's ASCII bytes, for writing. */
    codeBytes: Uint8Array;
    goodsIndex: number;
    description: string;
    /** General duty rate (fraction). */
    duty: number;
    /** Commodity tax rate (fraction of value plus duty). */
    commodityTax: number;
    preferences: Preference[];
    /** The preferences below the general rate. */
    cheaperPreferences: Preference[];
}

/** A catalog product prepared for generation. */
export interface Goods {
    index: number;
    product: CatalogProduct;
    group: ProductGroup;
    /** Import origins (country indices) and their draw. */
    origins: Int32Array;
    originChoice: WeightedChoice;
    /** ln of the median FOB unit price (TWD). */
    lnPrice: number;
    /** ln of the price level of each country of origin relative to the median. */
    lnPriceFactor: Float64Array;
    /** Goods descriptions ready for CSV: the catalog's own first, then variants with a model or grade. */
    descriptions: string[];
    lines: number[];
    lineChoice: WeightedChoice;
    /** Goods index of the lower-duty neighbour, or -1. */
    neighbour: number;
    /** Quantities are whole numbers (pieces, pairs, thousands). */
    counted: boolean;
    /** Shipped loose in bulk (gross mass equals net mass). */
    bulk: boolean;
    /** Parcel goods cheap enough per unit to split a consignment into parcels under de minimis. */
    splittable: boolean;
    /** Some line grants a preference below its general rate (so a false origin claim pays). */
    hasCheaperPreference: boolean;
    laneRisk: number;
}

/** Price level of goods from a country relative to the world median (ln is taken when building). */
const COUNTRY_PRICE_LEVEL: Partial<Record<string, number>> = {
    JP: 1.25, US: 1.2, DE: 1.3, CH: 1.5, FR: 1.3, IT: 1.25, GB: 1.2, NL: 1.2, BE: 1.15, SE: 1.2, DK: 1.2, AT: 1.2,
    FI: 1.15, NO: 1.2, IE: 1.2, KR: 1.1, SG: 1.1, IL: 1.2, AU: 1.05, NZ: 1.05, CA: 1.1, ES: 1.05,
    CN: 0.8, VN: 0.75, IN: 0.75, BD: 0.7, PK: 0.7, ID: 0.8, TH: 0.85, MY: 0.9, PH: 0.85, MX: 0.9, BR: 0.9, TR: 0.85,
};

/** Suffixes that make descriptions vary the way traders write them. */
function descriptionVariants(product: CatalogProduct, random: Random): string[] {
    const letters = 'ABCDEFGHJKLMNPRSTUVWXZ';
    const word = () => `${random.pick([...letters])}${random.pick([...letters])}`;
    const variants: string[] = [product.description];
    for (let i = 0; i < 5; i++) {
        switch (product.group) {
            case 'apparel':
            case 'textiles':
                variants.push(`${product.description} (style ${random.intBetween(1000, 99999)})`);
                break;
            case 'food':
            case 'beverages':
                variants.push(`${product.description} (lot ${word()}${random.intBetween(100, 9999)})`);
                break;
            case 'energy':
            case 'metals':
            case 'chemicals':
                variants.push(`${product.description} (grade ${word()}-${random.intBetween(1, 999)})`);
                break;
            default:
                variants.push(`${product.description} (model ${word()}-${random.intBetween(10, 9999)})`);
        }
    }
    return variants.map(csvField);
}

function parseOrigins(product: CatalogProduct): { countries: Int32Array; weights: number[] } {
    const entries = product.origins.split(' ').map((entry) => {
        const match = /^([A-Z]{2})(\d+)$/.exec(entry);
        if (!match) throw new Error(`product ${product.hs6}: cannot read origin "${entry}"`);
        return { country: countryIndex(match[1]!), weight: Number(match[2]) };
    });
    return { countries: Int32Array.from(entries.map((entry) => entry.country)), weights: entries.map((entry) => entry.weight) };
}

export class TariffBook {
    readonly goods: Goods[] = [];
    readonly lines: TariffLine[] = [];

    constructor(seed: number) {
        const random = new Random(seed, 'tariff-book');
        const byHs6 = new Map<string, number>();
        for (const [index, product] of PRODUCTS.entries()) {
            if (byHs6.has(product.hs6)) throw new Error(`product ${product.hs6} appears twice in the catalog`);
            byHs6.set(product.hs6, index);
        }
        for (const [index, product] of PRODUCTS.entries()) {
            const origins = parseOrigins(product);
            const lnPriceFactor = new Float64Array(COUNTRY_CODES.length);
            for (const [country, code] of COUNTRY_CODES.entries()) {
                // Each product × origin gets its own price level around the country's general level.
                lnPriceFactor[country] = Math.log(COUNTRY_PRICE_LEVEL[code] ?? 1) + 0.12 * random.normal();
            }
            const lines = this.addLines(index, product, random);
            const neighbour = product.lowerDutyNeighbour === undefined ? -1 : byHs6.get(product.lowerDutyNeighbour);
            if (neighbour === undefined) throw new Error(`product ${product.hs6}: neighbour ${product.lowerDutyNeighbour} is not in the catalog`);
            this.goods.push({
                index,
                product,
                group: product.group,
                origins: origins.countries,
                originChoice: new WeightedChoice(origins.weights),
                lnPrice: Math.log(product.price),
                lnPriceFactor,
                descriptions: descriptionVariants(product, random),
                lines,
                lineChoice: new WeightedChoice(lines.map((line) => this.lineShare(product, line - lines[0]!))),
                neighbour,
                counted: COUNTED_UNITS.includes(product.unit),
                bulk: product.unit === 'kg' && product.lineQuantity >= 100_000,
                splittable: product.parcel === true && (!COUNTED_UNITS.includes(product.unit) || product.price <= 1200),
                hasCheaperPreference: lines.some((line) => this.lines[line]!.cheaperPreferences.length > 0),
                laneRisk: product.laneRisk ?? PRODUCT_GROUPS[product.group].laneRisk,
            });
        }
        for (const goods of this.goods) this.checkNeighbour(goods);
    }

    private lineShare(product: CatalogProduct, position: number): number {
        return product.national?.[position]?.share ?? 1;
    }

    /** National lines: '00 00' for a subheading without subdivisions, else '10', '20', … with statistical '00'. */
    private addLines(goodsIndex: number, product: CatalogProduct, random: Random): number[] {
        const subdivisions = product.national ?? [{ label: '', share: 1 }];
        const indices: number[] = [];
        subdivisions.forEach((subdivision, position) => {
            const national = product.national ? String((position + 1) * 10) : '00';
            const index = this.lines.length;
            const preferences: Preference[] = [];
            if (product.duty > 0) {
                for (const agreement of TRADE_AGREEMENTS) {
                    const rate = agreement.rate(product, random);
                    if (rate === null) continue;
                    for (const partner of agreement.partners) preferences.push({ country: countryIndex(partner), agreement: agreement.name, rate });
                }
            }
            const code = tariffCode(product.hs6, national, '00');
            this.lines.push({
                index,
                code,
                codeBytes: asciiBytes(code),
                goodsIndex,
                description: subdivision.label ? `${product.description}: ${subdivision.label}` : product.description,
                duty: product.duty,
                commodityTax: subdivision.commodityTax ?? product.commodityTax,
                preferences,
                cheaperPreferences: preferences.filter((preference) => preference.rate < product.duty),
            });
            indices.push(index);
        });
        return indices;
    }

    /** A misclassification must lower the tax, and the declared quantity must be expressible in the neighbour's unit. */
    private checkNeighbour(goods: Goods): void {
        if (goods.neighbour < 0) return;
        const neighbour = this.goods[goods.neighbour]!;
        const own = this.lines[goods.lines[0]!]!;
        const other = this.lines[neighbour.lines[0]!]!;
        if ((1 + other.duty) * (1 + other.commodityTax) >= (1 + own.duty) * (1 + own.commodityTax)) {
            throw new Error(`product ${goods.product.hs6}: neighbour ${neighbour.product.hs6} is not taxed less`);
        }
        if (neighbour.product.unit !== goods.product.unit && neighbour.product.unit !== 'kg') {
            throw new Error(`product ${goods.product.hs6}: neighbour ${neighbour.product.hs6} has unit ${neighbour.product.unit}`);
        }
    }

    /** The preference a line grants to an origin, if any. */
    preferenceFor(line: TariffLine, country: number): Preference | undefined {
        for (const preference of line.preferences) if (preference.country === country) return preference;
        return undefined;
    }

    /** Writes tariff_codes.csv and tariff_rates.csv; returns their row counts. */
    write(referenceDir: string): { tariff_codes: number; tariff_rates: number } {
        const sorted = [...this.lines].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
        const codes = new CsvFileWriter(join(referenceDir, 'tariff_codes.csv'), Object.keys(TariffCode.shape));
        const rates = new CsvFileWriter(join(referenceDir, 'tariff_rates.csv'), Object.keys(TariffRate.shape));
        for (const line of sorted) {
            const unit = this.goods[line.goodsIndex]!.product.unit;
            codes.line(`${line.code},${line.code.slice(0, 2)},${csvField(line.description)},${unit},${formatNumber(line.commodityTax)}`);
            rates.line(`${line.code},general,,,${formatNumber(line.duty)}`);
            for (const preference of line.preferences) {
                rates.line(`${line.code},preferential,${COUNTRY_CODES[preference.country]},${preference.agreement},${formatNumber(preference.rate)}`);
            }
        }
        codes.close();
        rates.close();
        return { tariff_codes: codes.rows, tariff_rates: rates.rows };
    }
}
