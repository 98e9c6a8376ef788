// Selectivity: the risk engine's lane for a declaration. C1 (paperless release) for the large majority, C2
// (document review) for about 9%, C3 (documents and physical inspection) for about 3%. Risk rises with risky
// goods and origins, new traders, a trader's past discrepancies and, far from always, planted fraud; AEO traders,
// exports and small parcels are checked less.
import type { DeclarationDraft, Lane } from './declaration-draft.js';
import type { Random } from './random.js';
import { COUNTRY_CODES } from './reference-codes.js';
import type { TariffBook } from './tariff-book.js';

/** Probability of C3 and of C2 for a declaration of average risk. */
const BASE_C3 = 0.028;
const BASE_C2 = 0.08;
const MAX_PROBABILITY = 0.45;

/** Origins watched for transhipment and food safety. */
const ORIGIN_RISK: Partial<Record<string, number>> = { CN: 1.2, HK: 1.3, MO: 1.3, VN: 1.1, PA: 1.2 };

export interface LaneContext {
    /** Registered less than a year before lodgement. */
    newTrader: boolean;
    /** Discrepancies found at the trader's earlier inspections. */
    pastDiscrepancies: number;
}

export function laneRisk(draft: DeclarationDraft, book: TariffBook, context: LaneContext): number {
    let goodsRisk = 0;
    for (let i = 0; i < draft.itemCount; i++) goodsRisk = Math.max(goodsRisk, book.goods[draft.goods[i]!]!.laneRisk);
    let risk = goodsRisk * (ORIGIN_RISK[COUNTRY_CODES[draft.origin[0]!]!] ?? 1);
    if (draft.isAeo) risk *= 0.2;
    if (context.newTrader) risk *= 1.8;
    if (draft.fraudKind !== null) risk *= 2.5;
    if (!draft.isImport) risk *= 0.6;
    if (draft.parcel) risk *= 0.6;
    return risk * (1 + 0.4 * Math.min(context.pastDiscrepancies, 5));
}

export function chooseLane(draft: DeclarationDraft, book: TariffBook, context: LaneContext, random: Random): Lane {
    const risk = laneRisk(draft, book, context);
    const c3 = Math.min(MAX_PROBABILITY, BASE_C3 * risk);
    const c2 = Math.min(MAX_PROBABILITY, BASE_C2 * risk);
    const draw = random.float();
    return draw < c3 ? 'C3' : draw < c3 + c2 ? 'C2' : 'C1';
}
