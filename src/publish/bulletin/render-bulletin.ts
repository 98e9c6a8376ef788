// The month's release bulletin as one self-contained HTML page: the whole bulletin in English and again in
// Traditional Chinese (each an <article lang=…>), a language switch made of radio buttons and CSS (no script),
// inline CSS and inline SVG charts, and no reference to anything outside the page.
import { UserError } from '../../user-error.js';
import { BulletinData, type FlowTotal, type TopChapter, type TopPartner } from './bulletin-data.js';
import { chartSvg, monthlyBalanceSpec, monthlyFlowsSpec, topItemsSpec, type RankedItem } from './bulletin-charts.js';
import { balanceChangePct, changePct, meanAbsolute, revisionPct, sharePct, tradeBalance } from './bulletin-figures.js';
import { BULLETIN_TEXT, LANGUAGES, type BulletinText, type Language } from './bulletin-text.js';
import { count, millions, MINUS, percent, signedMillions, signedPercent } from './figure-format.js';

/** Validates the data and renders the bulletin page; throws UserError 'bulletin_data_invalid' naming every bad field. */
export async function renderBulletin(input: BulletinData): Promise<string> {
    const parsed = BulletinData.safeParse(input);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(the record)'}: ${issue.message}`);
        throw new UserError('bulletin_data_invalid',
            `The release bulletin data is not valid:\n${problems.join('\n')}\nFix the figures the bulletin is made from (customs publish stats) and publish again.`);
    }
    const data = parsed.data;
    const articles: string[] = [];
    for (const language of LANGUAGES) articles.push(await article(data, language, BULLETIN_TEXT[language]));
    const en = BULLETIN_TEXT.en;
    const zh = BULLETIN_TEXT['zh-Hant'];
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(en.title(data.reporter.name_en, en.month(data.period)))} · ${escapeHtml(zh.title(data.reporter.name_zh, zh.month(data.period)))}</title>
<style>${STYLE}</style>
</head>
<body>
<form class="language-switch" aria-label="Language / 語言">
<input type="radio" name="language" id="show-en" checked><label for="show-en" lang="en">${en.languageName}</label>
<input type="radio" name="language" id="show-zh"><label for="show-zh" lang="zh-Hant">${zh.languageName}</label>
<input type="radio" name="language" id="show-both"><label for="show-both">English + 中文</label>
</form>
${articles.join('\n')}
</body>
</html>
`;
}

async function article(data: BulletinData, language: Language, text: BulletinText): Promise<string> {
    const month = text.month(data.period);
    const reporter = language === 'en' ? data.reporter.name_en : data.reporter.name_zh;
    const sourceNote = language === 'en' ? data.source_note_en : data.source_note_zh;
    const figure = async (svg: Promise<string>) => `<figure>${await svg}<figcaption>${escapeHtml(text.source(sourceNote))}</figcaption></figure>`;
    const ranked = <T extends { value_twd: number }>(lists: { imports: T[]; exports: T[] }, label: (item: T) => string) => ({
        imports: lists.imports.map((item) => ({ label: label(item), value_twd: item.value_twd })),
        exports: lists.exports.map((item) => ({ label: label(item), value_twd: item.value_twd })),
    });
    const partners = ranked(data.top_partners, (item: TopPartner) => (language === 'en' ? item.name_en : item.name_zh));
    const chapters = ranked(data.top_chapters, (item: TopChapter) => `${item.chapter_code} ${language === 'en' ? item.title_en : item.title_zh}`);
    return `<article lang="${language}" id="bulletin-${language}">
