// The release bulletin rendered from the hand-made March 2024 data (figures worked out in march-2024-bulletin.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import type { BulletinData } from '../../../src/publish/bulletin/bulletin-data.js';
import { renderBulletin } from '../../../src/publish/bulletin/render-bulletin.js';
import { UserError } from '../../../src/user-error.js';
import { march2024 } from './march-2024-bulletin.js';

const M = 1e6;
let html: string;
let english: string;
let chinese: string;

/** The page's two articles, English first. */
function articles(page: string): [string, string] {
    const en = page.match(/<article lang="en"[\s\S]*?<\/article>/)?.[0];
    const zh = page.match(/<article lang="zh-Hant"[\s\S]*?<\/article>/)?.[0];
    if (!en || !zh) throw new Error('the page lacks an English or a Chinese article');
    return [en, zh];
}

const charts = (article: string) => article.match(/<svg[\s\S]*?<\/svg>/g) ?? [];

/** The drawn marks (one <path> each) inside a chart's mark groups of one kind: 'line' or 'rect'. */
function marks(svg: string, kind: 'line' | 'rect'): string[] {
    const groups = [...svg.matchAll(new RegExp(`<g class="mark-${kind} role-mark[^"]*"[^>]*>([\\s\\S]*?)</g>`, 'g'))];
    return groups.flatMap((group) => group[1]!.match(/<path [^>]*\/>/g) ?? []);
}

beforeAll(async () => {
    html = await renderBulletin(march2024());
    [english, chinese] = articles(html);
});

