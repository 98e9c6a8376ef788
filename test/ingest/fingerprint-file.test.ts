// A file's fingerprint counts its lines and tells whether DuckDB's CSV reader may read it (simple CSV): every quote
// opens or closes a whole field, no doubled quote, no line break in a field, no carriage return, no 0x1F byte.
// The verdicts are worked out by hand from that rule; the files are read in 4 MiB pieces, so some cases sit on the
// edge between two pieces.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFiles } from '../../src/ingest/fingerprint-file.js';

const PIECE = 4 << 20;
const folder = mkdtempSync(join(tmpdir(), 'customs-fingerprint-'));

async function fingerprint(content: string): Promise<{ lineCount: number; simpleCsv: boolean; firstLine: string; longestLineBytes: number }> {
    const path = join(folder, `file-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, content);
    const [result] = await fingerprintFiles([path]);
    return { lineCount: result!.lineCount, simpleCsv: result!.simpleCsv, firstLine: result!.firstLine, longestLineBytes: result!.longestLineBytes };
}

/** Unquoted filler lines making `before` end `offset` bytes into the file (one long line of x's, then a newline). */
function padTo(offset: number): string {
    return `a,b\n${'x'.repeat(offset - 5)}\n`;
}

describe('file fingerprint: lines and simple CSV', () => {
    it('counts physical lines, with or without a last line feed', async () => {
        expect((await fingerprint('a,b\n1,2\n3,4\n')).lineCount).toBe(3);
        expect((await fingerprint('a,b\n1,2\n3,4')).lineCount).toBe(3);
        expect((await fingerprint('a,b\n\n\n')).lineCount).toBe(3);
        expect((await fingerprint('')).lineCount).toBe(0);
        expect((await fingerprint('a,b\n1,2\n')).firstLine).toBe('a,b');
    });

    it('measures the longest line in bytes, without its line feed, the last line without one too', async () => {
        expect((await fingerprint('a,b\n1,2\n3,4\n')).longestLineBytes).toBe(3);
        expect((await fingerprint('a,b\n12345\n1,2\n')).longestLineBytes).toBe(5);
        expect((await fingerprint('a,b\n1,2\n1234567')).longestLineBytes).toBe(7);
        expect((await fingerprint('a,b\n1,"é"\n')).longestLineBytes).toBe(6);
        expect((await fingerprint('')).longestLineBytes).toBe(0);
        // a line across the edge between two pieces, after 1,048,550 lines of 3 bytes
        const short = `a,b\n${'1,2\n'.repeat(1_048_550)}`;
        expect(short.length).toBe(PIECE - 100);
        expect((await fingerprint(`${short}${'z'.repeat(300)}\n1,2\n`)).longestLineBytes).toBe(300);
        // a line longer than a whole piece, with no line feed in the piece between its start and end
        expect((await fingerprint(`a,b\n${'q'.repeat(PIECE + 50)}\n1,2\n`)).longestLineBytes).toBe(PIECE + 50);
    });

    it('takes whole quoted fields, empty ones too, as simple', async () => {
        expect((await fingerprint('a,b,c\n1,"x, y",3\n"q",2,""\n')).simpleCsv).toBe(true);
        expect((await fingerprint('a,b\n1,"last field without line feed"')).simpleCsv).toBe(true);
    });

    it.each([
        ['a quote inside an unquoted field', 'a,b\n1,x"y\n'],
        ['a doubled quote inside a quoted field', 'a,b\n1,"x ""y"" z"\n'],
        ['a line break inside a quoted field', 'a,b\n1,"x\ny"\n'],
        ['a space before an opening quote', 'a,b\n1, "x"\n'],
        ['text after a closing quote', 'a,b\n1,"x"y\n'],
        ['a quote left open at the end', 'a,b\n1,"x\n'],
        ['a carriage return', 'a,b\r\n1,2\r\n'],
        ['the byte 0x1F', 'a,b\n1,x\x1fy\n'],
    ])('does not take %s as simple', async (_, content) => {
        expect((await fingerprint(content)).simpleCsv).toBe(false);
    });

    it('follows a quoted field across the edge between two pieces', async () => {
        // the closing quote is the last byte of the first piece; the comma after it starts the second
        const closedAtEdge = `${padTo(PIECE - 5)}1,"x",2\n`;
        expect(closedAtEdge.indexOf('"x"') + 2).toBe(PIECE - 1);
        expect(await fingerprint(closedAtEdge)).toMatchObject({ simpleCsv: true, lineCount: 3 });
        expect((await fingerprint(`${padTo(PIECE - 5)}1,"x"y\n`)).simpleCsv).toBe(false);
        // a field opened before the edge and closed after it, with or without a line break in it
        expect((await fingerprint(`${padTo(PIECE - 5)}1,"xyz, more",2\n`)).simpleCsv).toBe(true);
        expect((await fingerprint(`${padTo(PIECE - 5)}1,"xy\nz",2\n`)).simpleCsv).toBe(false);
        expect((await fingerprint(`${padTo(PIECE - 5)}1,"x\nyz",2\n`)).simpleCsv).toBe(false);
    });
});
