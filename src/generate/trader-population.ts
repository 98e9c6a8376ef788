// The traders (importers and exporters) and customs brokers of the world, and traders.csv.
// About N/40 traders with Pareto sizes (α = 1.3: the top 1% lodge roughly a third of the declarations), each
// specialised in one to three product groups, a handful of goods and favourite origins or destinations; about
// N/400 brokers (at least 5) with Zipf sizes, each trader mostly using one. About 5% are AEO, the large ones far
// more often. Some traders register during the window (new traders, a risk factor).
import { join } from 'node:path';
import { Trader as TraderSchema } from '../schema/reference.js';
import { asciiBytes, CsvFileWriter } from './csv-file-writer.js';
import { csvField } from './csv-text.js';
import { fraudProfile, SYSTEMATIC_TRADER_SHARE, type FraudProfile, type TradedGoods } from './fraud-profile.js';
import { dayOf, type TimeText, type TimeWindow, type WindowMonth } from './local-time.js';
import { PRODUCT_GROUPS, type CatalogProduct, type ProductGroup } from './product-catalog.js';
import { Random } from './random.js';
import { countryIndex } from './reference-codes.js';
import type { TariffBook } from './tariff-book.js';
import { WeightedChoice } from './weighted-choice.js';

/** Goods a trader deals in for one flow (goods indices), with its favourite origin (imports) for each. */
export interface Portfolio {
    goods: number[];
    origins: number[];
    choice: WeightedChoice;
    /** Positions in `goods` of goods sold in parcels, and their draw (null when none). */
    parcelPositions: number[];
    parcelChoice: WeightedChoice | null;
}

export interface Trader {
    index: number;
    id: string;
    /** The id's ASCII bytes, for writing. */
    idBytes: Uint8Array;
    name: string;
    registeredDay: number;
    /** Day from which it is AEO; Infinity when it is not. */
    aeoSinceDay: number;
    /** Relative number of declarations per flow. */
    importWeight: number;
    exportWeight: number;
    imports: Portfolio | null;
    exports: Portfolio | null;
    /** Favourite export destinations (country indices) and their draw. */
    destinations: number[];
    destinationChoice: WeightedChoice;
    /** Index of its main broker. */
    broker: number;
    /** Probability that one of its imports comes as a small parcel (mail or express). */
    parcelShare: number;
    /** Numbers of its three foreign partners per country (a foreign party id is S/B + country + number). */
    partnerNumbers: string[];
    fraud: FraudProfile;
}

export interface Broker {
    id: string;
    idBytes: Uint8Array;
    name: string;
    registeredDay: number;
    aeoSinceDay: number;
}

/** Where Taiwan's exports go (relative weights). */
const EXPORT_DESTINATIONS =
    'CN20 US22 HK10 JP7 SG6 KR5 VN4 MY3 TH2 PH2 IN2 DE3 NL3 AU2 MX1 GB1 CA1 ID1 AE1 TR1 BR1 FR1 IT1 ' +
    'ES1 BE1 PL1 CZ1 SA1 IL1 ZA1 CL1 NZ1 PA1 GT1 PY1 SE1';

const NAME_WORDS = [
    'Lotus', 'Pine', 'Crane', 'Orchid', 'Summit', 'Tide', 'Unity', 'Golden', 'Silver', 'Northstar', 'Southwind',
    'Eastern', 'River', 'Bay', 'Sunrise', 'Bright', 'Eagle', 'Phoenix', 'Jade', 'Harvest', 'Island', 'Mountain',
    'Cloud', 'Peak', 'Prosper', 'Harmony', 'Vast', 'Grand', 'Maple', 'Bamboo', 'Coral', 'Pearl', 'Ocean', 'Sky',
    'Horizon', 'Keystone', 'Lucky', 'Rising', 'Trinity', 'Victory', 'Zenith', 'Apex', 'Noble', 'Swift', 'Royal',
];
const GROUP_WORDS: Record<ProductGroup, string[]> = {
    electronics: ['Semiconductor', 'Electronics', 'Micro', 'Digital', 'Photonics', 'Technology'],
    machinery: ['Machinery', 'Precision', 'Engineering', 'Automation', 'Industrial'],
    vehicles: ['Motor', 'Auto Parts', 'Cycle', 'Mobility', 'Tyre'],
    energy: ['Energy', 'Petroleum', 'Resources', 'Fuel'],
    metals: ['Steel', 'Metal', 'Alloy', 'Fastener'],
    chemicals: ['Chemical', 'Plastics', 'Polymer', 'Materials'],
    textiles: ['Textile', 'Fibre', 'Fabric', 'Weaving'],
    apparel: ['Fashion', 'Apparel', 'Garment', 'Footwear'],
    food: ['Foods', 'Agri', 'Seafood', 'Provisions', 'Farm'],
    beverages: ['Beverage', 'Wine and Spirits', 'Drinks'],
    consumer: ['Living', 'Home', 'Lifestyle', 'Cosmetics', 'Toys'],
    health: ['Pharma', 'Medical', 'Biotech', 'Healthcare'],
};
const NAME_ENDINGS = ['Co., Ltd.', 'Corp.', 'Inc.', 'Trading Co., Ltd.', 'Enterprise Co., Ltd.', 'International Corp.', 'Industrial Co., Ltd.'];

