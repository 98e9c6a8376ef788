// A small buffered, synchronous CSV file writer: lines collect in a string that is written out with
// fs.writeSync once it holds about 1 MB, so memory stays bounded however many rows a file gets.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Characters buffered before a write (about 1 MB of mostly ASCII text). */
const FLUSH_AT_CHARS = 1 << 20;

export class CsvFileWriter {
    private readonly fd: number;
    private pending: string;
    /** Data rows written (the header excluded). */
    rows = 0;

    constructor(path: string, columns: readonly string[]) {
        mkdirSync(dirname(path), { recursive: true });
        this.fd = openSync(path, 'w');
        this.pending = `${columns.join(',')}\n`;
    }

    /** Appends one row; `line` is the row's fields already joined by commas, without the line ending. */
    write(line: string): void {
        this.pending += `${line}\n`;
        this.rows++;
        if (this.pending.length >= FLUSH_AT_CHARS) this.flush();
    }

    private flush(): void {
        if (this.pending.length > 0) writeSync(this.fd, this.pending);
        this.pending = '';
    }

    close(): void {
        this.flush();
        closeSync(this.fd);
    }
}
