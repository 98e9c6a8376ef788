// Generates one month of declarations and everything that hangs off them, streaming each row to the month's
// files: declarations, declaration_items, clearance_events, inspections, payments, planted_fraud. Only the
// month's lodgement times are held in memory; one reusable draft carries a declaration from its trader to its rows.
import { join } from 'node:path';
import { ClearanceEvent, Inspection } from '../schema/clearance.js';
import { Declaration, DeclarationItem } from '../schema/declaration.js';
import { PlantedFraud } from '../schema/ground-truth.js';
import { Payment } from '../schema/payment.js';
import { AuditLedger } from './audit-planner.js';
import { ClearanceTimeline, EVENT_NAMES } from './clearance-timeline.js';
import { asciiBytes, CsvFileWriter } from './csv-file-writer.js';
import { formatRate } from './csv-text.js';
import { lodgementTimes } from './declaration-calendar.js';
import { BUSINESS_TAX_RATE, DeclarationDraft, MAX_ITEMS } from './declaration-draft.js';
import type { ExchangeRates } from './exchange-rates.js';
import { goodsAllow, plantFraud } from './fraud-planting.js';
import { IMPORT_FRAUD_KINDS, type FraudKind } from './fraud-profile.js';
import { InspectionOutcome } from './inspection-outcome.js';
import { addItem } from './item-lines.js';
import { chooseLane } from './lane-selection.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, type TimeText, type TimeWindow, type WindowMonth } from './local-time.js';
import { DAYS_TO_PAY, PaymentOutcome } from './payment-outcome.js';
import { Random } from './random.js';
import { COUNTRY_CODES, countryIndex, WHOLE_UNIT_CURRENCIES } from './reference-codes.js';
import {
    cargoTransport, freightShare, incoterm, invoiceCurrency, invoiceValueCents, parcelTransport, TRANSPORT_MODE_CODE,
} from './shipment-terms.js';
import type { Goods, TariffBook } from './tariff-book.js';
import type { Portfolio, Trader, TraderPopulation } from './trader-population.js';
import { WeightedChoice } from './weighted-choice.js';

/** Share of declarations that are imports. */
const IMPORT_SHARE = 0.6;
/** Mean number of item lines beyond the first: cargo about 3 lines in all, parcels about 1.3. */
const EXTRA_ITEMS_CARGO = 2.25;
const EXTRA_ITEMS_PARCEL = 0.3;
/** Share of import lines whose origin is the trader's usual one for the goods (the rest follow the goods' mix). */
const USUAL_ORIGIN_SHARE = 0.6;

const IMPORT_PROCEDURES = ['home_use', 'warehouse', 'free_zone', 're_import'];
const IMPORT_PROCEDURE_CHOICE = new WeightedChoice([86, 6, 5, 3]);
const EXPORT_PROCEDURES = ['export', 're_export', 'drawback', 'free_zone'];
const EXPORT_PROCEDURE_CHOICE = new WeightedChoice([80, 10, 6, 4]);
/** Foreign partners per trader and country: the main one and two occasional ones. */
const PARTNER_CHOICE = new WeightedChoice([70, 20, 10]);

const TAIWAN = countryIndex('TW');
/** Codes written on most rows, as bytes. */
const COUNTRY_BYTES = COUNTRY_CODES.map(asciiBytes);
const EVENT_BYTES = EVENT_NAMES.map(asciiBytes);
const NOTHING = new Uint8Array(0);
/** Where imports are shipped from when not from their origin: regional hubs. */
const HUBS = ['HK', 'SG', 'JP', 'KR', 'CN', 'US'].map(countryIndex);

export const MONTH_TABLES = ['declarations', 'declaration_items', 'clearance_events', 'inspections', 'payments', 'planted_fraud'] as const;
export type MonthTable = (typeof MONTH_TABLES)[number];

const MONTH_TABLE_COLUMNS: Record<MonthTable, string[]> = {
    declarations: Object.keys(Declaration.shape),
    declaration_items: Object.keys(DeclarationItem.shape),
    clearance_events: Object.keys(ClearanceEvent.shape),
    inspections: Object.keys(Inspection.shape),
    payments: Object.keys(Payment.shape),
    planted_fraud: Object.keys(PlantedFraud.shape),
};

export interface WorldParts {
    seed: number;
    outDir: string;
    window: TimeWindow;
    book: TariffBook;
    population: TraderPopulation;
    rates: ExchangeRates;
    ledger: AuditLedger;
    timeText: TimeText;
    /** Called once per declaration written. */
    onDeclaration: () => void;
}