/** Taiwan's AEO programme started in 2009. */
const AEO_PROGRAMME_START = dayOf(2009, 7, 1);
const EARLIEST_REGISTRATION = dayOf(1990, 1, 2);
/** Pareto shape of trader sizes. */
const SIZE_SHAPE = 1.3;

/** A Taiwan Unified Business Number: 8 digits with a check digit (weights 1,2,1,2,1,2,4,1; digit sums ≡ 0 mod 10). */
function businessNumber(random: Random): string {
    const weights = [1, 2, 1, 2, 1, 2, 4];
    let digits = '';
    let sum = 0;
    for (const weight of weights) {
        const digit = random.int(10);
        const product = digit * weight;
        sum += Math.floor(product / 10) + (product % 10);
        digits += digit;
    }
    return digits + ((10 - (sum % 10)) % 10);
}

function parseWeights(text: string): { countries: number[]; weights: number[] } {
    const entries = text.split(' ').map((entry) => ({ country: countryIndex(entry.slice(0, 2)), weight: Number(entry.slice(2)) }));
    return { countries: entries.map((entry) => entry.country), weights: entries.map((entry) => entry.weight) };
}

type Flow = 'import' | 'export';

/** The goods of one product group traded in one flow, drawn by their catalog weight. */
interface GoodsPool {
    goods: number[];
    choice: WeightedChoice;
}

function flowWeight(product: CatalogProduct, flow: Flow): number {
    return flow === 'import' ? product.imports : product.exports;
}

/** Per flow: the draw of a product group by its share, and each group's pool of goods. */
function goodsPools(book: TariffBook, flow: Flow): { groupChoice: WeightedChoice; byGroup: GoodsPool[] } {
    const groups = Object.keys(PRODUCT_GROUPS) as ProductGroup[];
    const byGroup = groups.map((group) => {
        const goods = book.goods.filter((candidate) => candidate.group === group && flowWeight(candidate.product, flow) > 0);
        return { goods: goods.map((candidate) => candidate.index), choice: new WeightedChoice(goods.map((candidate) => flowWeight(candidate.product, flow))) };
    });
    const shares = groups.map((group, index) => (byGroup[index]!.goods.length === 0 ? 0 : flow === 'import' ? PRODUCT_GROUPS[group].importShare : PRODUCT_GROUPS[group].exportShare));
    return { groupChoice: new WeightedChoice(shares), byGroup };
}

const TAIWAN = countryIndex('TW');
/** Draw among a trader's 1–3 favourite destinations: the first most often (weights 1, 1/2, 1/3). */
const FAVOURITE_CHOICE = [1, 2, 3].map((count) => new WeightedChoice(Array.from({ length: count }, (_, position) => 1 / (position + 1))));
const DESTINATIONS = parseWeights(EXPORT_DESTINATIONS);
const DESTINATION_CHOICE = new WeightedChoice(DESTINATIONS.weights);

export class TraderPopulation {
    readonly traders: Trader[] = [];
    readonly brokers: Broker[] = [];
    private readonly brokerChoice: WeightedChoice;
    private readonly usedIds = new Set<string>();
    private readonly pools: Record<Flow, { groupChoice: WeightedChoice; byGroup: GoodsPool[] }>;

    constructor(seed: number, declarations: number, private readonly window: TimeWindow, private readonly book: TariffBook) {
        const random = new Random(seed, 'traders');
        this.pools = { import: goodsPools(book, 'import'), export: goodsPools(book, 'export') };
        const brokerCount = Math.max(5, Math.round(declarations / 400));
        const traderCount = Math.max(20, Math.round(declarations / 40));

        const brokerWeights: number[] = [];
        for (let rank = 1; rank <= brokerCount; rank++) {
            brokerWeights.push(1 / rank);
            const registeredDay = this.registrationBefore(window.firstDay, random);
            const id = this.newId('B', random);
            this.brokers.push({
                id,
                idBytes: asciiBytes(id),
                name: `${random.pick(NAME_WORDS)} ${random.pick(NAME_WORDS)} Customs Brokerage Co., Ltd.`,
                registeredDay,
                aeoSinceDay: random.chance(rank <= brokerCount * 0.1 ? 0.5 : 0.03) ? this.aeoSince(registeredDay, random) : Infinity,
            });
        }
        this.brokerChoice = new WeightedChoice(brokerWeights);

        const sizes = Array.from({ length: traderCount }, () => Math.pow(random.positiveFloat(), -1 / SIZE_SHAPE));
        const sizeRank = this.ranks(sizes);
        for (let index = 0; index < traderCount; index++) {
            this.traders.push(this.newTrader(index, sizes[index]!, sizeRank[index]! / traderCount, random));
        }
        this.chooseSystematicFraudsters(sizeRank, random);
    }

