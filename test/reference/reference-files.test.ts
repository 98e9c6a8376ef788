// The static reference files in data/reference: well-formed CSV, valid against their zod records, and holding
// exactly the codes the platform relies on.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isNullableColumn } from '../../src/schema/columns.js';
import { LOADABLE_TABLES } from '../../src/schema/tables.js';
import { parseCsvLine, readCsvFile, typedRow } from '../support/csv-files.js';
import { Country, Currency, HsChapter, HsSection, Office, WcoUnit } from '../../src/schema/reference.js';

const REFERENCE_DIR = fileURLToPath(new URL('../../data/reference/', import.meta.url));

interface CsvFile {
    header: string[];
    rows: string[][];
}

function readCsv(fileName: string): CsvFile {
    const text = readFileSync(REFERENCE_DIR + fileName, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) throw new Error(`${fileName} starts with a byte order mark`);
    const file = readCsvFile(REFERENCE_DIR + fileName);
    return { header: parseCsvLine(file.header), rows: file.lines.map(parseCsvLine) };
}

/** Turns a row of CSV texts into the values the zod record expects: numbers, booleans, null for empty. */
function toRecord(schema: z.ZodObject, header: string[], row: string[]): Record<string, unknown> {
    const table = LOADABLE_TABLES.find((candidate) => candidate.schema === schema);
    if (!table) throw new Error('not a loadable table');
    return typedRow(table, Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}

interface ReferenceFile {
    file: string;
    schema: z.ZodObject;
    key: string;
}

const FILES: ReferenceFile[] = [
    { file: 'hs_sections.csv', schema: HsSection, key: 'section_code' },
    { file: 'hs_chapters.csv', schema: HsChapter, key: 'chapter_code' },
    { file: 'countries.csv', schema: Country, key: 'country_code' },
    { file: 'currencies.csv', schema: Currency, key: 'currency_code' },
    { file: 'wco_units.csv', schema: WcoUnit, key: 'unit_code' },
    { file: 'offices.csv', schema: Office, key: 'office_id' },
];

function recordsOf(file: string): Record<string, unknown>[] {
    const reference = FILES.find((candidate) => candidate.file === file);
    if (!reference) throw new Error(`unknown file ${file}`);
    const csv = readCsv(file);
    return csv.rows.map((row) => reference.schema.parse(toRecord(reference.schema, csv.header, row)) as Record<string, unknown>);
}

function column(file: string, name: string): unknown[] {
    return recordsOf(file).map((record) => record[name]);
}

describe('the CSV line parser', () => {
    it('reads plain, quoted, doubled-quote and empty fields', () => {
        expect(parseCsvLine('a,"b, c","say ""hi""",,e')).toEqual(['a', 'b, c', 'say "hi"', '', 'e']);
        expect(parseCsvLine('')).toEqual(['']);
        expect(parseCsvLine('x,')).toEqual(['x', '']);
        expect(() => parseCsvLine('"open')).toThrow();
        expect(() => parseCsvLine('a"b')).toThrow();
    });
});

describe.each(FILES)('data/reference/$file', ({ file, schema, key }) => {
    it('has the record\'s columns as its header, in order', () => {
        expect(readCsv(file).header).toEqual(Object.keys(schema.shape));
    });

    it('has rows that all have as many fields as the header and pass the zod record', () => {
        const csv = readCsv(file);
        expect(csv.rows.length).toBeGreaterThan(0);
        csv.rows.forEach((row, index) => {
            expect(row.length, `row ${index + 2}`).toBe(csv.header.length);
            const result = schema.safeParse(toRecord(schema, csv.header, row));
            expect(result.success, `row ${index + 2}: ${result.error?.message ?? ''}`).toBe(true);
        });
    });

    it('quotes only fields that hold a comma or a quote', () => {
        const text = readFileSync(REFERENCE_DIR + file, 'utf8');
        for (const line of text.split('\n').filter((l) => l !== '')) {
            const reserialised = parseCsvLine(line)
                .map((field) => (/[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field))
                .join(',');
            expect(reserialised).toBe(line);
        }
    });

    it('has no null in a non-nullable column and no duplicate key', () => {
        const records = recordsOf(file);
        const keys = records.map((record) => record[key]);
        expect(new Set(keys).size).toBe(keys.length);
        for (const [name, columnSchema] of Object.entries(schema.shape)) {
            if (isNullableColumn(columnSchema as z.ZodType)) continue;
            expect(records.every((record) => record[name] !== null), name).toBe(true);
        }
    });
});

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI',
    'XVII', 'XVIII', 'XIX', 'XX', 'XXI'];

describe('HS sections', () => {
    it('are the 21 sections I to XXI, numbered 1 to 21', () => {
        const sections = recordsOf('hs_sections.csv');
        expect(sections).toHaveLength(21);
        expect(sections.map((section) => section.section_code)).toEqual(ROMAN);
        expect(sections.map((section) => section.section_number)).toEqual(ROMAN.map((_, index) => index + 1));
    });
});

describe('HS chapters', () => {
    const chapters = recordsOf('hs_chapters.csv');
    const sectionOf = new Map(chapters.map((chapter) => [chapter.chapter_code, chapter.section_code]));

    it('are the 97 chapters 01 to 97, zero-padded, in order', () => {
        expect(chapters).toHaveLength(97);
        expect(chapters.map((chapter) => chapter.chapter_code))
            .toEqual(Array.from({ length: 97 }, (_, index) => String(index + 1).padStart(2, '0')));
    });

    it('each belong to a section that exists', () => {
        const sections = new Set(column('hs_sections.csv', 'section_code'));
        for (const chapter of chapters) expect(sections.has(chapter.section_code), String(chapter.chapter_code)).toBe(true);
    });

    it('sit in the sections worked out by hand', () => {
        expect(sectionOf.get('84')).toBe('XVI');
        expect(sectionOf.get('85')).toBe('XVI');
        expect(sectionOf.get('27')).toBe('V');
        const ranges: [number, number, string][] = [
            [1, 5, 'I'], [6, 14, 'II'], [15, 15, 'III'], [16, 24, 'IV'], [25, 27, 'V'], [28, 38, 'VI'], [39, 40, 'VII'],
            [41, 43, 'VIII'], [44, 46, 'IX'], [47, 49, 'X'], [50, 63, 'XI'], [64, 67, 'XII'], [68, 70, 'XIII'],
            [71, 71, 'XIV'], [72, 83, 'XV'], [84, 85, 'XVI'], [86, 89, 'XVII'], [90, 92, 'XVIII'], [93, 93, 'XIX'],
            [94, 96, 'XX'], [97, 97, 'XXI'],
        ];
        for (const [first, last, section] of ranges) {
            for (let chapter = first; chapter <= last; chapter++) {
                const code = String(chapter).padStart(2, '0');
                expect(sectionOf.get(code), `chapter ${code}`).toBe(section);
            }
        }
    });

    it('keep chapter 77 as reserved, in section XV', () => {
        const reserved = chapters.find((chapter) => chapter.chapter_code === '77');
        expect(reserved).toMatchObject({ section_code: 'XV', title_en: 'Reserved for future use', title_zh: '保留供未來使用' });
    });
});

function expectExactly(values: unknown[], expected: string[]): void {
    expect(values).toHaveLength(expected.length);
    expect(new Set(values).size).toBe(values.length);
    expect([...values].sort()).toEqual([...expected].sort());
}

describe('countries', () => {
    const EXPECTED = ('TW CN HK MO JP KR SG MY TH VN ID PH IN BD PK AU NZ US CA MX BR CL AR PE DE FR GB IT NL BE ES CH SE '
        + 'IE PL CZ AT DK FI NO RU TR SA AE QA KW IL ZA NG EG PA GT PY HN SV NI BZ SZ MH PW').split(' ');
    const REGIONS = ['East Asia', 'Southeast Asia', 'South Asia', 'Oceania', 'North America', 'Latin America', 'Europe',
        'Middle East', 'Africa'];

    it('are exactly the 60 agreed ISO 3166-1 codes', () => {
        expect(EXPECTED).toHaveLength(60);
        expectExactly(column('countries.csv', 'country_code'), EXPECTED);
    });

    it('each sit in one of the agreed regions', () => {
        for (const region of column('countries.csv', 'region')) expect(REGIONS).toContain(region);
    });

    it('carry the Taiwanese Chinese names', () => {
        const names = new Map(recordsOf('countries.csv').map((country) => [country.country_code, country.name_zh]));
        expect(names.get('JP')).toBe('日本');
        expect(names.get('US')).toBe('美國');
        expect(names.get('CN')).toBe('中國大陸');
        expect(names.get('HK')).toBe('香港');
        expect(names.get('MO')).toBe('澳門');
        expect(names.get('KR')).toBe('韓國');
        expect(names.get('SG')).toBe('新加坡');
        expect(names.get('DE')).toBe('德國');
    });
});

describe('currencies', () => {
    it('are exactly the 15 agreed ISO 4217 codes, with their minor units', () => {
        const currencies = recordsOf('currencies.csv');
        expectExactly(currencies.map((currency) => currency.currency_code),
            'TWD USD EUR JPY CNY HKD KRW SGD GBP AUD CHF MYR THB CAD NZD'.split(' '));
        for (const currency of currencies) {
            const expected = currency.currency_code === 'JPY' || currency.currency_code === 'KRW' ? 0 : 2;
            expect(currency.minor_units, String(currency.currency_code)).toBe(expected);
        }
    });
});

describe('WCO units', () => {
    it('are exactly the 13 agreed unit codes', () => {
        expectExactly(column('wco_units.csv', 'unit_code'),
            ['kg', 'g', 'u', '2u', '12u', '1000u', 'l', 'l_alc', 'm', 'm2', 'm3', 'carat', '1000kWh']);
    });
});

describe('offices', () => {
    it('are exactly the 9 agreed offices, with their kinds and cities', () => {
        const offices = recordsOf('offices.csv');
        expectExactly(offices.map((office) => office.office_id),
            ['KL01', 'TP01', 'TP02', 'TP03', 'TC01', 'ML01', 'KH01', 'KH02', 'KH03']);
        const expected: Record<string, [string, string]> = {
            KL01: ['sea', 'Keelung'], TP01: ['air', 'Taoyuan'], TP02: ['air', 'Taoyuan'], TP03: ['post', 'Taipei'],
            TC01: ['sea', 'Taichung'], ML01: ['sea', 'Yunlin'], KH01: ['sea', 'Kaohsiung'], KH02: ['air', 'Kaohsiung'],
            KH03: ['sea', 'Kaohsiung'],
        };
        for (const office of offices) {
            expect([office.office_kind, office.city], String(office.office_id)).toEqual(expected[String(office.office_id)]);
        }
    });
});