export class MonthGenerator {
    private readonly draft = new DeclarationDraft();
    private readonly timeline = new ClearanceTimeline();
    private readonly inspection = new InspectionOutcome();
    private readonly payment = new PaymentOutcome();
    /** Rows written per table over all months. */
    readonly rows: Record<MonthTable, number> = {
        declarations: 0, declaration_items: 0, clearance_events: 0, inspections: 0, payments: 0, planted_fraud: 0,
    };

    private writers!: Record<MonthTable, CsvFileWriter>;
    private random!: Random;
    private month!: WindowMonth;
    private slot = 0;
    private importSequence = 0;
    private exportSequence = 0;
    private idPrefix = '';

    constructor(private readonly world: WorldParts) {}

    /** Writes `count` declarations lodged in `month`. */
    generate(month: WindowMonth, count: number): void {
        const { population } = this.world;
        this.month = month;
        this.random = new Random(this.world.seed, 'month', month.index);
        this.slot = AuditLedger.slotOf(month);
        this.importSequence = 0;
        this.exportSequence = 0;
        this.idPrefix = `${String(month.year % 100).padStart(2, '0')}${String(month.month).padStart(2, '0')}`;
        this.writers = Object.fromEntries(MONTH_TABLES.map((table) => [
            table, new CsvFileWriter(join(this.world.outDir, table, `${month.label}.csv`), MONTH_TABLE_COLUMNS[table]),
        ])) as Record<MonthTable, CsvFileWriter>;

        const random = this.random;
        const times = lodgementTimes(month, count, random);
        const choices = population.monthChoices(month);
        const monthLastSecond = (month.firstDay + month.dayCount) * SECONDS_PER_DAY - 1;
        let done = 0;
        while (done < count) {
            let isImport = random.chance(IMPORT_SHARE);
            if ((isImport ? choices.imports : choices.exports).total <= 0) isImport = !isImport;
            const trader = population.traders[(isImport ? choices.imports : choices.exports).draw(random)]!;
            let kind = this.fraudKind(trader, isImport);
            if (kind === 'split_shipment') {
                const parts = count - done >= 2 ? this.splitShipment(trader, times[done]!, Math.min(8, count - done), monthLastSecond) : 0;
                if (parts > 0) {
                    done += parts;
                    continue;
                }
                kind = 'under_valuation';
            }
            this.declaration(trader, isImport, times[done]!, kind);
            done++;
        }
        for (const table of MONTH_TABLES) {
            this.writers[table].close();
            this.rows[table] += this.writers[table].rows;
        }
    }

    /** The fraud, if any, planted in a trader's next declaration. */
    private fraudKind(trader: Trader, isImport: boolean): FraudKind | null {
        const profile = trader.fraud;
        if (!this.random.chance(profile.rate)) return null;
        if (!isImport) return profile.canClaimDrawback ? 'drawback_over_declaration' : null;
        if (profile.favourite && profile.favourite !== 'drawback_over_declaration' && this.random.chance(0.75)) return profile.favourite;
        return profile.importKinds ? IMPORT_FRAUD_KINDS[profile.importKinds.draw(this.random)]! : null;
    }

    /** One ordinary declaration, possibly carrying an item-level fraud. */
    private declaration(trader: Trader, isImport: boolean, lodgedAt: number, kind: FraudKind | null): void {
        const { book } = this.world;
        const random = this.random;
        const draft = this.draft;
        draft.reset();
        this.startHeader(trader, isImport, lodgedAt);
        const portfolio = (isImport ? trader.imports : trader.exports)!;
        if (kind !== null) draft.procedure = isImport ? 'home_use' : 'drawback';
        else if (isImport) draft.procedure = IMPORT_PROCEDURES[IMPORT_PROCEDURE_CHOICE.draw(random)]!;
        else draft.procedure = EXPORT_PROCEDURES[EXPORT_PROCEDURE_CHOICE.draw(random)]!;

        const parcelShare = isImport ? (draft.procedure === 'home_use' ? trader.parcelShare : 0) : trader.parcelShare * 0.2;
        draft.parcel = portfolio.parcelChoice !== null && random.chance(parcelShare);
        const first = this.pickGoods(portfolio, kind);
        const goods = book.goods[portfolio.goods[first]!]!;
        const route = draft.parcel ? parcelTransport(random) : cargoTransport(goods, draft.procedure, random);
        draft.transport = route.transport;
        draft.office = route.office;
        draft.freightShare = freightShare(draft.transport, draft.parcel, random);

        const itemCount = Math.min(MAX_ITEMS, 1 + random.geometric(draft.parcel ? EXTRA_ITEMS_PARCEL : EXTRA_ITEMS_CARGO));
        const shape = { parcel: draft.parcel, byAir: draft.transport === 'air', targetValueTwd: 0 };
        for (let i = 0; i < itemCount; i++) {
            const position = i === 0 ? first : this.pickGoods(portfolio, null);
            const itemGoods = book.goods[portfolio.goods[position]!]!;
            addItem(draft, book, itemGoods, this.originOf(portfolio, position, itemGoods), shape, random);
        }
        if (kind !== null && !plantFraud(draft, book, kind, random) && isImport) plantFraud(draft, book, 'under_valuation', random);
        draft.assessTaxes(book);
        this.completeHeader(false);
        this.finish();
    }