describe('renderBulletin on the March 2024 bulletin', () => {
    it('writes the headline rows as worked out by hand, with signs, arrows and colour classes', () => {
        // TWD: imports 1,200.0 vs 1,000.0 → +200.0, +20.0 %; exports 1,560.0 vs 1,600.0 → −40.0, −2.5 %;
        // balance 360.0 vs 600.0 → −240.0, −240 / 600 = −40.0 %. USD: 40 vs 32 → +25.0; 50 vs 52 → −3.8; 10 vs 20 → −50.0.
        expect(english).toContain('<tr><td>Imports</td><td>1,200.0</td><td>1,000.0</td><td><span class="up">▲ +200.0</span></td><td><span class="up">▲ +20.0</span></td><td>40.0</td><td><span class="up">▲ +25.0</span></td></tr>');
        expect(english).toContain('<tr><td>Exports</td><td>1,560.0</td><td>1,600.0</td><td><span class="down">▼ −40.0</span></td><td><span class="down">▼ −2.5</span></td><td>50.0</td><td><span class="down">▼ −3.8</span></td></tr>');
        expect(english).toContain('<tr><td>Trade balance (exports − imports)</td><td>360.0</td><td>600.0</td><td><span class="down">▼ −240.0</span></td><td><span class="down">▼ −40.0</span></td><td>10.0</td><td><span class="down">▼ −50.0</span></td></tr>');
        expect(chinese).toContain('<tr><td>進口</td><td>1,200.0</td><td>1,000.0</td><td><span class="up">▲ +200.0</span></td><td><span class="up">▲ +20.0</span></td><td>40.0</td><td><span class="up">▲ +25.0</span></td></tr>');
        expect(chinese).toContain('<tr><td>貿易差額（出口−進口）</td><td>360.0</td><td>600.0</td>');
        // a true minus sign (U+2212), never a hyphen before a figure
        expect(html).not.toMatch(/>[▼ ]*-[0-9]/);
    });

    it('is one HTML5 page with the bulletin in English and in Traditional Chinese, each marked with its lang', () => {
        expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
        expect(html).toContain('<meta charset="utf-8">');
        expect(html.match(/<article lang=/g)).toHaveLength(2);
        expect(english).toContain('<h1>Taiwan: merchandise trade, March 2024</h1>');
        expect(english).toContain('Release IMTS-2024-03-R1, published 2024-04-20; declarations received up to 2024-04-15.');
        expect(english).toContain('General trade system');
        for (const label of ['Headline figures', 'Top partners', 'Top HS chapters', 'Revisions to earlier months', 'Change on a year earlier, %']) {
            expect(english).toContain(label);
        }
        expect(chinese).toContain('<h1>臺灣貨品貿易統計：2024年3月</h1>');
        expect(chinese).toContain('一般貿易制度');
        for (const label of ['主要數據', '主要貿易夥伴', '主要貨品（HS章別）', '以前月份修正', '與上年同月比較（%）', '新臺幣百萬元']) {
            expect(chinese).toContain(label);
        }
        // the language switch works without script: radio buttons and CSS
        expect(html).toContain('<input type="radio" name="language" id="show-zh">');
        expect(html).toContain('body:has(#show-zh:checked) article[lang="en"]');
    });

    it('lists top partners and chapters with their shares of the flow', () => {
        // imports CN 300 / 1,200 = 25.0 %; exports HK 156 / 1,560 = 10.0 %; chapter 85 exports 780 / 1,560 = 50.0 %
        expect(english).toContain('<tr><td>1</td><td>China</td><td>300.0</td><td>25.0</td></tr>');
        expect(english).toContain('<tr><td>3</td><td>Hong Kong</td><td>156.0</td><td>10.0</td></tr>');
        expect(english).toContain('<tr><td>1</td><td>85 Electrical machinery</td><td>780.0</td><td>50.0</td></tr>');
        expect(chinese).toContain('<tr><td>2</td><td>日本</td><td>240.0</td><td>20.0</td></tr>');
        expect(chinese).toContain('<tr><td>3</td><td>90 光學儀器</td><td>78.0</td><td>5.0</td></tr>');
    });

    it('shows each revision as first and latest estimate with the revision in %, and the mean absolute revision', () => {
        // 1,000.0 → 1,020.0 = +2.0 %; 1,250.0 → 1,225.0 = −2.0 %; 1,400.0 → 1,414.0 = +1.0 %; exports mean (2.0 + 1.0) / 2 = 1.5
        expect(english).toContain('<tr><td>February 2024</td><td>Imports</td><td>1,000.0</td><td>1,020.0</td><td><span class="up">▲ +2.0</span></td></tr>');
        expect(english).toContain('<tr><td>January 2024</td><td>Exports</td><td>1,250.0</td><td>1,225.0</td><td><span class="down">▼ −2.0</span></td></tr>');
        expect(english).toContain('Mean absolute revision, Imports: 2.0%.');
        expect(english).toContain('Mean absolute revision, Exports: 1.5%.');
        expect(chinese).toContain('<tr><td>2024年2月</td><td>出口</td><td>1,400.0</td><td>1,414.0</td><td><span class="up">▲ +1.0</span></td></tr>');
        expect(chinese).toContain('出口平均絕對修正幅度：1.5%。');
    });

    it('states the estimated quantities and suppressed cells with thousands separators', () => {
        expect(english).toContain('and flagged: 1,234.');
        expect(english).toContain('(still counted in higher totals): 7.');
        expect(chinese).toContain('推估並標示之數量：1,234筆。');
    });

    it('draws four SVG charts per language with one mark per data item, a titled unit and a source note', () => {
        for (const [article, title, unit, source] of [
            [english, 'Imports and exports by month, March 2022 to March 2024', 'TWD million', 'Source: Customs Administration, declarations cleared in the month'],
            [chinese, '每月進口與出口，2022年3月至2024年3月', '新臺幣百萬元', '資料來源：關務署，當月通關之報單'],
        ] as const) {
            const [monthly, balance, partners, chapters] = charts(article);
            expect(charts(article)).toHaveLength(4);
            expect(monthly).toContain(`>${title}</text>`);
            expect(monthly).toContain(`>${unit}</text>`);
            expect(marks(monthly!, 'line')).toHaveLength(2); // imports and exports
            expect(marks(balance!, 'rect')).toHaveLength(25); // one bar per month
            // deficits (imports > exports) in 2022-06, 2022-07 and 2023-09 only
            expect(marks(balance!, 'rect').filter((bar) => bar.includes('fill="#b3261e"'))).toHaveLength(3);
            expect(marks(partners!, 'rect')).toHaveLength(4 + 3);
            expect(marks(chapters!, 'rect')).toHaveLength(2 + 3);
            expect(article.match(/<\/svg><figcaption>/g)).toHaveLength(4);
            expect(article.split(source).length - 1).toBe(5); // under each chart and in the notes
            expect(monthly).toContain("font-family=\"system-ui, ");
        }
        expect(charts(chinese)[2]).toContain('>日本</text>');
    });

    it('escapes user text in tables and charts: a partner named <script> stays text', () => {
        expect(html).not.toMatch(/<script/i);
        const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons';
        expect(english).toContain(`<tr><td>4</td><td>${escaped}</td><td>60.0</td><td>5.0</td></tr>`);
        expect(chinese).toContain(`<td>${escaped}</td>`);
        expect(charts(english)[2]).toContain('&lt;script&gt;alert(');
    });

    it('refers to nothing outside the page: the only URLs are the SVG and XLink namespaces', () => {
        const urls = new Set(html.match(/[a-z]+:\/\/[^\s"'<>)]*/gi));
        expect([...urls].sort()).toEqual(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
        expect(html).not.toMatch(/\ssrc=|@import|<link|<script/i);
        for (const href of html.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="#/);
        for (const url of html.match(/url\([^)]*\)/g) ?? []) expect(url).toMatch(/^url\(#/);
    });
});

describe('renderBulletin without a year-earlier month', () => {
    it('writes n/a and 不適用 for the year-earlier figure and every change on a year earlier', async () => {
        // a reporter whose history starts in 2023-04: twelve months, no March 2023
        const data: BulletinData = { ...march2024(), revisions: [] };
        data.series = data.series.slice(13);
        data.headline = {
            imports: { ...data.headline.imports, year_earlier_twd: null, year_earlier_usd: null },
            exports: { ...data.headline.exports, year_earlier_twd: null, year_earlier_usd: null },
        };
        const [en, zh] = articles(await renderBulletin(data));
        expect(en).toContain('<tr><td>Imports</td><td>1,200.0</td><td>n/a</td><td>n/a</td><td>n/a</td><td>40.0</td><td>n/a</td></tr>');
        expect(en).toContain('<tr><td>Trade balance (exports − imports)</td><td>360.0</td><td>n/a</td><td>n/a</td><td>n/a</td><td>10.0</td><td>n/a</td></tr>');
        expect(zh).toContain('<tr><td>出口</td><td>1,560.0</td><td>不適用</td><td>不適用</td><td>不適用</td><td>50.0</td><td>不適用</td></tr>');
        expect(en).toContain('No earlier month was revised in this release.');
        expect(zh).toContain('本次發布未修正以前月份數據。');
        expect(marks(charts(en)[1]!, 'rect')).toHaveLength(12);
        expect(charts(en)[0]).toContain('>Imports and exports by month, April 2023 to March 2024</text>');
    });

    it('writes n/a for the change of the balance in % when the balance changed sign', async () => {
        // a year earlier imports 1,700 > exports 1,600: deficit −100.0; now surplus 360.0 → change +460.0, % n/a
        const data = march2024();
        data.headline.imports.year_earlier_twd = 1700 * M;
        data.series[12]!.imports_twd = 1700 * M;
        const [en] = articles(await renderBulletin(data));
        expect(en).toContain('<tr><td>Trade balance (exports − imports)</td><td>360.0</td><td>−100.0</td><td><span class="up">▲ +460.0</span></td><td>n/a</td>');
    });
});

describe('renderBulletin validation', () => {
    const rejects = async (change: (data: BulletinData) => void, message: RegExp) => {
        const data = march2024();
        change(data);
        const error = await renderBulletin(data).then(() => null, (thrown: unknown) => thrown);
        expect(error).toBeInstanceOf(UserError);
        expect((error as UserError).code).toBe('bulletin_data_invalid');
        expect((error as UserError).message).toMatch(message);
    };

    it('rejects a period not written YYYY-MM, naming the field', async () => {
        await rejects((data) => { data.period = '2024-3'; }, /\n {2}period: must be a month written YYYY-MM/);
    });

    it('rejects a series with a gap or not ending with the release month', async () => {
        await rejects((data) => { data.series.splice(5, 1); }, /series\.5\.period: must follow 2022-07/);
        await rejects((data) => { data.series.pop(); }, /must end with the release period 2024-03/);
    });

    it('rejects figures that disagree with each other', async () => {
        await rejects((data) => { data.series[24]!.exports_twd = 1 * M; }, /must equal headline\.exports\.value_twd/);
        await rejects((data) => { data.series[12]!.imports_twd = 1 * M; }, /must equal headline\.imports\.year_earlier_twd/);
        await rejects((data) => { data.top_partners.imports[0]!.value_twd = 1000 * M; }, /top_partners\.imports: values sum to \d+, more than the imports total/);
        await rejects((data) => { data.top_chapters.exports[2]!.value_twd = 235 * M; }, /top_chapters\.exports\.2\.value_twd: must not exceed the value ranked above it/);
        await rejects((data) => { data.revisions[0]!.latest_estimate_twd = 1019 * M; }, /revisions\.0\.latest_estimate_twd: must equal the series value for 2024-02 imports/);
    });

    it('rejects negative values, bad codes and a cut-off after the release date', async () => {
        await rejects((data) => { data.headline.imports.value_usd = -1; }, /headline\.imports\.value_usd: /);
        await rejects((data) => { data.top_chapters.exports[0]!.chapter_code = '8'; }, /2-digit HS chapter/);
        await rejects((data) => { data.data_cutoff = '2024-04-21'; }, /data_cutoff: must not be after the release date/);
    });

    it('accepts the unchanged hand-made data', async () => {
        await expect(renderBulletin(march2024())).resolves.toContain('</html>');
    });
});
