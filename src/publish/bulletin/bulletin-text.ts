// Every word the release bulletin prints, in English and Traditional Chinese, in one place. Functions take
// already formatted figures; the renderer escapes whatever comes from the data.

export const LANGUAGES = ['en', 'zh-Hant'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface BulletinText {
    languageName: string;
    month(period: string): string;
    title(reporter: string, month: string): string;
    releaseLine(releaseId: string, releaseDate: string, cutoff: string): string;
    tradeSystem: { general: string; special: string };
    valuation: string;
    units: string;
    headlineHeading: string;
    flow: { imports: string; exports: string; balance: string };
    columns: {
        flow: string; thisMonth: string; yearEarlier: string; change: string; changePct: string;
        thisMonthUsd: string; changePctUsd: string;
        rank: string; partner: string; chapter: string; value: string; share: string;
        month: string; firstEstimate: string; latestEstimate: string; revisionPct: string;
    };
    notAvailable: string;
    balanceChangeNote: string;
    topPartnersHeading: string;
    topChaptersHeading: string;
    revisionsHeading: string;
    noRevisions: string;
    meanAbsoluteRevision(flow: string, pct: string): string;
    notesHeading: string;
    estimatedQuantities(count: string): string;
    suppressedCells(count: string): string;
    source(note: string): string;
    chartUnit: string;
    chartMonthlyTitle(first: string, last: string): string;
    chartBalanceTitle(first: string, last: string): string;
    chartPartnersTitle(month: string): string;
    chartChaptersTitle(month: string): string;
    surplus: string;
    deficit: string;
}

const en: BulletinText = {
    languageName: 'English',
    month: (period) => new Date(`${period}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
    title: (reporter, month) => `${reporter}: merchandise trade, ${month}`,
    releaseLine: (releaseId, releaseDate, cutoff) => `Release ${releaseId}, published ${releaseDate}; declarations received up to ${cutoff}.`,
    tradeSystem: { general: 'General trade system (UN IMTS 2010).', special: 'Special trade system (UN IMTS 2010).' },
    valuation: 'Imports are valued CIF, exports FOB.',
    units: 'Values in millions of New Taiwan dollars (TWD million), with US dollars (USD million) alongside, converted at the monthly average exchange rate.',
    headlineHeading: 'Headline figures',
    flow: { imports: 'Imports', exports: 'Exports', balance: 'Trade balance (exports − imports)' },
    columns: {
        flow: 'Flow', thisMonth: 'This month, TWD million', yearEarlier: 'A year earlier, TWD million',
        change: 'Change, TWD million', changePct: 'Change on a year earlier, %',
        thisMonthUsd: 'This month, USD million', changePctUsd: 'Change on a year earlier (USD), %',
        rank: 'Rank', partner: 'Partner', chapter: 'HS chapter', value: 'Value, TWD million', share: 'Share of the flow, %',
        month: 'Month', firstEstimate: 'First estimate, TWD million', latestEstimate: 'Latest estimate, TWD million', revisionPct: 'Revision, %',
    },
    notAvailable: 'n/a',
    balanceChangeNote: 'Change in % of the trade balance = (balance − balance a year earlier) ÷ |balance a year earlier| × 100; n/a when the balance changed sign or a year-earlier figure does not exist.',
    topPartnersHeading: 'Top partners',
    topChaptersHeading: 'Top HS chapters',
    revisionsHeading: 'Revisions to earlier months',
    noRevisions: 'No earlier month was revised in this release.',
    meanAbsoluteRevision: (flow, pct) => `Mean absolute revision, ${flow}: ${pct}%.`,
    notesHeading: 'Notes',
    estimatedQuantities: (count) => `Quantities estimated from the trailing 12-month unit value of the code, and flagged: ${count}.`,
    suppressedCells: (count) => `Cells suppressed for confidentiality (still counted in higher totals): ${count}.`,
    source: (note) => `Source: ${note}`,
    chartUnit: 'TWD million',
    chartMonthlyTitle: (first, last) => `Imports and exports by month, ${first} to ${last}`,
    chartBalanceTitle: (first, last) => `Trade balance (exports − imports) by month, ${first} to ${last}`,
    chartPartnersTitle: (month) => `Top partners by value, ${month}`,
    chartChaptersTitle: (month) => `Top HS chapters by value, ${month}`,
    surplus: 'Surplus',
    deficit: 'Deficit',
};

const zhHant: BulletinText = {
    languageName: '中文',
    month: (period) => `${Number(period.slice(0, 4))}年${Number(period.slice(5, 7))}月`,
    title: (reporter, month) => `${reporter}貨品貿易統計：${month}`,
    releaseLine: (releaseId, releaseDate, cutoff) => `發布編號 ${releaseId}，發布日期 ${releaseDate}；資料截止日 ${cutoff}。`,
    tradeSystem: { general: '一般貿易制度（聯合國IMTS 2010）。', special: '特別貿易制度（聯合國IMTS 2010）。' },
    valuation: '進口以CIF計價，出口以FOB計價。',
    units: '金額單位：新臺幣百萬元，並列美元百萬元（按當月平均匯率換算）。',
    headlineHeading: '主要數據',
    flow: { imports: '進口', exports: '出口', balance: '貿易差額（出口−進口）' },
    columns: {
        flow: '貿易流向', thisMonth: '本月（新臺幣百萬元）', yearEarlier: '上年同月（新臺幣百萬元）',
        change: '增減（新臺幣百萬元）', changePct: '與上年同月比較（%）',
        thisMonthUsd: '本月（美元百萬元）', changePctUsd: '與上年同月比較，美元（%）',
        rank: '排名', partner: '貿易夥伴', chapter: 'HS章別', value: '金額（新臺幣百萬元）', share: '占該流向比重（%）',
        month: '月份', firstEstimate: '初估值（新臺幣百萬元）', latestEstimate: '最新估計值（新臺幣百萬元）', revisionPct: '修正幅度（%）',
    },
    notAvailable: '不適用',
    balanceChangeNote: '貿易差額增減百分比 =（本月差額 − 上年同月差額）÷ |上年同月差額| × 100；差額正負號改變或無上年同月資料時為不適用。',
    topPartnersHeading: '主要貿易夥伴',
    topChaptersHeading: '主要貨品（HS章別）',
    revisionsHeading: '以前月份修正',
    noRevisions: '本次發布未修正以前月份數據。',
    meanAbsoluteRevision: (flow, pct) => `${flow}平均絕對修正幅度：${pct}%。`,
    notesHeading: '附註',
    estimatedQuantities: (count) => `依該稅號過去12個月單價推估並標示之數量：${count}筆。`,
    suppressedCells: (count) => `因保密而隱藏之細格（仍計入上層總計）：${count}個。`,
    source: (note) => `資料來源：${note}`,
    chartUnit: '新臺幣百萬元',
    chartMonthlyTitle: (first, last) => `每月進口與出口，${first}至${last}`,
    chartBalanceTitle: (first, last) => `每月貿易差額（出口−進口），${first}至${last}`,
    chartPartnersTitle: (month) => `${month}主要貿易夥伴（按金額）`,
    chartChaptersTitle: (month) => `${month}主要貨品HS章別（按金額）`,
    surplus: '出超',
    deficit: '入超',
};

export const BULLETIN_TEXT: Record<Language, BulletinText> = { en, 'zh-Hant': zhHant };