    /**
     * A split shipment: one consignment of parcel goods worth TWD 4,500–25,000 sent as 2–8 mail or express
     * declarations of at most TWD 2,000 each (duty- and tax-free under de minimis) by the same trader, from the
     * same seller, within about a day. Each declaration's revenue at stake is its share of the duty and taxes the
     * whole consignment owes. Returns the number of declarations written (0 when the trader has no goods to split).
     */
    private splitShipment(trader: Trader, firstAt: number, maxParts: number, monthLastSecond: number): number {
        const { book } = this.world;
        const random = this.random;
        const portfolio = trader.imports;
        if (!portfolio?.parcelChoice) return 0;
        let goods: Goods | null = null;
        let position = 0;
        for (let attempt = 0; attempt < 20 && goods === null; attempt++) {
            position = portfolio.parcelPositions[portfolio.parcelChoice.draw(random)]!;
            const candidate = book.goods[portfolio.goods[position]!]!;
            if (candidate.splittable) goods = candidate;
        }
        if (goods === null) return 0;

        const consignmentTwd = Math.min(25_000, Math.max(4_500, random.logNormal(7_000, 0.5)));
        const parts = Math.min(maxParts, Math.max(2, Math.ceil(consignmentTwd / random.between(1_500, 1_900))));
        const partTwd = Math.min(1_950, consignmentTwd / parts);
        const route = parcelTransport(random);
        const origin = this.usualOrAnyOrigin(portfolio, position, goods);
        for (let part = 0; part < parts; part++) {
            let lodgedAt = firstAt;
            if (part > 0) {
                lodgedAt = firstAt + Math.round(random.between(300, 30 * SECONDS_PER_HOUR));
                if (lodgedAt > monthLastSecond) lodgedAt = Math.min(monthLastSecond, firstAt + random.intBetween(60, 3600));
            }
            const draft = this.draft;
            draft.reset();
            this.startHeader(trader, true, lodgedAt);
            draft.procedure = 'home_use';
            draft.parcel = true;
            draft.transport = route.transport;
            draft.office = route.office;
            draft.freightShare = freightShare(draft.transport, true, random);
            addItem(draft, book, goods, origin, { parcel: true, byAir: draft.transport === 'air', targetValueTwd: partTwd * random.between(0.9, 1) }, random);
            // No preference claimed: a parcel states the general rate of its line.
            const line = book.lines[draft.trueLine[0]!]!;
            draft.agreement[0] = null;
            draft.dutyRate[0] = line.duty;
            draft.assessTaxes(book);
            draft.fraudKind = 'split_shipment';
            // Duty, commodity tax and business tax this part's value would bear in the whole consignment.
            draft.stakeCents = Math.round(draft.value[0]! * ((1 + line.duty) * (1 + line.commodityTax) * (1 + BUSINESS_TAX_RATE) - 1));
            this.completeHeader(true);
            this.finish();
        }
        return parts;
    }

    private startHeader(trader: Trader, isImport: boolean, lodgedAt: number): void {
        const draft = this.draft;
        draft.isImport = isImport;
        draft.lodgedAt = lodgedAt;
        draft.trader = trader;
        draft.broker = this.world.population.brokerFor(trader, this.random);
        draft.isAeo = trader.aeoSinceDay <= Math.floor(lodgedAt / SECONDS_PER_DAY);
        if (isImport) draft.setId(`IM${this.idPrefix}${String(++this.importSequence).padStart(7, '0')}`);
        else draft.setId(`EX${this.idPrefix}${String(++this.exportSequence).padStart(7, '0')}`);
    }

