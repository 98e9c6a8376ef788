// The figures the bulletin derives from BulletinData: trade balance, change on a year earlier, shares of a
// flow and revisions. Amounts stay in whole currency units here; formatting happens in figure-format.ts.
import type { FlowTotal } from './bulletin-data.js';

/** Change on a year earlier in %: (value − year earlier) ÷ year earlier × 100; null without a positive base. */
export function changePct(value: number, yearEarlier: number | null): number | null {
    if (yearEarlier === null || yearEarlier <= 0) return null;
    return (value - yearEarlier) / yearEarlier * 100;
}

/**
 * Change of the trade balance in %: (balance − balance a year earlier) ÷ |balance a year earlier| × 100, so the
 * sign follows the change itself; null when there is no year-earlier balance, it is zero, or the sign changed.
 */
export function balanceChangePct(balance: number, yearEarlier: number | null): number | null {
    if (yearEarlier === null || yearEarlier === 0 || Math.sign(balance) !== Math.sign(yearEarlier)) return null;
    return (balance - yearEarlier) / Math.abs(yearEarlier) * 100;
}

/** Trade balance = exports − imports, this month and a year earlier (null when either year-earlier flow is). */
export function tradeBalance(imports: FlowTotal, exports: FlowTotal): FlowTotal {
    const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
    return {
        value_twd: exports.value_twd - imports.value_twd,
        value_usd: exports.value_usd - imports.value_usd,
        year_earlier_twd: minus(exports.year_earlier_twd, imports.year_earlier_twd),
        year_earlier_usd: minus(exports.year_earlier_usd, imports.year_earlier_usd),
    };
}

/** Share of a flow's total in %; null when the total is zero. */
export function sharePct(value: number, total: number): number | null {
    return total > 0 ? value / total * 100 : null;
}

/** Revision in %: (latest − first estimate) ÷ first estimate × 100; null when the first estimate was zero. */
export function revisionPct(firstEstimate: number, latestEstimate: number): number | null {
    return firstEstimate > 0 ? (latestEstimate - firstEstimate) / firstEstimate * 100 : null;
}

/** Mean of the absolute values, ignoring nulls; null when nothing is left. */
export function meanAbsolute(values: (number | null)[]): number | null {
    const present = values.filter((value): value is number => value !== null);
    return present.length === 0 ? null : present.reduce((sum, value) => sum + Math.abs(value), 0) / present.length;
}
