// Filling one item line truthfully: tariff line, quantity (log-normal), unit price (log-normal per HS × origin),
// net and gross mass, FOB and customs value, and a valid preference claim when the origin qualifies.
import { toCents, roundTo } from './csv-text.js';
import type { DeclarationDraft } from './declaration-draft.js';
import type { Random } from './random.js';
import type { Goods, TariffBook } from './tariff-book.js';

/** Heaviest item line, kg: keeps masses inside the schema's range whatever the draw. */
const MAX_LINE_MASS_KG = 5e8;

export interface ItemShape {
    /** A small parcel: the quantity follows a consumer-sized value instead of the catalog's cargo quantity. */
    parcel: boolean;
    byAir: boolean;
    /** Customs value of a parcel line to aim at, TWD, or 0 for a typical one. */
    targetValueTwd: number;
}

/** Appends item `draft.itemCount` with the given goods and true origin. Customs value is set from draft.freightShare. */
export function addItem(draft: DeclarationDraft, book: TariffBook, goods: Goods, origin: number, shape: ItemShape, random: Random): void {
    const i = draft.itemCount++;
    const product = goods.product;
    draft.goods[i] = goods.index;
    draft.trueLine[i] = goods.lines[goods.lineChoice.draw(random)]!;
    draft.trueOrigin[i] = origin;
    draft.description[i] = random.chance(0.7) ? goods.descriptions[0]! : random.pick(goods.descriptions);

    // Consignments of the same goods from the same origin vary in price around its level.
    const cif = 1 + (draft.isImport ? draft.freightShare : 0);
    let unitPrice = Math.exp(goods.lnPrice + goods.lnPriceFactor[origin]! + product.spread * random.normal());
    let quantity: number;
    if (shape.parcel) {
        const target = shape.targetValueTwd > 0 ? shape.targetValueTwd : random.logNormal(1400, 0.9);
        if (shape.targetValueTwd > 0) unitPrice = Math.min(unitPrice, target / cif);
        quantity = target / (unitPrice * cif);
        // A split part must stay under its target: round down.
        if (goods.counted) quantity = Math.max(1, shape.targetValueTwd > 0 ? Math.floor(quantity) : Math.round(quantity));
    } else {
        // Air shipments of goods that usually go by sea are small.
        const median = product.lineQuantity * (shape.byAir && product.air < 0.5 ? 0.25 : 1);
        quantity = Math.min(random.logNormal(median, goods.bulk ? 0.35 : 1.0), MAX_LINE_MASS_KG / product.unitMassKg);
        if (goods.counted) quantity = Math.max(1, Math.round(quantity));
    }
    if (!goods.counted) quantity = Math.max(0.001, roundTo(quantity, 3));

    const netMass = product.unit === 'kg'
        ? quantity
        : Math.max(0.001, roundTo(quantity * product.unitMassKg * random.logNormal(1, 0.08), 3));
    const packaging = goods.bulk ? random.between(1, 1.002) : random.between(1.04, 1.3);
    draft.trueQuantity[i] = quantity;
    draft.netMass[i] = netMass;
    draft.grossMass[i] = Math.max(netMass, roundTo(netMass * packaging, 3));

    const fob = Math.max(1, toCents(quantity * unitPrice));
    draft.trueValue[i] = draft.isImport ? Math.round(fob * cif) : fob;

    // A valid preference is claimed on imports for home use 85% of the time.
    const line = book.lines[draft.trueLine[i]!]!;
    draft.trueDutyRate[i] = draft.isImport ? line.duty : 0;
    draft.agreement[i] = null;
    if (draft.isImport && draft.procedure === 'home_use') {
        const preference = book.preferenceFor(line, origin);
        if (preference && random.chance(0.85)) {
            draft.trueDutyRate[i] = preference.rate;
            draft.agreement[i] = preference.agreement;
        }
    }
    draft.declareTruthfully(i);
}