    /** A position in the portfolio; for a fraud that needs particular goods, such goods are preferred. */
    private pickGoods(portfolio: Portfolio, kind: FraudKind | null): number {
        let position = this.drawGoods(portfolio);
        if (kind !== null) {
            for (let attempt = 0; attempt < 8 && !goodsAllow(this.world.book, kind, portfolio.goods[position]!); attempt++) position = this.drawGoods(portfolio);
        }
        return position;
    }

    private drawGoods(portfolio: Portfolio): number {
        if (this.draft.parcel) return portfolio.parcelPositions[portfolio.parcelChoice!.draw(this.random)]!;
        return portfolio.choice.draw(this.random);
    }

    /** Country of origin of an item of the current draft. */
    private originOf(portfolio: Portfolio, position: number, goods: Goods): number {
        const random = this.random;
        const procedure = this.draft.procedure;
        if (this.draft.isImport) return procedure === 're_import' ? TAIWAN : this.usualOrAnyOrigin(portfolio, position, goods);
        if (procedure === 're_export' || (procedure === 'free_zone' && random.chance(0.5))) {
            return goods.origins[goods.originChoice.draw(random)]!;
        }
        return TAIWAN;
    }

    /** An import's origin: the trader's usual one for the goods, or any of the goods' origins. */
    private usualOrAnyOrigin(portfolio: Portfolio, position: number, goods: Goods): number {
        if (this.random.chance(USUAL_ORIGIN_SHARE)) return portfolio.origins[position]!;
        return goods.origins[goods.originChoice.draw(this.random)]!;
    }

    /** Partner countries, foreign party, currency, Incoterm and the header's values. */
    private completeHeader(splitShipment: boolean): void {
        const draft = this.draft;
        const random = this.random;
        let partner: number;
        if (draft.isImport) {
            const origin = draft.origin[0]!;
            if (splitShipment || (origin !== TAIWAN && random.chance(0.8))) draft.consignmentCountry = origin;
            else draft.consignmentCountry = HUBS[random.int(HUBS.length)]!;
            draft.destinationCountry = TAIWAN;
            partner = draft.consignmentCountry;
        } else {
            draft.destinationCountry = this.world.population.destinationFor(draft.trader, random);
            partner = draft.destinationCountry;
        }
        // Sellers (imports) and buyers (exports) abroad: a few per trader and country.
        const which = splitShipment ? 0 : PARTNER_CHOICE.draw(random);
        const anonymous = draft.transport === 'mail' && !splitShipment && random.chance(0.3);
        draft.foreignParty = anonymous ? '' : `${draft.isImport ? 'S' : 'B'}${COUNTRY_CODES[partner]}${draft.trader.partnerNumbers[which]}`;

        let total = 0;
        for (let i = 0; i < draft.itemCount; i++) total += draft.value[i]!;
        if (draft.isImport) {
            draft.cifCents = total;
            draft.fobCents = total - Math.round((total * draft.freightShare) / (1 + draft.freightShare));
        } else {
            draft.fobCents = total;
            draft.cifCents = total + Math.round(total * draft.freightShare);
        }
        draft.currency = invoiceCurrency(draft.isImport, partner, random);
        draft.incoterm = incoterm(draft.isImport, draft.transport, draft.parcel, random);
        const rate = this.world.rates.rate(draft.currency, this.month.index);
        const invoiceTwdCents = invoiceValueCents(draft.incoterm, draft.fobCents, draft.cifCents);
        draft.invoiceCents = WHOLE_UNIT_CURRENCIES.includes(draft.currency)
            ? Math.round(invoiceTwdCents / 100 / rate) * 100
            : Math.round(invoiceTwdCents / rate);
    }

