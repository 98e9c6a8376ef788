// Taiwan local time as whole seconds since 1970-01-01T00:00:00 local (UTC+8 all year, no daylight saving), so
// calendar arithmetic needs no time zone: day = floor(seconds / 86 400). Days are numbered the same way.

export const SECONDS_PER_DAY = 86_400;
export const SECONDS_PER_HOUR = 3_600;
export const SECONDS_PER_MINUTE = 60;

/** Day number of a calendar date (month 1–12). */
export function dayOf(year: number, month: number, day: number): number {
    return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
export function weekday(day: number): number {
    return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
    const dow = weekday(day);
    return dow === 0 || dow === 6;
}

function pad2(n: number): string {
    return n < 10 ? `0${n}` : String(n);
}

/** 'YYYY-MM-DD' of a day number (slow path; see TimeText for the cached one). */
export function formatDay(day: number): string {
    const date = new Date(day * 86_400_000);
    return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** One calendar month of the generated window. */
export interface WindowMonth {
    /** 0-based position in the window. */
    index: number;
    year: number;
    /** 1–12. */
    month: number;
    /** 'YYYY-MM', the name of the month's files. */
    label: string;
    firstDay: number;
    dayCount: number;
}

/** The generated period: whole months from `from`. */
export interface TimeWindow {
    months: WindowMonth[];
    firstDay: number;
    /** First day after the window. */
    endDay: number;
    /** Last second inside the window: nothing generated happens after it. */
    lastSecond: number;
}

export function parseMonth(text: string): { year: number; month: number } {
    const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
    if (!match) throw new Error(`expected a month written YYYY-MM, got "${text}"`);
    return { year: Number(match[1]), month: Number(match[2]) };
}

export function timeWindow(from: string, monthCount: number): TimeWindow {
    const start = parseMonth(from);
    const months: WindowMonth[] = [];
    for (let index = 0; index < monthCount; index++) {
        const zeroBased = start.month - 1 + index;
        const year = start.year + Math.floor(zeroBased / 12);
        const month = (zeroBased % 12) + 1;
        const firstDay = dayOf(year, month, 1);
        months.push({ index, year, month, label: `${year}-${pad2(month)}`, firstDay, dayCount: dayOf(year, month + 1, 1) - firstDay });
    }
    const last = months[months.length - 1];
    if (!last) throw new Error('the window needs at least one month');
    const endDay = last.firstDay + last.dayCount;
    return { months, firstDay: months[0]!.firstDay, endDay, lastSecond: endDay * SECONDS_PER_DAY - 1 };
}

/** The next moment an office works (weekdays 08:30–17:30), at or after `seconds`. */
export function nextOfficeTime(seconds: number): number {
    const OPEN = 8.5 * SECONDS_PER_HOUR;
    const CLOSE = 17.5 * SECONDS_PER_HOUR;
    let day = Math.floor(seconds / SECONDS_PER_DAY);
    const ofDay = seconds - day * SECONDS_PER_DAY;
    if (!isWeekend(day) && ofDay >= OPEN && ofDay < CLOSE) return seconds;
    if (isWeekend(day) || ofDay >= CLOSE) {
        day++;
        while (isWeekend(day)) day++;
    }
    return day * SECONDS_PER_DAY + OPEN;
}

/**
 * Formats days fast: the day strings of a range are built once. Used on most rows, so it avoids Date objects
 * and locale formatting.
 */
export class TimeText {
    private readonly days: string[] = [];

    /** Caches the days from `firstDay` (inclusive) to `endDay` (exclusive). */
    constructor(private readonly firstDay: number, endDay: number) {
        for (let day = firstDay; day < endDay; day++) this.days.push(formatDay(day));
    }

    /** 'YYYY-MM-DD'. */
    date(day: number): string {
        return this.days[day - this.firstDay] ?? formatDay(day);
    }
}