    /** Rank of each size from the largest (0) down. */
    private ranks(sizes: number[]): Int32Array {
        const order = sizes.map((_, index) => index).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
        const rank = new Int32Array(sizes.length);
        order.forEach((index, position) => { rank[index] = position; });
        return rank;
    }

    private newId(prefix: string, random: Random): string {
        for (;;) {
            const id = prefix + businessNumber(random);
            if (!this.usedIds.has(id)) {
                this.usedIds.add(id);
                return id;
            }
        }
    }

    /** A registration day before `day`, more often recent (exponential, mean 9 years). */
    private registrationBefore(day: number, random: Random): number {
        return Math.max(EARLIEST_REGISTRATION, day - 1 - Math.floor(random.exponential(9 * 365)));
    }

    /** AEO certification: at least three years after registration, by the end of the window; Infinity if too late. */
    private aeoSince(registeredDay: number, random: Random): number {
        const earliest = Math.max(AEO_PROGRAMME_START, registeredDay + 3 * 365);
        const latest = this.window.endDay - 1;
        return earliest > latest ? Infinity : random.intBetween(earliest, latest);
    }

    private newTrader(index: number, size: number, sizePercentile: number, random: Random): Trader {
        // 8% register during the window (not in its last 20 days) and start trading the month after.
        const isNew = random.chance(0.08) && this.window.endDay - 20 > this.window.firstDay;
        const registeredDay = isNew
            ? random.intBetween(this.window.firstDay, this.window.endDay - 21)
            : this.registrationBefore(this.window.firstDay, random);
        const aeoChance = sizePercentile < 0.05 ? 0.45 : sizePercentile < 0.2 ? 0.08 : 0.012;
        const aeoSinceDay = !isNew && random.chance(aeoChance) ? this.aeoSince(registeredDay, random) : Infinity;

        // Flows: 45% import only, 25% export only, 30% both.
        const flow = random.float();
        const importShare = flow < 0.45 ? 1 : flow < 0.7 ? 0 : random.between(0.2, 0.8);
        const productCount = Math.min(14, 2 + Math.round(Math.log2(size)) + random.int(4));
        const imports = importShare > 0 ? this.portfolio('import', productCount, random) : null;
        const exports = importShare < 1 ? this.portfolio('export', productCount, random) : null;

        const hasParcels = imports !== null && imports.parcelChoice !== null;
        const parcelShare = hasParcels ? (random.chance(0.4) ? random.between(0.5, 0.9) : 0.03) : 0;

        const favourites = Array.from({ length: 1 + random.int(3) }, () => DESTINATIONS.countries[DESTINATION_CHOICE.draw(random)]!);
        const mainGroup = this.book.goods[(imports ?? exports)!.goods[0]!]!.group;
        const id = this.newId('T', random);
        return {
            index,
            id,
            idBytes: asciiBytes(id),
            name: `${random.pick(NAME_WORDS)} ${random.pick(GROUP_WORDS[mainGroup])} ${random.pick(NAME_ENDINGS)}`,
            registeredDay,
            aeoSinceDay,
            importWeight: size * importShare,
            exportWeight: size * (1 - importShare),
            imports,
            exports,
            destinations: favourites,
            destinationChoice: FAVOURITE_CHOICE[favourites.length - 1]!,
            broker: this.brokerChoice.draw(random),
            parcelShare,
            partnerNumbers: [0, 1, 2].map((partner) => String(index * 3 + partner).padStart(7, '0')),
            fraud: fraudProfile(this.book, this.tradedGoods(imports, exports), false, random),
        };
    }

