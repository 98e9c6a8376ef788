// Planting fraud in a truthfully filled declaration: the declared side of some items is changed, the truth is
// kept beside it (and later written to planted_fraud). Split shipments are planted by the month generator,
// since they make several declarations.
import { roundTo } from './csv-text.js';
import type { DeclarationDraft } from './declaration-draft.js';
import type { FraudKind } from './fraud-profile.js';
import type { Random } from './random.js';
import { countryIndex } from './reference-codes.js';
import type { Preference, TariffBook } from './tariff-book.js';

/** Share of a declaration's eligible items a fraud touches (at least one). */
const ITEM_SHARE = 0.6;

/** Whether the fraud can be planted in item i. */
function eligible(draft: DeclarationDraft, book: TariffBook, kind: FraudKind, i: number): boolean {
    const goods = book.goods[draft.goods[i]!]!;
    switch (kind) {
        case 'under_valuation': return true;
        case 'quantity_misdeclaration': return !goods.counted || draft.trueQuantity[i]! >= 2;
        case 'misclassification': return goods.neighbour >= 0;
        case 'false_preferential_origin': return book.lines[draft.trueLine[i]!]!.cheaperPreferences.length > 0;
        case 'drawback_over_declaration': return goods.product.duty > 0;
        case 'split_shipment': return false;
    }
}

/** Whether goods of this tariff line could have the fraud planted (used to steer the choice of goods). */
export function goodsAllow(book: TariffBook, kind: FraudKind, goodsIndex: number): boolean {
    const goods = book.goods[goodsIndex]!;
    if (kind === 'misclassification') return goods.neighbour >= 0;
    if (kind === 'false_preferential_origin') return goods.hasCheaperPreference;
    if (kind === 'drawback_over_declaration') return goods.product.duty > 0;
    return true;
}

/**
 * Plants `kind` in some eligible items and marks them; returns false (changing nothing) when no item is
 * eligible. Drawback stakes are set here; import stakes come from DeclarationDraft.assessTaxes.
 */
export function plantFraud(draft: DeclarationDraft, book: TariffBook, kind: FraudKind, random: Random): boolean {
    let first = -1;
    let touched = 0;
    for (let i = 0; i < draft.itemCount; i++) {
        if (!eligible(draft, book, kind, i)) continue;
        if (first < 0) first = i;
        if (random.chance(ITEM_SHARE)) {
            plantInItem(draft, book, kind, i, random);
            touched++;
        }
    }
    if (first < 0) return false;
    if (touched === 0) plantInItem(draft, book, kind, first, random);
    draft.fraudKind = kind;
    return true;
}

function plantInItem(draft: DeclarationDraft, book: TariffBook, kind: FraudKind, i: number, random: Random): void {
    draft.fraudulent[i] = 1;
    const goods = book.goods[draft.goods[i]!]!;
    switch (kind) {
        case 'under_valuation':
            // Invoice shows 30–70% of the price paid: a low unit value.
            draft.value[i] = Math.max(1, Math.round(draft.trueValue[i]! * random.between(0.3, 0.7)));
            break;
        case 'quantity_misdeclaration': {
            // Fewer units declared at the normal unit price; net mass stays true, so mass per unit is abnormal.
            const share = random.between(0.3, 0.7);
            const declared = goods.counted
                ? Math.max(1, Math.round(draft.trueQuantity[i]! * share))
                : Math.max(0.001, roundTo(draft.trueQuantity[i]! * share, 3));
            draft.quantity[i] = declared;
            draft.value[i] = Math.max(1, Math.round(draft.trueValue[i]! * (declared / draft.trueQuantity[i]!)));
            break;
        }
        case 'misclassification': {
            // Declared under the neighbour's code and rate; a kg-measured neighbour gets the net mass as quantity.
            const neighbour = book.goods[goods.neighbour]!;
            const line = book.lines[neighbour.lines[0]!]!;
            draft.line[i] = line.index;
            draft.dutyRate[i] = line.duty;
            draft.agreement[i] = null;
            if (neighbour.product.unit !== goods.product.unit) draft.quantity[i] = draft.netMass[i]!;
            if (random.chance(0.4)) draft.description[i] = neighbour.descriptions[0]!;
            // What truly applies is the general rate of the true code (any claimed preference is void with it).
            draft.trueDutyRate[i] = book.lines[draft.trueLine[i]!]!.duty;
            break;
        }
        case 'false_preferential_origin': {
            // Claims an agreement partner as origin; the goods really come from elsewhere and owe the general rate.
            const line = book.lines[draft.trueLine[i]!]!;
            const preference = random.pick(line.cheaperPreferences);
            if (book.preferenceFor(line, draft.trueOrigin[i]!)) draft.trueOrigin[i] = originWithoutPreference(goods.origins, line.preferences, random);
            draft.origin[i] = preference.country;
            draft.agreement[i] = preference.agreement;
            draft.dutyRate[i] = preference.rate;
            draft.trueDutyRate[i] = line.duty;
            break;
        }
        case 'drawback_over_declaration': {
            // Export value inflated 1.5–3×: the excess refund claimed is the duty on the inflated share.
            draft.value[i] = Math.round(draft.trueValue[i]! * random.between(1.5, 3));
            draft.stake[i] = Math.round((draft.value[i]! - draft.trueValue[i]!) * goods.product.duty);
            break;
        }
        case 'split_shipment':
            throw new Error('split shipments are planted by the month generator');
    }
}

/** An origin of the goods that no agreement covers for this line; Viet Nam when there is none. */
function originWithoutPreference(origins: Int32Array, preferences: Preference[], random: Random): number {
    const others = Array.from(origins).filter((country) => !preferences.some((preference) => preference.country === country));
    return others.length > 0 ? random.pick(others) : countryIndex('VN');
}
