// The bulletin's charts: Vega-Lite specs with the data inlined, compiled to Vega and rendered to SVG on the
// server (headless View, no browser, no network, system fonts only). Values are charted in TWD million.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BulletinData } from './bulletin-data.js';
import type { BulletinText } from './bulletin-text.js';

const FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'PingFang TC', 'Microsoft JhengHei', sans-serif";
const IMPORTS_COLOUR = '#1f5f99';
const EXPORTS_COLOUR = '#c2571a';
const SURPLUS_COLOUR = '#2b7a3d';
const DEFICIT_COLOUR = '#b3261e';

const CONFIG = {
    font: FONT,
    background: 'white',
    title: { fontSize: 14, anchor: 'start', subtitleColor: '#444' },
    axis: { labelFontSize: 11, titleFontSize: 11 },
    legend: { labelFontSize: 11, orient: 'bottom' },
} as const;

/** Compiles a Vega-Lite spec and renders it to an SVG string. */
export async function chartSvg(spec: TopLevelSpec): Promise<string> {
    const view = new View(parse(compile(spec).spec), { renderer: 'none' });
    try {
        return await view.toSVG();
    } finally {
        view.finalize();
    }
}

const utcMonth = (period: string) => Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)) - 1, 1);
/** Months on x; the field title names the month in screen-reader labels, the axis shows no title. */
const monthAxis = (text: BulletinText) => ({ field: 'month', timeUnit: 'utcyearmonth', type: 'temporal', title: text.columns.month, axis: { title: null, format: '%Y-%m', labelAngle: -45 } }) as const;

/** (1) Imports and exports by month, a line each (solid and dashed, so colour is not the only cue). */
export function monthlyFlowsSpec(data: BulletinData, text: BulletinText): TopLevelSpec {
    const values = data.series.flatMap((month) => [
        { month: utcMonth(month.period), flow: text.flow.imports, value: month.imports_twd / 1e6 },
        { month: utcMonth(month.period), flow: text.flow.exports, value: month.exports_twd / 1e6 },
    ]);
    const flows = [text.flow.imports, text.flow.exports];
    return {
        title: { text: text.chartMonthlyTitle(text.month(data.series[0]!.period), text.month(data.period)), subtitle: text.chartUnit },
        width: 560,
        height: 220,
        data: { values },
        mark: { type: 'line', point: false, strokeWidth: 2 },
        encoding: {
            x: monthAxis(text),
            y: { field: 'value', type: 'quantitative', title: text.chartUnit, axis: { format: ',.0f' } },
            color: { field: 'flow', type: 'nominal', title: null, scale: { domain: flows, range: [IMPORTS_COLOUR, EXPORTS_COLOUR] } },
            strokeDash: { field: 'flow', type: 'nominal', title: null, scale: { domain: flows, range: [[1, 0], [6, 3]] } },
        },
        config: CONFIG,
    };
}

/** (4) Trade balance by month, a bar each, coloured and labelled surplus or deficit. */
export function monthlyBalanceSpec(data: BulletinData, text: BulletinText): TopLevelSpec {
    const values = data.series.map((month) => {
        const balance = (month.exports_twd - month.imports_twd) / 1e6;
        return { month: utcMonth(month.period), value: balance, sign: balance < 0 ? text.deficit : text.surplus };
    });
    return {
        title: { text: text.chartBalanceTitle(text.month(data.series[0]!.period), text.month(data.period)), subtitle: text.chartUnit },
        width: 560,
        height: 180,
        data: { values },
        mark: { type: 'bar' },
        encoding: {
            x: monthAxis(text),
            y: { field: 'value', type: 'quantitative', title: text.chartUnit, axis: { format: ',.0f' } },
            color: { field: 'sign', type: 'nominal', title: null, scale: { domain: [text.surplus, text.deficit], range: [SURPLUS_COLOUR, DEFICIT_COLOUR] } },
        },
        config: CONFIG,
    };
}

/** An item of a top list as charted and tabled: its label in the page's language and its value. */
export interface RankedItem {
    label: string;
    value_twd: number;
}

/** (2), (3) A flow's top items as horizontal bars, imports and exports side by side. */
export function topItemsSpec(title: string, lists: { imports: RankedItem[]; exports: RankedItem[] }, text: BulletinText): TopLevelSpec {
    const panel = (name: string, items: RankedItem[], colour: string) => ({
        title: name,
        width: 220,
        height: { step: 18 },
        data: { values: items.map((item) => ({ label: item.label, value: item.value_twd / 1e6 })) },
        mark: { type: 'bar', color: colour },
        encoding: {
            y: { field: 'label', type: 'nominal', title: null, sort: '-x', axis: { labelLimit: 200 } },
            x: { field: 'value', type: 'quantitative', title: text.chartUnit, axis: { format: ',.0f' } },
        },
    }) as const;
    return {
        title: { text: title, subtitle: text.chartUnit },
        hconcat: [panel(text.flow.imports, lists.imports, IMPORTS_COLOUR), panel(text.flow.exports, lists.exports, EXPORTS_COLOUR)],
        config: CONFIG,
    };
}
