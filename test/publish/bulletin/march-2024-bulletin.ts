// A hand-made bulletin for March 2024; every derived figure is worked out by hand below (TWD and USD millions).
//
// Headline            this month   a year earlier   change    change %
//   imports TWD         1,200.0        1,000.0       +200.0    200 / 1,000 = +20.0
//   exports TWD         1,560.0        1,600.0        −40.0    −40 / 1,600 = −2.5
//   balance TWD   1,560 − 1,200 =  1,600 − 1,000 =   −240.0   −240 / |600| = −40.0
//                         360.0          600.0
//   imports USD            40.0           32.0                  8 / 32 = +25.0
//   exports USD            50.0           52.0                 −2 / 52 = −3.846… → −3.8
//   balance USD   50 − 40 = 10.0   52 − 32 = 20.0              −10 / |20| = −50.0
// Shares of the flow: imports CN 300 / 1,200 = 25.0, JP 240 / 1,200 = 20.0, US 180 / 1,200 = 15.0,
//   ZZ 60 / 1,200 = 5.0; exports CN 390 / 1,560 = 25.0, US 312 / 1,560 = 20.0, HK 156 / 1,560 = 10.0;
//   chapters imports 85 480 / 1,200 = 40.0, 27 120 / 1,200 = 10.0; exports 85 780 / 1,560 = 50.0,
//   84 234 / 1,560 = 15.0, 90 78 / 1,560 = 5.0.
// Revisions: 2024-02 imports 1,000.0 → 1,020.0 = +2.0; 2024-01 exports 1,250.0 → 1,225.0 = −25 / 1,250 = −2.0;
//   2024-02 exports 1,400.0 → 1,414.0 = +1.0. Mean absolute revision: imports 2.0, exports (2.0 + 1.0) / 2 = 1.5.
// Series: 25 months 2022-03 … 2024-03; 2023-03 (13th from the end) is the year-earlier month. Imports exceed
//   exports (a deficit) in exactly three months: 2022-06, 2022-07 and 2023-09. The revised months carry their
//   latest estimates (2024-01 exports 1,225; 2024-02 imports 1,020, exports 1,414).
import type { BulletinData } from '../../../src/publish/bulletin/bulletin-data.js';

export const SCRIPT_NAME = '<script>alert("x")</script> & Sons';

const M = 1e6;
const PERIODS = Array.from({ length: 25 }, (_, i) => {
    const month = 2 + i; // months since 2022-01, zero-based: 2 = March 2022
    return `${2022 + Math.floor(month / 12)}-${String(month % 12 + 1).padStart(2, '0')}`;
});
//                 2022-03 …                                   2023-03 …                                        2024-03
const IMPORTS = [900, 920, 950, 1300, 1250, 980, 990, 1000, 1010, 1020, 1030, 1040, 1000, 1050, 1060, 1070, 1080, 1090, 1500, 1100, 1110, 1120, 1130, 1020, 1200];
const EXPORTS = [1100, 1120, 1150, 1200, 1200, 1180, 1190, 1300, 1310, 1320, 1330, 1340, 1600, 1350, 1360, 1370, 1380, 1390, 1400, 1410, 1420, 1430, 1225, 1414, 1560];

export function march2024(): BulletinData {
    return {
        reporter: { code: 'TW', name_en: 'Taiwan', name_zh: '臺灣' },
        period: '2024-03',
        release_id: 'IMTS-2024-03-R1',
        release_date: '2024-04-20',
        data_cutoff: '2024-04-15',
        trade_system: 'general',
        headline: {
            imports: { value_twd: 1200 * M, value_usd: 40 * M, year_earlier_twd: 1000 * M, year_earlier_usd: 32 * M },
            exports: { value_twd: 1560 * M, value_usd: 50 * M, year_earlier_twd: 1600 * M, year_earlier_usd: 52 * M },
        },
        series: PERIODS.map((period, i) => ({ period, imports_twd: IMPORTS[i]! * M, exports_twd: EXPORTS[i]! * M })),
        top_partners: {
            imports: [
                { partner_code: 'CN', name_en: 'China', name_zh: '中國大陸', value_twd: 300 * M },
                { partner_code: 'JP', name_en: 'Japan', name_zh: '日本', value_twd: 240 * M },
                { partner_code: 'US', name_en: 'United States', name_zh: '美國', value_twd: 180 * M },
                { partner_code: 'ZZ', name_en: SCRIPT_NAME, name_zh: SCRIPT_NAME, value_twd: 60 * M },
            ],
            exports: [
                { partner_code: 'CN', name_en: 'China', name_zh: '中國大陸', value_twd: 390 * M },
                { partner_code: 'US', name_en: 'United States', name_zh: '美國', value_twd: 312 * M },
                { partner_code: 'HK', name_en: 'Hong Kong', name_zh: '香港', value_twd: 156 * M },
            ],
        },
        top_chapters: {
            imports: [
                { chapter_code: '85', title_en: 'Electrical machinery', title_zh: '電機設備', value_twd: 480 * M },
                { chapter_code: '27', title_en: 'Mineral fuels', title_zh: '礦物燃料', value_twd: 120 * M },
            ],
            exports: [
                { chapter_code: '85', title_en: 'Electrical machinery', title_zh: '電機設備', value_twd: 780 * M },
                { chapter_code: '84', title_en: 'Machinery', title_zh: '機械', value_twd: 234 * M },
                { chapter_code: '90', title_en: 'Optical instruments', title_zh: '光學儀器', value_twd: 78 * M },
            ],
        },
        revisions: [
            { period: '2024-02', flow: 'imports', first_estimate_twd: 1000 * M, latest_estimate_twd: 1020 * M },
            { period: '2024-01', flow: 'exports', first_estimate_twd: 1250 * M, latest_estimate_twd: 1225 * M },
            { period: '2024-02', flow: 'exports', first_estimate_twd: 1400 * M, latest_estimate_twd: 1414 * M },
        ],
        notes: { count_estimated_quantities: 1234, count_suppressed_cells: 7 },
        source_note_en: 'Customs Administration, declarations cleared in the month',
        source_note_zh: '關務署，當月通關之報單',
    };
}