    /** 1–3 product groups drawn by the flow's group shares, then goods within them drawn by their flow weight. */
    private portfolio(flow: Flow, productCount: number, random: Random): Portfolio {
        const pools = this.pools[flow];
        const groupCount = random.chance(0.55) ? 1 : random.chance(0.67) ? 2 : 3;
        const groups: GoodsPool[] = [];
        for (let i = 0; i < groupCount; i++) {
            const pool = pools.byGroup[pools.groupChoice.draw(random)]!;
            if (!groups.includes(pool)) groups.push(pool);
        }
        // Distinct goods: a group at random, then goods by weight, repeats skipped.
        const available = groups.reduce((sum, pool) => sum + pool.goods.length, 0);
        const wanted = Math.min(productCount, available);
        const chosen: number[] = [];
        for (let attempt = 0; chosen.length < wanted && attempt < wanted * 30; attempt++) {
            const pool = groups[random.int(groups.length)]!;
            const goodsIndex = pool.goods[pool.choice.draw(random)]!;
            if (!chosen.includes(goodsIndex)) chosen.push(goodsIndex);
        }
        const origins = chosen.map((goodsIndex) => {
            const goods = this.book.goods[goodsIndex]!;
            return flow === 'import' ? goods.origins[goods.originChoice.draw(random)]! : TAIWAN;
        });
        // The trader's own mix: catalog weight times a trader-specific factor.
        const weights = chosen.map((goodsIndex) => flowWeight(this.book.goods[goodsIndex]!.product, flow) * random.logNormal(1, 0.8));
        const parcelPositions = chosen.flatMap((goodsIndex, position) => (this.book.goods[goodsIndex]!.product.parcel ? [position] : []));
        return {
            goods: chosen.slice(), // exact length: thousands of traders hold one
            origins,
            choice: new WeightedChoice(weights),
            parcelPositions,
            parcelChoice: parcelPositions.length > 0 ? new WeightedChoice(parcelPositions.map((position) => weights[position]!)) : null,
        };
    }

    private tradedGoods(imports: Portfolio | null, exports: Portfolio | null): TradedGoods {
        return {
            imports: imports?.goods ?? [],
            splittableParcels: imports !== null && imports.parcelPositions.some((position) => this.book.goods[imports.goods[position]!]!.splittable),
            exports: exports?.goods ?? [],
        };
    }

    /**
     * Systematic fraudsters: about 1.8% of traders (at least one), never AEO nor among the largest 5%, whose goods
     * allow some fraud; new traders three times as likely to be picked.
     */
    private chooseSystematicFraudsters(sizeRank: Int32Array, random: Random): void {
        const count = Math.max(1, Math.round(this.traders.length * SYSTEMATIC_TRADER_SHARE));
        const weights = this.traders.map((trader) => {
            if (trader.aeoSinceDay !== Infinity || sizeRank[trader.index]! < this.traders.length * 0.05) return 0;
            if (trader.fraud.importKinds === null && !trader.fraud.canClaimDrawback) return 0; // its goods allow no fraud
            return trader.registeredDay >= this.window.firstDay ? 3 : 1;
        });
        for (let picked = 0; picked < count; picked++) {
            const choice = new WeightedChoice(weights);
            if (choice.total <= 0) break;
            const trader = this.traders[choice.draw(random)]!;
            weights[trader.index] = 0;
            trader.fraud = fraudProfile(this.book, this.tradedGoods(trader.imports, trader.exports), true, random);
        }
    }

    /** Draw of the trader lodging one import / export this month: only traders registered before the month. */
    monthChoices(month: WindowMonth): { imports: WeightedChoice; exports: WeightedChoice } {
        const active = (trader: Trader) => trader.registeredDay < month.firstDay;
        return {
            imports: new WeightedChoice(this.traders.map((trader) => (active(trader) ? trader.importWeight : 0))),
            exports: new WeightedChoice(this.traders.map((trader) => (active(trader) ? trader.exportWeight : 0))),
        };
    }

    /** The broker lodging a declaration: the trader's own broker 90% of the time. */
    brokerFor(trader: Trader, random: Random): Broker {
        return this.brokers[random.chance(0.9) ? trader.broker : this.brokerChoice.draw(random)]!;
    }

    /** Country of destination of an export: one of the trader's favourites 60% of the time. */
    destinationFor(trader: Trader, random: Random): number {
        if (random.chance(0.6)) return trader.destinations[trader.destinationChoice.draw(random)]!;
        return DESTINATIONS.countries[DESTINATION_CHOICE.draw(random)]!;
    }

    /** Writes traders.csv (traders, then brokers); returns its row count. */
    write(referenceDir: string, timeText: TimeText): number {
        const writer = new CsvFileWriter(join(referenceDir, 'traders.csv'), Object.keys(TraderSchema.shape));
        const row = (id: string, role: string, name: string, registeredDay: number, aeoSinceDay: number) => {
            const isAeo = aeoSinceDay !== Infinity;
            writer.line(`${id},${role},${csvField(name)},${timeText.date(registeredDay)},${isAeo},${isAeo ? timeText.date(aeoSinceDay) : ''}`);
        };
        for (const trader of this.traders) row(trader.id, 'trader', trader.name, trader.registeredDay, trader.aeoSinceDay);
        for (const broker of this.brokers) row(broker.id, 'broker', broker.name, broker.registeredDay, broker.aeoSinceDay);
        writer.close();
        return writer.rows;
    }
}
