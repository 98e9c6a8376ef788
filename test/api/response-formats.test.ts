// Table routes answer JSON by default, Apache Arrow IPC stream or CSV when asked with Accept; the three carry the
// same rows. CSV is safe to open in a spreadsheet.
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvText } from '../../src/api/response-format.js';
import { buildTestApi, type TestApi } from '../support/api-app.js';

let api: TestApi;

beforeAll(async () => {
    api = await buildTestApi({ declarations: 2500, seed: 14 });
});

afterAll(async () => {
    await api.app.close();
});

const ARROW = { accept: 'application/vnd.apache.arrow.stream' };

describe('response formats', () => {
    for (const path of ['/audit/targets?limit=40', '/transparency/release-times?breakdown=lane_aeo', '/transparency/lanes']) {
        it(`${path}: the Arrow IPC stream parses with tableFromIPC and holds the JSON rows`, async () => {
            const role = path.startsWith('/audit') ? 'auditor' : 'statistician';
            const json = (await api.get(path, role)).json().items as Record<string, unknown>[];
            expect(json.length).toBeGreaterThan(5);
            const response = await api.get(path, role, ARROW);
            expect(response.statusCode).toBe(200);
            expect(response.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
            const table = tableFromIPC(response.rawPayload);
            expect(table.numRows).toBe(json.length);
            expect(table.schema.fields.map((field) => field.name)).toEqual(Object.keys(json[0]!));
            const rows = table.toArray().map((row) => {
                const object = row.toJSON() as Record<string, unknown>;
                // Lists come back as Arrow vectors.
                for (const [key, value] of Object.entries(object)) {
                    if (value !== null && typeof value === 'object' && 'toArray' in value) object[key] = [...(value as { toArray(): unknown[] }).toArray()];
                }
                return object;
            });
            expect(rows).toEqual(json);
        });
    }

    it('answers CSV on Accept: text/csv with the JSON rows, and a next-page cursor in a header', async () => {
        const json = (await api.get('/audit/targets?limit=10', 'auditor')).json();
        const response = await api.get('/audit/targets?limit=10', 'auditor', { accept: 'text/csv' });
        expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(response.headers['x-next-cursor']).toBe(json.next_cursor);
        const lines = response.body.trimEnd().split('\r\n');
        expect(lines[0]).toBe('declaration_id,period_month,lodgement_at,trader_id,declarant_id,office_id,lane,main_hs6,origin_country,customs_value_twd,fraud_probability,expected_revenue_twd,score,score_rank,is_selected,is_exploration,reasons');
        expect(lines).toHaveLength(11);
        const first = json.items[0];
        expect(lines[1]!.startsWith(`${first.declaration_id},${first.period_month},${first.lodgement_at},${first.trader_id},`)).toBe(true);
    });

    it('prefers the type with the highest q value, and JSON when nothing it offers is asked for', async () => {
        const csv = await api.get('/transparency/lanes', 'manager', { accept: 'application/json;q=0.5, text/csv;q=0.9' });
        expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
        const json = await api.get('/transparency/lanes', 'manager', { accept: 'text/html' });
        expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    });

    it('writes CSV that a spreadsheet shows as text: formulas neutralised, quotes and separators quoted', () => {
        const text = csvText({
            columns: [{ name: 'name', kind: 'string' }, { name: 'value_twd', kind: 'number' }, { name: 'reasons', kind: 'string[]' }],
            rows: [
                { name: '=HYPERLINK("http://x","y")', value_twd: -5, reasons: ['+1 duty', 'plain'] },
                { name: '@SUM(A1)', value_twd: 1.5, reasons: [] },
                { name: '-2+3', value_twd: null, reasons: ['a, b'] },
                { name: 'Keelung Parts, Inc.', value_twd: 0, reasons: ['\tx'] },
            ],
        });
        expect(text.split('\r\n')).toEqual([
            'name,value_twd,reasons',
            `"'=HYPERLINK(""http://x"",""y"")",-5,'+1 duty; plain`,
            "'@SUM(A1),1.5,",
            "'-2+3,,\"a, b\"",
            "\"Keelung Parts, Inc.\",0,'\tx",
            '',
        ]);
    });
});
