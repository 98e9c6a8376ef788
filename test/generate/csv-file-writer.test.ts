// The byte-level CSV writer writes the same text as plain string formatting would, across buffer flushes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFileWriter } from '../../src/generate/csv-file-writer.js';
import { csvField, formatCents, roundTo } from '../../src/generate/csv-text.js';
import { formatDay, TimeText } from '../../src/generate/local-time.js';
import { Random } from '../../src/generate/random.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

describe('CsvFileWriter', () => {
    it('writes money, numbers, times and text exactly as string formatting does', () => {
        const path = join(mkdtempSync(join(tmpdir(), 'customs-writer-')), 'rows.csv');
        const writer = new CsvFileWriter(path, ['money', 'count', 'mass', 'at', 'text', 'flag']);
        const timeText = new TimeText(19_700, 20_500);
        const random = new Random(1, 'writer-test');
        const texts = ['plain', csvField('Bovine meat, "prime"'), '臺灣 Taiwan', ''];
        const expected = ['money,count,mass,at,text,flag'];
        // Enough rows (about 20 MB) to cross many buffer flushes.
        for (let i = 0; i < 200_000; i++) {
            const cents = Math.floor(10 ** random.between(0, 15));
            const count = Math.floor(10 ** random.between(0, 12));
            const mass = roundTo(10 ** random.between(-3, 9), 3);
            // Days before, inside and after the cached range.
            const at = random.intBetween(19_500 * 86_400, 20_700 * 86_400);
            const text = texts[i % texts.length]!;
            writer.cents(cents).int(count).thousandths(mass).timestamp(at, timeText).text(text).bool(i % 2 === 0).end();
            const day = Math.floor(at / 86_400);
            const second = at - day * 86_400;
            const time = `${formatDay(day)}T${pad2(Math.floor(second / 3600))}:${pad2(Math.floor((second % 3600) / 60))}:${pad2(second % 60)}`;
            expected.push(`${formatCents(cents)},${count},${mass},${time},${text},${i % 2 === 0}`);
        }
        writer.line('a,"b, c",d');
        expected.push('a,"b, c",d');
        writer.close();
        expect(writer.rows).toBe(200_001);
        expect(readFileSync(path, 'utf8')).toBe(`${expected.join('\n')}\n`);
    });

    it('formats money in cents like toFixed(2)', () => {
        for (const cents of [0, 1, 9, 10, 99, 100, 12_345, 100_000_000_001]) expect(formatCents(cents)).toBe((cents / 100).toFixed(2));
    });
});
