// How the bulletin writes numbers: thousands separators, one decimal, a true minus sign (U+2212) and, for
// changes, an explicit plus sign, so a negative figure reads as negative without its colour.
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const MINUS = '\u2212';

function withSign(text: string, signed: boolean): string {
    if (/^-?0(\.0)?$/.test(text)) return text.replace('-', '');
    if (text.startsWith('-')) return MINUS + text.slice(1);
    return signed ? `+${text}` : text;
}

/** An amount in whole currency units, written in millions with one decimal: 1234567890 → "1,234.6". */
export function millions(value: number): string {
    return withSign(oneDecimal.format(value / 1e6), false);
}

/** A change in whole currency units, in millions with a sign: −50000000 → "−50.0", 2e8 → "+200.0". */
export function signedMillions(value: number): string {
    return withSign(oneDecimal.format(value / 1e6), true);
}

/** A percentage with one decimal: 54.2 → "54.2". */
export function percent(value: number): string {
    return withSign(oneDecimal.format(value), false);
}

/** A percentage change with a sign: 20 → "+20.0", −4.5 → "−4.5". */
export function signedPercent(value: number): string {
    return withSign(oneDecimal.format(value), true);
}

/** A count: 12345 → "12,345". */
export function count(value: number): string {
    return whole.format(value);
}
