// Monthly average exchange rates (TWD per unit of currency): a seeded random walk in logarithms that is pulled
// back towards a realistic 2024 level, so USD stays around 31–33 TWD, JPY around 0.21, EUR around 34–36.
import { join } from 'node:path';
import { ExchangeRate } from '../schema/reference.js';
import { CsvFileWriter } from './csv-file-writer.js';
import { formatNumber, roundTo } from './csv-text.js';
import type { TimeText, TimeWindow } from './local-time.js';
import { Random } from './random.js';
import { CURRENCY_CODES, type CurrencyCode } from './reference-codes.js';

/** Level the walk starts from and returns to (TWD per unit), and its monthly volatility (sd of ln change). */
const RATE_LEVELS: Record<CurrencyCode, { level: number; volatility: number }> = {
    TWD: { level: 1, volatility: 0 },
    USD: { level: 32.0, volatility: 0.012 },
    EUR: { level: 35.0, volatility: 0.014 },
    JPY: { level: 0.212, volatility: 0.02 },
    CNY: { level: 4.45, volatility: 0.012 },
    HKD: { level: 4.1, volatility: 0.012 },
    KRW: { level: 0.0238, volatility: 0.018 },
    SGD: { level: 23.8, volatility: 0.012 },
    GBP: { level: 40.8, volatility: 0.016 },
    AUD: { level: 21.2, volatility: 0.018 },
    CHF: { level: 36.8, volatility: 0.015 },
    MYR: { level: 6.9, volatility: 0.015 },
    THB: { level: 0.91, volatility: 0.015 },
    CAD: { level: 23.5, volatility: 0.014 },
    NZD: { level: 19.5, volatility: 0.018 },
};

/** Share of the distance to the level the walk closes each month. */
const PULL_BACK = 0.15;

export class ExchangeRates {
    /** twd[currency][month]: the rate written everywhere, rounded to 6 decimals. */
    private readonly twd = new Map<CurrencyCode, number[]>();
    private readonly text = new Map<CurrencyCode, string[]>();

    constructor(seed: number, private readonly window: TimeWindow) {
        const random = new Random(seed, 'exchange-rates');
        for (const currency of CURRENCY_CODES) {
            const { level, volatility } = RATE_LEVELS[currency];
            const target = Math.log(level);
            let logRate = target + volatility * 2 * random.normal();
            const rates: number[] = [];
            for (let month = 0; month < window.months.length; month++) {
                rates.push(roundTo(Math.exp(logRate), 6));
                logRate += PULL_BACK * (target - logRate) + volatility * random.normal();
            }
            this.twd.set(currency, rates);
            this.text.set(currency, rates.map(formatNumber));
        }
    }

    rate(currency: CurrencyCode, month: number): number {
        return this.twd.get(currency)![month]!;
    }

    rateText(currency: CurrencyCode, month: number): string {
        return this.text.get(currency)![month]!;
    }

    /** Writes exchange_rates.csv; returns its row count. */
    write(referenceDir: string, timeText: TimeText): number {
        const writer = new CsvFileWriter(join(referenceDir, 'exchange_rates.csv'), Object.keys(ExchangeRate.shape));
        for (const currency of CURRENCY_CODES) {
            for (const month of this.window.months) {
                writer.line(`${currency},${timeText.date(month.firstDay)},${this.rateText(currency, month.index)}`);
            }
        }
        writer.close();
        return writer.rows;
    }
}
