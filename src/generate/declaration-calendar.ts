// When declarations are lodged: how many per month (seasonality with the Lunar New Year dip and a Q4 peak, a
// gentle upward trend, summing exactly to the requested total) and at what moment (working days and office
// hours mostly, some at night and on weekends, hardly any during the Lunar New Year holiday).
import { dayOf, isWeekend, weekday, SECONDS_PER_DAY, SECONDS_PER_HOUR, type TimeWindow, type WindowMonth } from './local-time.js';
import type { Random } from './random.js';
import { WeightedChoice } from './weighted-choice.js';

/** Month-of-year factors, January first, before the Lunar New Year adjustment. */
const MONTH_FACTOR = [1.0, 0.98, 1.03, 0.99, 1.01, 1.0, 1.02, 1.02, 1.01, 1.06, 1.09, 1.07];
/** Growth of trade per year. */
const YEARLY_TREND = 1.04;
/** The month holding the Lunar New Year holiday loses this share of its declarations. */
const LUNAR_NEW_YEAR_DIP = 0.16;

/** Lunar New Year's Day (month, day) per year; years outside the table use 5 February. */
const LUNAR_NEW_YEAR: Record<number, [number, number]> = {
    2015: [2, 19], 2016: [2, 8], 2017: [1, 28], 2018: [2, 16], 2019: [2, 5], 2020: [1, 25], 2021: [2, 12],
    2022: [2, 1], 2023: [1, 22], 2024: [2, 10], 2025: [1, 29], 2026: [2, 17], 2027: [2, 6], 2028: [1, 26],
    2029: [2, 13], 2030: [2, 3], 2031: [1, 23], 2032: [2, 11], 2033: [1, 31], 2034: [2, 19], 2035: [2, 8],
};

/** Fixed public holidays (month, day): New Year, Peace Memorial Day, Tomb Sweeping (approx.), Labour Day, National Day. */
const FIXED_HOLIDAYS: [number, number][] = [[1, 1], [2, 28], [4, 4], [4, 5], [5, 1], [10, 10]];

function lunarNewYearDay(year: number): number {
    const [month, day] = LUNAR_NEW_YEAR[year] ?? [2, 5];
    return dayOf(year, month, day);
}

/** The holiday runs from two days before Lunar New Year's Day to four days after. */
function isLunarNewYearHoliday(day: number, year: number): boolean {
    const newYear = lunarNewYearDay(year);
    return day >= newYear - 2 && day <= newYear + 4;
}

/** Declarations per month: factors normalised so that the counts sum exactly to `total`. */
export function monthlyDeclarationCounts(window: TimeWindow, total: number): number[] {
    const factors = window.months.map((month) => {
        const newYear = lunarNewYearDay(month.year);
        const holdsNewYear = newYear >= month.firstDay && newYear < month.firstDay + month.dayCount;
        return MONTH_FACTOR[month.month - 1]! * (holdsNewYear ? 1 - LUNAR_NEW_YEAR_DIP : 1) * Math.pow(YEARLY_TREND, month.index / 12);
    });
    const sum = factors.reduce((a, b) => a + b, 0);
    const counts: number[] = [];
    let cumulative = 0;
    let assigned = 0;
    for (const factor of factors) {
        cumulative += (factor / sum) * total;
        const upTo = Math.round(cumulative);
        counts.push(upTo - assigned);
        assigned = upTo;
    }
    return counts;
}

/** Relative activity per hour of an office day, 08:00–17:59. */
const OFFICE_HOURS = [0.5, 1.3, 1.5, 1.3, 0.5, 1.0, 1.4, 1.4, 1.2, 0.6];
const OFFICE_HOUR_CHOICE = new WeightedChoice(OFFICE_HOURS);

/** Lodgement moments (local seconds) of `count` declarations in a month, in increasing order. */
export function lodgementTimes(month: WindowMonth, count: number, random: Random): Float64Array {
    const dayWeights: number[] = [];
    const workingDay: boolean[] = [];
    for (let offset = 0; offset < month.dayCount; offset++) {
        const day = month.firstDay + offset;
        const fixedHoliday = FIXED_HOLIDAYS.some(([m, d]) => m === month.month && d === offset + 1);
        const weight = isLunarNewYearHoliday(day, month.year) ? 0.12 : isWeekend(day) ? (weekday(day) === 6 ? 0.3 : 0.15) : fixedHoliday ? 0.3 : 1;
        dayWeights.push(weight);
        workingDay.push(weight === 1);
    }
    const dayChoice = new WeightedChoice(dayWeights);
    const times = new Float64Array(count);
    for (let i = 0; i < count; i++) {
        const offset = dayChoice.draw(random);
        // Brokers file in office hours; express, mail and urgent cargo are lodged around the clock.
        const inOffice = random.chance(workingDay[offset] ? 0.85 : 0.4);
        const secondOfDay = inOffice
            ? (8 + OFFICE_HOUR_CHOICE.draw(random)) * SECONDS_PER_HOUR + random.int(SECONDS_PER_HOUR)
            : random.int(SECONDS_PER_DAY);
        times[i] = (month.firstDay + offset) * SECONDS_PER_DAY + secondOfDay;
    }
    return times.sort();
}
