// One declaration being generated: the header and its item lines as declared, plus the truth behind planted
// fraud. A single draft is reused for every declaration of a run (item columns are typed arrays), so that
// generating millions of lines does not create millions of objects. Money is held in integer cents.
import type { FraudKind } from './fraud-profile.js';
import type { CurrencyCode, OfficeId } from './reference-codes.js';
import type { TariffBook } from './tariff-book.js';
import type { Broker, Trader } from './trader-population.js';

/** Most item lines a declaration may have (the schema's item_count limit). */
export const MAX_ITEMS = 999;

/** Business tax (VAT) on imports: 5% of customs value plus duty plus commodity tax. */
export const BUSINESS_TAX_RATE = 0.05;
/** Imports for home use with a CIF value up to TWD 2,000 are free of duty and taxes (in cents). */
export const DE_MINIMIS_CENTS = 200_000;

export type TransportKind = 'sea' | 'air' | 'mail' | 'road' | 'other';
export type Lane = 'C1' | 'C2' | 'C3';

export class DeclarationDraft {
    // Header.
    id = '';
    /** The id's ASCII bytes (written several times per declaration). */
    readonly idBytes = new Uint8Array(20);
    idLength = 0;
    isImport = true;
    procedure = 'home_use';
    /** Local seconds. */
    lodgedAt = 0;
    office: OfficeId = 'KL01';
    transport: TransportKind = 'sea';
    /** Sent as a small parcel by mail or express. */
    parcel = false;
    trader!: Trader;
    broker!: Broker;
    /** '' when there is none. */
    foreignParty = '';
    isAeo = false;
    /** Country indices, -1 for none. */
    consignmentCountry = -1;
    destinationCountry = -1;
    currency: CurrencyCode = 'USD';
    incoterm = 'FOB';
    invoiceCents = 0;
    cifCents = 0;
    fobCents = 0;
    lane: Lane = 'C1';
    /** Freight and insurance as a share of the FOB value. */
    freightShare = 0;

    // Fraud planted in this declaration (one kind at most).
    fraudKind: FraudKind | null = null;
    /** Revenue at stake of the whole declaration, cents. */
    stakeCents = 0;
    /** Declared duty, business tax and commodity tax totals, cents. */
    dutyCents = 0;
    businessTaxCents = 0;
    commodityTaxCents = 0;

    // Item lines: declared values, and the truth where fraud changed them.
    itemCount = 0;
    readonly goods = new Int32Array(MAX_ITEMS);
    /** Declared and true tariff line indices. */
    readonly line = new Int32Array(MAX_ITEMS);
    readonly trueLine = new Int32Array(MAX_ITEMS);
    readonly description: string[] = new Array<string>(MAX_ITEMS).fill('');
    /** Declared and true country of origin (indices). */
    readonly origin = new Int32Array(MAX_ITEMS);
    readonly trueOrigin = new Int32Array(MAX_ITEMS);
    readonly quantity = new Float64Array(MAX_ITEMS);
    readonly trueQuantity = new Float64Array(MAX_ITEMS);
    readonly netMass = new Float64Array(MAX_ITEMS);
    readonly grossMass = new Float64Array(MAX_ITEMS);
    /** Customs value (CIF for imports, FOB for exports), declared and true, cents. */
    readonly value = new Float64Array(MAX_ITEMS);
    readonly trueValue = new Float64Array(MAX_ITEMS);
    /** Duty rate declared and the one that truly applies. */
    readonly dutyRate = new Float64Array(MAX_ITEMS);
    readonly trueDutyRate = new Float64Array(MAX_ITEMS);
    /** Preference agreement claimed, or null. */
    readonly agreement: (string | null)[] = new Array<string | null>(MAX_ITEMS).fill(null);
    /** Declared taxes per item, cents. */
    readonly duty = new Float64Array(MAX_ITEMS);
    readonly businessTax = new Float64Array(MAX_ITEMS);
    readonly commodityTax = new Float64Array(MAX_ITEMS);
    /** 1 when the declaration's fraud touches this item. */
    readonly fraudulent = new Uint8Array(MAX_ITEMS);
    /** Revenue at stake of this item, cents. */
    readonly stake = new Float64Array(MAX_ITEMS);

