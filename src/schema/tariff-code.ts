// The CCC tariff code's check digit.
// Taiwan's CCC code ends in a check digit; its official algorithm is not published with the nomenclature we
// have, so this project uses the Luhn (mod 10) scheme over the first ten digits. The SQL twin of this function
// is in src/ingest/rules.ts; test/schema/tariff-code.test.ts checks both against hand-worked codes.

/** The Luhn check digit of a string of ten digits. */
export function tariffCheckDigit(firstTen: string): number {
    if (!/^[0-9]{10}$/.test(firstTen)) throw new Error(`expected ten digits, got "${firstTen}"`);
    let sum = 0;
    for (let i = 0; i < 10; i++) {
        // Double every second digit counting from the right end of the ten (the rightmost is doubled).
        let digit = Number(firstTen[9 - i]);
        if (i % 2 === 0) {
            digit *= 2;
            if (digit > 9) digit -= 9;
        }
        sum += digit;
    }
    return (10 - (sum % 10)) % 10;
}

/** The full 11-digit code for an HS6 subheading plus national and statistical digits. */
export function tariffCode(hs6: string, nationalDigits = '00', statisticalDigits = '00'): string {
    const firstTen = `${hs6}${nationalDigits}${statisticalDigits}`;
    return `${firstTen}${tariffCheckDigit(firstTen)}`;
}

export function isValidTariffCode(code: string): boolean {
    return /^[0-9]{11}$/.test(code) && tariffCheckDigit(code.slice(0, 10)) === Number(code[10]);
}
