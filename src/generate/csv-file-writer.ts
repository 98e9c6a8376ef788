// A small buffered, synchronous CSV file writer. Rows are written field by field straight into a 1 MB byte
// buffer, which goes to the file with fs.writeSync whenever the next field would not fit; memory stays bounded
// however many rows a file gets. Numbers, money and times are written as digits without building strings first,
// because the generator writes millions of rows and per-row strings were most of its cost.
//
//   writer.text(id).int(line).cents(value).end();   // one row: fields are separated by commas automatically
//
// Text fields must already be CSV-safe (see csvField in csv-text.ts); null is an empty text field.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE, type TimeText } from './local-time.js';

/** Bytes buffered before a write. */
const BUFFER_BYTES = 1 << 20;
/** Room kept for one numeric field: written without a capacity check of its own. */
const NUMBER_ROOM = 64;
/** Text longer than this is copied by the native encoder; shorter text byte by byte (cheaper per call). */
const LONG_TEXT = 24;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const ZERO = 0x30;
const DOT = 0x2e;
const COLON = 0x3a;
const LETTER_T = 0x54;

/** The bytes of an ASCII text, for fields written very often (codes, identifiers). */
export function asciiBytes(text: string): Uint8Array {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x80) throw new Error(`"${text}" is not ASCII`);
        bytes[i] = code;
    }
    return bytes;
}

export class CsvFileWriter {
    private readonly fd: number;
    private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    private used = 0;
    /** No field has been written on the current row yet. */
    private rowStart = true;
    /** Data rows written (the header excluded). */
    rows = 0;

    constructor(path: string, columns: readonly string[]) {
        mkdirSync(dirname(path), { recursive: true });
        this.fd = openSync(path, 'w');
        this.copy(columns.join(','));
        this.buffer[this.used++] = NEWLINE;
    }

    /** Writes one whole row given as a CSV line (fields already joined). */
    line(text: string): void {
        this.copy(text);
        this.end();
    }

    /** Ends the current row. */
    end(): void {
        this.room(1);
        this.buffer[this.used++] = NEWLINE;
        this.rowStart = true;
        this.rows++;
    }

    /** A CSV-safe text field ('' for null). */
    text(value: string): this {
        this.separator();
        this.copy(value);
        return this;
    }

    /** A CSV-safe ASCII text field given as bytes (see asciiBytes), the first `length` of them. */
    bytes(encoded: Uint8Array, length = encoded.length): this {
        this.separator();
        this.room(length);
        const buffer = this.buffer;
        let used = this.used;
        for (let i = 0; i < length; i++) buffer[used++] = encoded[i]!;
        this.used = used;
        return this;
    }

    /** A non-negative whole number. */
    int(value: number): this {
        this.separator();
        this.digits(value, 1);
        return this;
    }

    /** Money held in integer cents, written with two decimals. */
    cents(cents: number): this {
        this.separator();
        const whole = Math.floor(cents / 100);
        const fraction = cents - whole * 100;
        this.digits(whole, 1);
        this.buffer[this.used++] = DOT;
        this.digits(fraction, 2);
        return this;
    }

    /** A non-negative number kept to three decimals (masses, quantities), trailing zeros dropped. */
    thousandths(value: number): this {
        this.separator();
        const thousandths = Math.round(value * 1000);
        const whole = Math.floor(thousandths / 1000);
        let fraction = thousandths - whole * 1000;
        this.digits(whole, 1);
        if (fraction > 0) {
            let width = 3;
            while (fraction % 10 === 0) {
                fraction /= 10;
                width--;
            }
            this.buffer[this.used++] = DOT;
            this.digits(fraction, width);
        }
        return this;
    }

    /** 'true' or 'false'. */
    bool(value: boolean): this {
        return this.text(value ? 'true' : 'false');
    }

    /** A date, 'YYYY-MM-DD'. */
    date(day: number, timeText: TimeText): this {
        return this.text(timeText.date(day));
    }

    /** A local timestamp, 'YYYY-MM-DDTHH:MM:SS', of whole local seconds. */
    timestamp(seconds: number, timeText: TimeText): this {
        const day = Math.floor(seconds / SECONDS_PER_DAY);
        let rest = seconds - day * SECONDS_PER_DAY;
        this.text(timeText.date(day));
        const hours = Math.floor(rest / SECONDS_PER_HOUR);
        rest -= hours * SECONDS_PER_HOUR;
        const minutes = Math.floor(rest / SECONDS_PER_MINUTE);
        const buffer = this.buffer;
        buffer[this.used++] = LETTER_T;
        this.digits(hours, 2);
        buffer[this.used++] = COLON;
        this.digits(minutes, 2);
        buffer[this.used++] = COLON;
        this.digits(rest - minutes * SECONDS_PER_MINUTE, 2);
        return this;
    }

    private separator(): void {
        this.room(NUMBER_ROOM);
        if (this.rowStart) this.rowStart = false;
        else this.buffer[this.used++] = COMMA;
    }

    /** Writes a whole number with at least `width` digits (zero-padded). */
    private digits(value: number, width: number): void {
        let length = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : value < 100000 ? 5 : value < 1000000 ? 6 : 7;
        for (let bound = 1e7; value >= bound; bound *= 10) length++;
        if (length < width) length = width;
        const buffer = this.buffer;
        let position = this.used + length;
        this.used = position;
        if (value <= 0x7fffffff) {
            // Small integer arithmetic for values that fit 31 bits: most numbers written.
            let rest = value | 0;
            for (let i = 0; i < length; i++) {
                const next = (rest / 10) | 0;
                buffer[--position] = ZERO + rest - next * 10;
                rest = next;
            }
            return;
        }
        let rest = value;
        for (let i = 0; i < length; i++) {
            const next = Math.floor(rest / 10);
            buffer[--position] = ZERO + (rest - next * 10);
            rest = next;
        }
    }

    /** Copies text: short ASCII byte by byte, long or non-ASCII text through the UTF-8 encoder. */
    private copy(text: string): void {
        const length = text.length;
        this.room(length * 3);
        if (length > LONG_TEXT) {
            this.used += this.buffer.write(text, this.used, 'utf8');
            return;
        }
        const buffer = this.buffer;
        let used = this.used;
        for (let i = 0; i < length; i++) {
            const code = text.charCodeAt(i);
            if (code >= 0x80) {
                this.used = used + buffer.write(text.slice(i), used, 'utf8');
                return;
            }
            buffer[used++] = code;
        }
        this.used = used;
    }

    /** Makes room for `bytes` more bytes, writing the buffer out when needed (a row may span two writes). */
    private room(bytes: number): void {
        if (this.used + bytes <= BUFFER_BYTES) return;
        this.flush();
        if (bytes > BUFFER_BYTES) throw new Error(`a field of ${bytes} bytes does not fit the ${BUFFER_BYTES}-byte buffer`);
    }

    private flush(): void {
        if (this.used > 0) writeSync(this.fd, this.buffer, 0, this.used);
        this.used = 0;
    }

    close(): void {
        this.flush();
        closeSync(this.fd);
    }
}
