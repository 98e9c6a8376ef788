// What a document review (C2) or physical inspection (C3) finds. Only checked declarations get an outcome, as in
// real life. A planted fraud is found with probability 0.5 in C2 and 0.8 in C3, and then the additional duty is
// the revenue at stake; about 3% of clean declarations show a minor discrepancy.
import type { DISCREPANCY_KINDS } from '../schema/code-lists.js';
import type { DeclarationDraft } from './declaration-draft.js';
import type { FraudKind } from './fraud-profile.js';
import type { Random } from './random.js';
import { WeightedChoice } from './weighted-choice.js';

type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

const DETECTION: Record<'C2' | 'C3', number> = { C2: 0.5, C3: 0.8 };
const MINOR_DISCREPANCY_RATE = 0.03;

const FRAUD_DISCREPANCY: Record<FraudKind, DiscrepancyKind> = {
    under_valuation: 'value',
    misclassification: 'classification',
    false_preferential_origin: 'origin',
    split_shipment: 'value',
    drawback_over_declaration: 'value',
    quantity_misdeclaration: 'quantity',
};

const MINOR_KINDS: DiscrepancyKind[] = ['value', 'quantity', 'classification', 'origin', 'prohibited_goods'];
const MINOR_KIND_CHOICE = new WeightedChoice([40, 25, 20, 10, 5]);

export class InspectionOutcome {
    found = false;
    kind: DiscrepancyKind | null = null;
    additionalCents = 0;

    decide(draft: DeclarationDraft, random: Random): void {
        this.found = false;
        this.kind = null;
        this.additionalCents = 0;
        if (draft.lane === 'C1') return;
        if (draft.fraudKind !== null) {
            if (random.chance(DETECTION[draft.lane])) {
                this.found = true;
                this.kind = FRAUD_DISCREPANCY[draft.fraudKind];
                this.additionalCents = draft.stakeCents;
            }
            return;
        }
        if (random.chance(MINOR_DISCREPANCY_RATE)) {
            this.found = true;
            this.kind = MINOR_KINDS[MINOR_KIND_CHOICE.draw(random)]!;
            // A small correction of the taxes; nothing to collect on prohibited goods (they are seized).
            this.additionalCents = this.kind === 'prohibited_goods' ? 0 : Math.round(draft.taxCents * random.between(0.02, 0.15));
        }
    }
}