<header>
<h1>${escapeHtml(text.title(reporter, month))}</h1>
<p>${escapeHtml(text.releaseLine(data.release_id, data.release_date, data.data_cutoff))}</p>
<p>${escapeHtml(text.tradeSystem[data.trade_system])} ${escapeHtml(text.valuation)} ${escapeHtml(text.units)}</p>
</header>
<section>
<h2>${escapeHtml(text.headlineHeading)}</h2>
${headlineTable(data, text)}
<p class="note">${escapeHtml(text.balanceChangeNote)}</p>
${await figure(chartSvg(monthlyFlowsSpec(data, text)))}
${await figure(chartSvg(monthlyBalanceSpec(data, text)))}
</section>
<section>
<h2>${escapeHtml(text.topPartnersHeading)}</h2>
${topTables(data, text, text.columns.partner, partners)}
${await figure(chartSvg(topItemsSpec(text.chartPartnersTitle(month), partners, text)))}
</section>
<section>
<h2>${escapeHtml(text.topChaptersHeading)}</h2>
${topTables(data, text, text.columns.chapter, chapters)}
${await figure(chartSvg(topItemsSpec(text.chartChaptersTitle(month), chapters, text)))}
</section>
<section>
<h2>${escapeHtml(text.revisionsHeading)}</h2>
${revisionsTable(data, text)}
</section>
<section>
<h2>${escapeHtml(text.notesHeading)}</h2>
<ul>
<li>${escapeHtml(text.estimatedQuantities(count(data.notes.count_estimated_quantities)))}</li>
<li>${escapeHtml(text.suppressedCells(count(data.notes.count_suppressed_cells)))}</li>
</ul>
<p>${escapeHtml(text.source(sourceNote))}</p>
</section>
</article>`;
}

function headlineTable(data: BulletinData, text: BulletinText): string {
    const { imports, exports } = data.headline;
    const rows: [string, FlowTotal, typeof changePct][] = [
        [text.flow.imports, imports, changePct],
        [text.flow.exports, exports, changePct],
        [text.flow.balance, tradeBalance(imports, exports), balanceChangePct],
    ];
    const c = text.columns;
    const body = rows.map(([name, flow, change]) => row('td', [
        escapeHtml(name),
        millions(flow.value_twd),
        flow.year_earlier_twd === null ? escapeHtml(text.notAvailable) : millions(flow.year_earlier_twd),
        flow.year_earlier_twd === null ? escapeHtml(text.notAvailable) : changeCell(signedMillions(flow.value_twd - flow.year_earlier_twd)),
        pctChangeCell(change(flow.value_twd, flow.year_earlier_twd), text),
        millions(flow.value_usd),
        pctChangeCell(change(flow.value_usd, flow.year_earlier_usd), text),
    ]));
    return table('headline', [c.flow, c.thisMonth, c.yearEarlier, c.change, c.changePct, c.thisMonthUsd, c.changePctUsd], body);
}

function topTables(data: BulletinData, text: BulletinText, itemHeading: string, lists: { imports: RankedItem[]; exports: RankedItem[] }): string {
    const c = text.columns;
    return (['imports', 'exports'] as const).map((flow) => {
        const total = data.headline[flow].value_twd;
        const body = lists[flow].map((item, index) => row('td', [
            String(index + 1),
            escapeHtml(item.label),
            millions(item.value_twd),
            optional(sharePct(item.value_twd, total), percent, text),
        ]));
        return `<h3>${escapeHtml(text.flow[flow])}</h3>\n${table('ranked', [c.rank, itemHeading, c.value, c.share], body)}`;
    }).join('\n');
}

function revisionsTable(data: BulletinData, text: BulletinText): string {
    if (data.revisions.length === 0) return `<p>${escapeHtml(text.noRevisions)}</p>`;
    const c = text.columns;
    const body = data.revisions.map((revision) => row('td', [
        escapeHtml(text.month(revision.period)),
        escapeHtml(text.flow[revision.flow]),
        millions(revision.first_estimate_twd),
        millions(revision.latest_estimate_twd),
        pctChangeCell(revisionPct(revision.first_estimate_twd, revision.latest_estimate_twd), text),
    ]));
    const means = (['imports', 'exports'] as const).flatMap((flow) => {
        const mean = meanAbsolute(data.revisions.filter((revision) => revision.flow === flow)
            .map((revision) => revisionPct(revision.first_estimate_twd, revision.latest_estimate_twd)));
        return mean === null ? [] : [`<p>${escapeHtml(text.meanAbsoluteRevision(text.flow[flow], percent(mean)))}</p>`];
    });
    return [table('revisions', [c.month, c.flow, c.firstEstimate, c.latestEstimate, c.revisionPct], body), ...means].join('\n');
}

function pctChangeCell(value: number | null, text: BulletinText): string {
    return value === null ? escapeHtml(text.notAvailable) : changeCell(signedPercent(value));
}

/** A formatted change: the sign is in the text, an arrow repeats it, and the colour class only adds to both. */
function changeCell(formatted: string): string {
    if (formatted.startsWith('+')) return `<span class="up">▲ ${formatted}</span>`;
    if (formatted.startsWith(MINUS)) return `<span class="down">▼ ${formatted}</span>`;
    return formatted;
}

function optional(value: number | null, format: (value: number) => string, text: BulletinText): string {
    return value === null ? escapeHtml(text.notAvailable) : format(value);
}

function table(kind: string, headings: string[], rows: string[]): string {
    return `<table class="${kind}">\n<thead>${row('th', headings.map(escapeHtml))}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** A table row; cells are HTML already escaped by the caller. */
function row(cell: 'td' | 'th', cells: string[]): string {
    return `<tr>${cells.map((content) => `<${cell}>${content}</${cell}>`).join('')}</tr>`;
}

export function escapeHtml(value: string): string {
    return value.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
}

const STYLE = `
body { font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'PingFang TC', 'Microsoft JhengHei', sans-serif; margin: 1.5rem auto; max-width: 62rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
.language-switch { display: flex; gap: 0.4rem; align-items: center; margin-bottom: 1rem; }
.language-switch label { margin-right: 0.8rem; cursor: pointer; }
body:has(#show-en:checked) article[lang="zh-Hant"], body:has(#show-zh:checked) article[lang="en"] { display: none; }
article + article { border-top: 2px solid #ccc; margin-top: 2rem; padding-top: 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: right; vertical-align: top; }
th:first-child, td:first-child, table.ranked td:nth-child(2), table.ranked th:nth-child(2), table.revisions td:nth-child(2) { text-align: left; }
th { font-weight: 600; background: #f4f4f4; }
.up { color: #2b7a3d; }
.down { color: #b3261e; }
.note, figcaption { font-size: 0.85rem; color: #444; }
figure { margin: 1rem 0; }
svg { max-width: 100%; height: auto; }
@media print { .language-switch { display: none; } article[lang] { display: block !important; } }
`;