    setId(id: string): void {
        this.id = id;
        this.idLength = id.length;
        for (let i = 0; i < id.length; i++) this.idBytes[i] = id.charCodeAt(i);
    }

    /** Clears what differs from one declaration to the next (item arrays are overwritten as items are added). */
    reset(): void {
        this.foreignParty = '';
        this.consignmentCountry = -1;
        this.destinationCountry = -1;
        this.parcel = false;
        this.fraudKind = null;
        this.stakeCents = 0;
        this.dutyCents = 0;
        this.businessTaxCents = 0;
        this.commodityTaxCents = 0;
        this.itemCount = 0;
    }

    /** Makes the declared side of item i equal to its truth (before any fraud is planted). */
    declareTruthfully(i: number): void {
        this.line[i] = this.trueLine[i]!;
        this.origin[i] = this.trueOrigin[i]!;
        this.quantity[i] = this.trueQuantity[i]!;
        this.value[i] = this.trueValue[i]!;
        this.dutyRate[i] = this.trueDutyRate[i]!;
        this.fraudulent[i] = 0;
        this.stake[i] = 0;
    }

    /**
     * Computes each item's declared taxes, the header totals and the revenue at stake: the duty and taxes the true
     * declaration would have paid minus those declared. Only imports for home use pay, and only above de minimis.
     * Drawback stakes (exports) are set by the fraud planting itself and kept.
     */
    assessTaxes(book: TariffBook): void {
        let declaredTotal = 0;
        let trueTotal = 0;
        for (let i = 0; i < this.itemCount; i++) {
            declaredTotal += this.value[i]!;
            trueTotal += this.trueValue[i]!;
        }
        const payable = this.isImport && this.procedure === 'home_use';
        const declaredTaxed = payable && declaredTotal > DE_MINIMIS_CENTS;
        const trulyTaxed = payable && trueTotal > DE_MINIMIS_CENTS;
        this.dutyCents = 0;
        this.businessTaxCents = 0;
        this.commodityTaxCents = 0;
        let stake = 0;
        for (let i = 0; i < this.itemCount; i++) {
            if (declaredTaxed) {
                const value = this.value[i]!;
                const duty = Math.round(value * this.dutyRate[i]!);
                const commodityTax = Math.round((value + duty) * book.lines[this.line[i]!]!.commodityTax);
                const businessTax = Math.round((value + duty + commodityTax) * BUSINESS_TAX_RATE);
                this.duty[i] = duty;
                this.commodityTax[i] = commodityTax;
                this.businessTax[i] = businessTax;
            } else {
                this.duty[i] = 0;
                this.commodityTax[i] = 0;
                this.businessTax[i] = 0;
            }
            this.dutyCents += this.duty[i]!;
            this.commodityTaxCents += this.commodityTax[i]!;
            this.businessTaxCents += this.businessTax[i]!;
            if (this.fraudulent[i] && this.isImport) {
                let trueTaxes = 0;
                if (trulyTaxed) {
                    const value = this.trueValue[i]!;
                    const duty = Math.round(value * this.trueDutyRate[i]!);
                    const commodityTax = Math.round((value + duty) * book.lines[this.trueLine[i]!]!.commodityTax);
                    trueTaxes = duty + commodityTax + Math.round((value + duty + commodityTax) * BUSINESS_TAX_RATE);
                }
                this.stake[i] = Math.max(0, trueTaxes - (this.duty[i]! + this.commodityTax[i]! + this.businessTax[i]!));
            }
            stake += this.stake[i]!;
        }
        this.stakeCents = stake;
    }

    get taxCents(): number {
        return this.dutyCents + this.businessTaxCents + this.commodityTaxCents;
    }
}
