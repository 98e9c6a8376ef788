// How values are written in the generated CSV files (RFC 4180, `\n` line endings):
// a field is quoted only when it holds a comma or a double quote; money is integer cents written with two
// decimals; other numbers carry at most six decimals; null is an empty field.

/** A text field, quoted when it must be. Generated text never holds a line break. */
export function csvField(text: string): string {
    if (text.includes(',') || text.includes('"')) return `"${text.replaceAll('"', '""')}"`;
    return text;
}

/** Integer cents as '1234.56' (the same text as (cents / 100).toFixed(2), without floating-point rounding). */
export function formatCents(cents: number): string {
    const whole = Math.floor(cents / 100);
    const fraction = cents - whole * 100;
    return fraction < 10 ? `${whole}.0${fraction}` : `${whole}.${fraction}`;
}

/** Rounds TWD to integer cents. */
export function toCents(twd: number): number {
    return Math.round(twd * 100);
}

/** A measured number with at most six decimals (three from a billion up, where doubles run out of digits). */
export function formatNumber(value: number): string {
    if (Number.isInteger(value)) return String(value);
    const scale = Math.abs(value) < 1e9 ? 1e6 : 1e3;
    return String(Math.round(value * scale) / scale);
}

const RATE_TEXT = new Map<number, string>();

/** A duty or tax rate; the few distinct rates are formatted once. */
export function formatRate(rate: number): string {
    let text = RATE_TEXT.get(rate);
    if (text === undefined) {
        text = formatNumber(rate);
        RATE_TEXT.set(rate, text);
    }
    return text;
}

/** Rounds to a number of decimals, for values that are stored as well as written. */
export function roundTo(value: number, decimals: number): number {
    const scale = 10 ** decimals;
    return Math.round(value * scale) / scale;
}
