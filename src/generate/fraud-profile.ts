// How much and which fraud a trader commits. About 1.8% of traders are systematic fraudsters (30–60% of their
// declarations carry fraud, mostly of one favourite kind); every other trader has background fraud on 0.5–2.5%
// of declarations. A kind is only possible when the trader's goods allow it (a lower-duty neighbour code to
// misclassify into, a preferential rate to claim, parcel goods to split, dutiable exports to claim drawback on).
import type { FRAUD_KINDS } from '../schema/code-lists.js';
import type { Random } from './random.js';
import type { TariffBook } from './tariff-book.js';
import { WeightedChoice } from './weighted-choice.js';

export type FraudKind = (typeof FRAUD_KINDS)[number];

/** Import fraud kinds and how common each is among fraudulent imports (relative weights). */
export const IMPORT_FRAUD_KINDS: readonly FraudKind[] = [
    'under_valuation', 'misclassification', 'false_preferential_origin', 'quantity_misdeclaration', 'split_shipment',
];
const IMPORT_FRAUD_WEIGHTS = [35, 20, 15, 15, 15];

export const SYSTEMATIC_TRADER_SHARE = 0.018;

export interface FraudProfile {
    systematic: boolean;
    /** Probability that one of the trader's declarations carries fraud. */
    rate: number;
    /** The kind a systematic trader favours (75% of its frauds), or null. */
    favourite: FraudKind | null;
    /** Draws an import fraud kind among those the trader's goods allow; null when none is. */
    importKinds: WeightedChoice | null;
    /** Its exports include dutiable goods, so it can over-declare drawback exports. */
    canClaimDrawback: boolean;
}

/** The goods a trader deals in, as goods indices of the tariff book. */
export interface TradedGoods {
    imports: readonly number[];
    /** Among its imports are parcel goods cheap enough to split under de minimis. */
    splittableParcels: boolean;
    exports: readonly number[];
}

/** One shared draw per combination of eligible import kinds (tens of thousands of traders hold one). */
const IMPORT_KIND_CHOICES = new Map<number, WeightedChoice | null>();

function importKindChoice(eligible: boolean[]): WeightedChoice | null {
    const key = eligible.reduce((bits, isEligible, position) => bits | (isEligible ? 1 << position : 0), 0);
    let choice = IMPORT_KIND_CHOICES.get(key);
    if (choice === undefined) {
        choice = key === 0 ? null : new WeightedChoice(IMPORT_FRAUD_WEIGHTS.map((weight, position) => (eligible[position] ? weight : 0)));
        IMPORT_KIND_CHOICES.set(key, choice);
    }
    return choice;
}

export function fraudProfile(book: TariffBook, goods: TradedGoods, systematic: boolean, random: Random): FraudProfile {
    const imports = goods.imports;
    const eligible: Record<FraudKind, boolean> = {
        under_valuation: imports.length > 0,
        quantity_misdeclaration: imports.length > 0,
        misclassification: imports.some((index) => book.goods[index]!.neighbour >= 0),
        false_preferential_origin: imports.some((index) => book.goods[index]!.hasCheaperPreference),
        split_shipment: goods.splittableParcels,
        drawback_over_declaration: goods.exports.some((index) => book.goods[index]!.product.duty > 0),
    };
    const importKinds = importKindChoice(IMPORT_FRAUD_KINDS.map((kind) => eligible[kind]));
    let favourite: FraudKind | null = null;
    if (systematic) {
        // A trader that only exports (or mostly claims drawback) favours drawback; importers one import kind.
        if (importKinds && !(eligible.drawback_over_declaration && random.chance(0.2))) {
            favourite = IMPORT_FRAUD_KINDS[importKinds.draw(random)]!;
        } else if (eligible.drawback_over_declaration) {
            favourite = 'drawback_over_declaration';
        }
    }
    return {
        systematic,
        rate: systematic ? random.between(0.3, 0.6) : random.between(0.005, 0.025),
        favourite,
        importKinds,
        canClaimDrawback: eligible.drawback_over_declaration,
    };
}
