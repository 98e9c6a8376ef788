// What the monthly release bulletin shows: one record, produced from the trade-statistics marts and validated
// here before rendering. Money is in whole units (TWD and USD, not millions); the renderer scales to millions.
// Derived figures (trade balance, change on a year earlier, shares, revision %) are not supplied: the renderer
// computes them from these values, so they cannot disagree with them.
import { z } from 'zod';

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const DAY = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

const period = z.string().regex(MONTH, 'must be a month written YYYY-MM, e.g. 2024-03');
const day = z.string().regex(DAY, 'must be a date written YYYY-MM-DD, e.g. 2024-04-20');
const money = z.number().finite().nonnegative();
const label = z.string().min(1).max(200);

/** A flow's total this month and in the same month a year earlier (null when that month has no data). */
export const FlowTotal = z.object({
    value_twd: money,
    value_usd: money,
    year_earlier_twd: money.nullable(),
    year_earlier_usd: money.nullable(),
});
export type FlowTotal = z.infer<typeof FlowTotal>;

/** One month of the series charted in the bulletin. */
export const SeriesMonth = z.object({
    period,
    imports_twd: money,
    exports_twd: money,
});
export type SeriesMonth = z.infer<typeof SeriesMonth>;

/** A partner country in a flow's top list (country of origin for imports, last known destination for exports). */
export const TopPartner = z.object({
    partner_code: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. JP'),
    name_en: label,
    name_zh: label,
    value_twd: money,
});
export type TopPartner = z.infer<typeof TopPartner>;

/** An HS chapter (2 digits) in a flow's top list. */
export const TopChapter = z.object({
    chapter_code: z.string().regex(/^[0-9]{2}$/, 'must be a 2-digit HS chapter, e.g. 85'),
    title_en: label,
    title_zh: label,
    value_twd: money,
});
export type TopChapter = z.infer<typeof TopChapter>;

/** An earlier month's flow total as first published and as published in this release. */
export const Revision = z.object({
    period,
    flow: z.enum(['imports', 'exports']),
    first_estimate_twd: money,
    latest_estimate_twd: money,
});
export type Revision = z.infer<typeof Revision>;

/** Top lists per flow, largest value first. */
const topLists = <T extends z.ZodType>(item: T) => z.object({
    imports: z.array(item).max(20),
    exports: z.array(item).max(20),
});

export const BulletinData = z.object({
    reporter: z.object({
        code: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. TW'),
        name_en: label,
        name_zh: label,
    }),
    /** The reference month of the release. */
    period,
    release_id: z.string().min(1).max(60),
    release_date: day,
    /** Declarations received up to this date are included. */
    data_cutoff: day,
    trade_system: z.enum(['general', 'special']),
    /** Imports are valued CIF, exports FOB. */
    headline: z.object({ imports: FlowTotal, exports: FlowTotal }),
    /** Consecutive months in ascending order ending with `period`; up to 25 (two years and the month). */
    series: z.array(SeriesMonth).min(1).max(25),
    top_partners: topLists(TopPartner),
    top_chapters: topLists(TopChapter),
    /** Earlier months revised in this release; empty when nothing changed. */
    revisions: z.array(Revision),
    notes: z.object({
        count_estimated_quantities: z.number().int().nonnegative(),
        count_suppressed_cells: z.number().int().nonnegative(),
    }),
    source_note_en: label,
    source_note_zh: label,
}).superRefine((data, context) => {
    const periods = data.series.map((month) => month.period);
    if (periods[periods.length - 1] !== data.period) {
        context.addIssue({ code: 'custom', path: ['series'], message: `must end with the release period ${data.period}` });
    }
    for (let i = 1; i < periods.length; i++) {
        if (periods[i] !== nextMonth(periods[i - 1]!)) {
            context.addIssue({ code: 'custom', path: ['series', i, 'period'], message: `must follow ${periods[i - 1]} (consecutive months, ascending)` });
        }
    }
    for (const flow of ['imports', 'exports'] as const) {
        const total = data.headline[flow].value_twd;
        const yearEarlier = data.series[data.series.length - 13];
        if (!sameAmount(data.series[data.series.length - 1]![`${flow}_twd`], total)) {
            context.addIssue({ code: 'custom', path: ['series', data.series.length - 1, `${flow}_twd`], message: `must equal headline.${flow}.value_twd (${total})` });
        }
        if (yearEarlier && !sameAmount(yearEarlier[`${flow}_twd`], data.headline[flow].year_earlier_twd)) {
            context.addIssue({ code: 'custom', path: ['series', data.series.length - 13, `${flow}_twd`], message: `must equal headline.${flow}.year_earlier_twd (${data.headline[flow].year_earlier_twd})` });
        }
        for (const [list, items] of [['top_partners', data.top_partners[flow]], ['top_chapters', data.top_chapters[flow]]] as const) {
            const sum = items.reduce((acc, item) => acc + item.value_twd, 0);
            items.forEach((item, i) => {
                if (i > 0 && item.value_twd > items[i - 1]!.value_twd) {
                    context.addIssue({ code: 'custom', path: [list, flow, i, 'value_twd'], message: 'must not exceed the value ranked above it (list in descending order of value)' });
                }
            });
            if (sum > total + 0.5) {
                context.addIssue({ code: 'custom', path: [list, flow], message: `values sum to ${sum}, more than the ${flow} total ${total}` });
            }
        }
    }
    data.revisions.forEach((revision, i) => {
        const month = data.series.find((candidate) => candidate.period === revision.period);
        if (month && !sameAmount(month[`${revision.flow}_twd`], revision.latest_estimate_twd)) {
            context.addIssue({ code: 'custom', path: ['revisions', i, 'latest_estimate_twd'], message: `must equal the series value for ${revision.period} ${revision.flow} (${month[`${revision.flow}_twd`]})` });
        }
    });
    if (data.data_cutoff > data.release_date) {
        context.addIssue({ code: 'custom', path: ['data_cutoff'], message: `must not be after the release date ${data.release_date}` });
    }
});
export type BulletinData = z.infer<typeof BulletinData>;

/** Two amounts in whole currency units that agree to within half a unit (sums made in a different order may differ in the last bits). */
function sameAmount(a: number, b: number | null): boolean {
    return b !== null && Math.abs(a - b) <= 0.5;
}

/** The month after a YYYY-MM month. */
function nextMonth(month: string): string {
    const [year, monthNumber] = month.split('-').map(Number) as [number, number];
    return monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
}
