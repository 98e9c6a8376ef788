// How a consignment travels and is invoiced: mode of transport and customs office, invoice currency, Incoterm,
// and the freight and insurance between the FOB and CIF values.
import type { TransportKind } from './declaration-draft.js';
import type { Goods } from './tariff-book.js';
import type { Random } from './random.js';
import { COUNTRY_CODES, type CurrencyCode, type OfficeId } from './reference-codes.js';
import { WeightedChoice } from './weighted-choice.js';

/** UN/ECE Recommendation 19 code of each transport kind. */
export const TRANSPORT_MODE_CODE: Record<TransportKind, string> = { sea: '1', air: '4', mail: '5', road: '3', other: '9' };

function table<T extends string>(entries: Partial<Record<T, number>>): { values: T[]; choice: WeightedChoice } {
    const values = Object.keys(entries) as T[];
    return { values, choice: new WeightedChoice(values.map((value) => entries[value]!)) };
}

function draw<T extends string>(from: { values: T[]; choice: WeightedChoice }, random: Random): T {
    return from.values[from.choice.draw(random)]!;
}

const SEA_OFFICES = table<OfficeId>({ KH01: 42, KL01: 28, TC01: 25, ML01: 5 });
/** Crude oil, gas, coal and ore land at the energy ports: Mailiao, Kaohsiung, Taichung. */
const BULK_OFFICES = table<OfficeId>({ ML01: 30, KH01: 35, TC01: 35 });
const AIR_OFFICES = table<OfficeId>({ TP01: 87, KH02: 13 });
const ROAD_OFFICES = table<OfficeId>({ KL01: 30, KH01: 40, TP01: 30 });

/** Transport and office of a cargo (non-parcel) consignment whose main goods are `goods`. */
export function cargoTransport(goods: Goods, procedure: string, random: Random): { transport: TransportKind; office: OfficeId } {
    const bonded = procedure === 'free_zone' || procedure === 'warehouse';
    if (bonded && random.chance(0.3)) {
        // Trucked between a bonded area and the domestic market.
        return { transport: 'road', office: procedure === 'free_zone' ? 'KH03' : draw(ROAD_OFFICES, random) };
    }
    if (random.chance(0.004)) return { transport: 'other', office: random.chance(0.5) ? 'KH01' : 'TP01' };
    if (random.chance(goods.product.air)) {
        return { transport: 'air', office: procedure === 'free_zone' ? 'TP01' : draw(AIR_OFFICES, random) };
    }
    if (procedure === 'free_zone') return { transport: 'sea', office: 'KH03' };
    return { transport: 'sea', office: draw(goods.bulk ? BULK_OFFICES : SEA_OFFICES, random) };
}

/** Transport and office of a small parcel: international mail or air express. */
export function parcelTransport(random: Random): { transport: TransportKind; office: OfficeId } {
    return random.chance(0.4) ? { transport: 'mail', office: 'TP03' } : { transport: 'air', office: 'TP02' };
}

/** Share of invoices in the partner country's own currency (the rest mostly USD). */
const LOCAL_CURRENCY: Partial<Record<string, [CurrencyCode, number]>> = {
    JP: ['JPY', 0.45], CN: ['CNY', 0.25], HK: ['HKD', 0.25], KR: ['KRW', 0.15], SG: ['SGD', 0.15], GB: ['GBP', 0.35],
    AU: ['AUD', 0.35], CH: ['CHF', 0.4], MY: ['MYR', 0.15], TH: ['THB', 0.15], CA: ['CAD', 0.25], NZ: ['NZD', 0.35],
    DE: ['EUR', 0.5], FR: ['EUR', 0.5], IT: ['EUR', 0.5], NL: ['EUR', 0.5], BE: ['EUR', 0.5], ES: ['EUR', 0.5],
    IE: ['EUR', 0.5], AT: ['EUR', 0.5], FI: ['EUR', 0.5],
};

/** Invoice currency for a consignment from (imports) or to (exports) a partner country. */
export function invoiceCurrency(isImport: boolean, partnerCountry: number, random: Random): CurrencyCode {
    if (random.chance(isImport ? 0.02 : 0.05)) return 'TWD';
    const local = LOCAL_CURRENCY[COUNTRY_CODES[partnerCountry]!];
    if (local && random.chance(isImport ? local[1] : local[1] / 3)) return local[0];
    return 'USD';
}

const INCOTERMS = {
    importSea: table({ FOB: 40, CIF: 25, CFR: 15, EXW: 5, FCA: 5, DAP: 6, DDP: 2, FAS: 2 }),
    importAir: table({ FCA: 30, EXW: 15, CPT: 10, CIP: 12, DAP: 20, DDP: 8, DPU: 5 }),
    parcel: table({ DAP: 60, DDP: 40 }),
    exportSea: table({ FOB: 60, CIF: 15, CFR: 10, FCA: 5, EXW: 5, DAP: 5 }),
    exportAir: table({ FCA: 40, EXW: 10, CPT: 15, CIP: 10, DAP: 20, DDP: 5 }),
};

export function incoterm(isImport: boolean, transport: TransportKind, parcel: boolean, random: Random): string {
    if (parcel) return draw(INCOTERMS.parcel, random);
    const byAir = transport === 'air';
    if (isImport) return draw(byAir ? INCOTERMS.importAir : INCOTERMS.importSea, random);
    return draw(byAir ? INCOTERMS.exportAir : INCOTERMS.exportSea, random);
}

/**
 * Invoice value in TWD cents: E and F terms invoice the goods at FOB, C terms include freight and insurance
 * (CIF), D terms also delivery in Taiwan (about 2% more).
 */
export function invoiceValueCents(term: string, fobCents: number, cifCents: number): number {
    if (term.startsWith('E') || term.startsWith('F')) return fobCents;
    if (term.startsWith('C')) return cifCents;
    return Math.round(cifCents * 1.02);
}

/** Freight and insurance as a share of the FOB value: 3–8% by sea, more by air and for parcels. */
export function freightShare(transport: TransportKind, parcel: boolean, random: Random): number {
    if (parcel) return random.between(0.08, 0.2);
    switch (transport) {
        case 'air': return random.between(0.06, 0.15);
        case 'road': return random.between(0.01, 0.03);
        default: return random.between(0.03, 0.08);
    }
}