    /** Lane, check, timeline and payment; then the declaration's rows. */
    private finish(): void {
        const { book, ledger, timeText, window } = this.world;
        const draft = this.draft;
        const random = this.random;
        const trader = draft.trader;
        const lodgementDay = Math.floor(draft.lodgedAt / SECONDS_PER_DAY);
        draft.lane = chooseLane(draft, book, {
            newTrader: lodgementDay - trader.registeredDay < 365,
            pastDiscrepancies: ledger.discrepancies(trader.index),
        }, random);
        this.inspection.decide(draft, random);
        this.timeline.plan(draft, this.inspection.found, random);
        const taxes = draft.taxCents;
        if (taxes > 0) {
            this.payment.plan(taxes, lodgementDay, this.timeline.laneAssignedAt, window.lastSecond, random);
            if (this.payment.channel !== null) this.timeline.pay(this.payment.paidAt, this.payment.holdsRelease, random);
        }
        this.timeline.close(draft, random);

        const id = draft.idBytes;
        const idLength = draft.idLength;
        const w = this.writers;
        w.declarations.bytes(id, idLength).text(draft.isImport ? 'import' : 'export').text(draft.procedure)
            .timestamp(draft.lodgedAt, timeText).text(draft.office).text(TRANSPORT_MODE_CODE[draft.transport])
            .bytes(draft.broker.idBytes).bytes(trader.idBytes).text(draft.foreignParty).bool(draft.isAeo)
            .bytes(draft.consignmentCountry < 0 ? NOTHING : COUNTRY_BYTES[draft.consignmentCountry]!)
            .bytes(draft.destinationCountry < 0 ? NOTHING : COUNTRY_BYTES[draft.destinationCountry]!)
            .text(draft.currency).text(this.world.rates.rateText(draft.currency, this.month.index)).text(draft.incoterm)
            .cents(draft.invoiceCents).cents(draft.cifCents).cents(draft.fobCents).text(draft.lane).int(draft.itemCount)
            .end();

        const items = w.declaration_items;
        for (let i = 0; i < draft.itemCount; i++) {
            const line = book.lines[draft.line[i]!]!;
            items.bytes(id, idLength).int(i + 1).bytes(line.codeBytes).text(draft.description[i]!).bytes(COUNTRY_BYTES[draft.origin[i]!]!)
                .thousandths(draft.quantity[i]!).text(book.goods[line.goodsIndex]!.product.unit)
                .thousandths(draft.netMass[i]!).thousandths(draft.grossMass[i]!).cents(draft.value[i]!)
                .text(formatRate(draft.dutyRate[i]!)).cents(draft.duty[i]!).cents(draft.businessTax[i]!)
                .cents(draft.commodityTax[i]!).text(draft.agreement[i] ?? '')
                .end();
        }

        const timeline = this.timeline;
        for (let k = 0; k < timeline.count; k++) {
            if (timeline.times[k]! > window.lastSecond) break;
            w.clearance_events.bytes(id, idLength).bytes(EVENT_BYTES[timeline.types[k]!]!).timestamp(timeline.times[k]!, timeText).end();
        }

        const inspection = this.inspection;
        if (draft.lane !== 'C1' && timeline.checkedAt <= window.lastSecond) {
            w.inspections.bytes(id, idLength).timestamp(timeline.checkedAt, timeText).bool(inspection.found).text(inspection.kind ?? '')
                .cents(inspection.additionalCents).end();
            if (inspection.found) ledger.addDiscrepancy(trader.index, this.slot);
        }

        if (taxes > 0) {
            const payment = this.payment;
            const paid = payment.channel !== null;
            w.payments.text(`P${draft.id}`).bytes(id, idLength).date(lodgementDay, timeText).date(lodgementDay + DAYS_TO_PAY, timeText)
                .text(paid ? timeText.date(Math.floor(payment.paidAt / SECONDS_PER_DAY)) : '')
                .cents(draft.dutyCents).cents(draft.businessTaxCents).cents(draft.commodityTaxCents)
                .cents(payment.amountCents).text(payment.channel ?? '')
                .end();
        }

        if (draft.fraudKind !== null) {
            const systematic = trader.fraud.systematic;
            if (draft.fraudKind === 'split_shipment') {
                // The whole declaration: its value is declared truly; the fraud is in splitting the consignment.
                w.planted_fraud.bytes(id, idLength).text('').text('split_shipment').bytes(trader.idBytes).cents(draft.cifCents)
                    .cents(draft.cifCents).cents(draft.stakeCents).bool(systematic).end();
            } else {
                for (let i = 0; i < draft.itemCount; i++) {
                    if (!draft.fraudulent[i]) continue;
                    w.planted_fraud.bytes(id, idLength).int(i + 1).text(draft.fraudKind).bytes(trader.idBytes).cents(draft.value[i]!)
                        .cents(draft.trueValue[i]!).cents(draft.stake[i]!).bool(systematic).end();
                }
            }
            ledger.addFraud(trader.index, this.slot, draft.fraudKind, draft.stakeCents);
        }
        this.world.onDeclaration();
    }
}
