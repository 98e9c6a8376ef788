// Release times (WCO Time Release Study) on five hand-made declarations lodged in March 2024, every figure
// worked out by hand. Service targets C1 3 min, C2 480 min, C3 1,440 min; extreme above 4,320 min (3 days).
//
//   id  lane mode office AEO chapter  milestones (2024-03)                                        lodgement → release
//   D1  C1   1    KL01   no  84 (XVI) arr 1 09:00, lodg 10:00, lane 10:00:30, rel 10:02, exit 12:00   2 min (stages: lane 0.5, release 1.5)
//   D2  C1   1    KL01   no  84 (XVI) lodg 1 11:00, lane 11:00:30, pay 11:01, rel 11:05               5 min (lane 0.5, payment 0.5, release 4)
//   D3  C3   1    KL01   no  85 (XVI) lodg 2 08:00, lane 08:01, docs 09:00, insp 10:00–12:00,         300 min (lane 1, docs 59, waiting 60,
//                                     pay 12:30, rel 13:00                                             inspection 120, payment 30, release 30)
//   D4  C3   1    KL01   no  84 (XVI) lodg 30 08:00, lane 08:01, no release                           —  (not released)
//   D5  C2   4    TP01   yes 02 (I)   lodg 5 09:00, lane 09:00:30, docs 10:00, rel 10 09:00            7,200 min (extreme)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runModels } from '../../src/db/run-models.js';
import { openWarehouse, queryRows, type Warehouse } from '../../src/db/warehouse.js';
import { insertDeclaration, insertEvents } from '../support/hand-made-rows.js';

const VARIABLES = { as_of_date: '2024-04-30', target_minutes_c1: 3, target_minutes_c2: 480, target_minutes_c3: 1440, extreme_minutes: 4320 };

let warehouse: Warehouse;
const rows = <T>(sql: string) => queryRows<T>(warehouse.connection, sql);

beforeAll(async () => {
    warehouse = await openWarehouse(join(mkdtempSync(join(tmpdir(), 'customs-trs-')), 'trs.duckdb'));
    const connection = warehouse.connection;
    await connection.run(`insert into hs_chapters values ('84', 'XVI', 'Machinery', '機械'), ('85', 'XVI', 'Electrical', '電機'), ('02', 'I', 'Meat', '肉類')`);
    await insertDeclaration(connection, { id: 'D1', lane: 'C1', mode: '1', office: 'KL01', isAeo: false, lodgement: '2024-03-01 10:00:00', chapter: '84' });
    await insertEvents(connection, 'D1', [['arrival', '2024-03-01 09:00:00'], ['lodgement', '2024-03-01 10:00:00'], ['lane_assigned', '2024-03-01 10:00:30'], ['release', '2024-03-01 10:02:00'], ['exit', '2024-03-01 12:00:00']]);
    await insertDeclaration(connection, { id: 'D2', lane: 'C1', mode: '1', office: 'KL01', isAeo: false, lodgement: '2024-03-01 11:00:00', chapter: '84' });
    await insertEvents(connection, 'D2', [['lodgement', '2024-03-01 11:00:00'], ['lane_assigned', '2024-03-01 11:00:30'], ['payment', '2024-03-01 11:01:00'], ['release', '2024-03-01 11:05:00']]);
    await insertDeclaration(connection, { id: 'D3', lane: 'C3', mode: '1', office: 'KL01', isAeo: false, lodgement: '2024-03-02 08:00:00', chapter: '85' });
    await insertEvents(connection, 'D3', [['lodgement', '2024-03-02 08:00:00'], ['lane_assigned', '2024-03-02 08:01:00'], ['documents_received', '2024-03-02 09:00:00'],
        ['inspection_started', '2024-03-02 10:00:00'], ['inspection_ended', '2024-03-02 12:00:00'], ['payment', '2024-03-02 12:30:00'], ['release', '2024-03-02 13:00:00']]);
    await insertDeclaration(connection, { id: 'D4', lane: 'C3', mode: '1', office: 'KL01', isAeo: false, lodgement: '2024-03-30 08:00:00', chapter: '84' });
    await insertEvents(connection, 'D4', [['lodgement', '2024-03-30 08:00:00'], ['lane_assigned', '2024-03-30 08:01:00']]);
    await insertDeclaration(connection, { id: 'D5', lane: 'C2', mode: '4', office: 'TP01', isAeo: true, lodgement: '2024-03-05 09:00:00', chapter: '02' });
    await insertEvents(connection, 'D5', [['lodgement', '2024-03-05 09:00:00'], ['lane_assigned', '2024-03-05 09:00:30'], ['documents_received', '2024-03-05 10:00:00'], ['release', '2024-03-10 09:00:00']]);
    await runModels(connection, VARIABLES);
});

interface Summary {
    count_declarations: number; count_released: number; count_not_released: number; count_extreme: number;
    share_within_target: number; mean_lodgement_to_release_minutes: number | null; median_lodgement_to_release_minutes: number | null;
    p90_lodgement_to_release_minutes: number | null; p95_lodgement_to_release_minutes: number | null; mean_minutes_with_extreme: number | null;
}

async function summary(breakdown: string, where = 'true'): Promise<Summary[]> {
    const result = await rows<Record<string, string | number | null>>(`
        select count_declarations, count_released, count_not_released, count_extreme, share_within_target,
            mean_lodgement_to_release_minutes, median_lodgement_to_release_minutes, p90_lodgement_to_release_minutes,
            p95_lodgement_to_release_minutes, mean_minutes_with_extreme
        from fct_release_times where breakdown = '${breakdown}' and ${where} order by lane`);
    return result.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value === null ? null : Number(value)]))) as unknown as Summary[];
}

describe('release times per declaration', () => {
    it('keeps every declaration, released or not, with its durations and stages', async () => {
        const result = await rows<Record<string, unknown>>(`
            select declaration_id, has_release, is_extreme, is_within_target, hs_section_code,
                arrival_to_lodgement_minutes, lodgement_to_release_minutes, arrival_to_release_minutes, release_to_exit_minutes,
                stage_lane_assignment_minutes, stage_document_check_minutes, stage_waiting_inspection_minutes,
                stage_inspection_minutes, stage_payment_minutes, stage_release_minutes
            from int_release_times order by declaration_id`);
        expect(result).toEqual([
            { declaration_id: 'D1', has_release: true, is_extreme: false, is_within_target: true, hs_section_code: 'XVI',
                arrival_to_lodgement_minutes: 60, lodgement_to_release_minutes: 2, arrival_to_release_minutes: 62, release_to_exit_minutes: 118,
                stage_lane_assignment_minutes: 0.5, stage_document_check_minutes: 0, stage_waiting_inspection_minutes: 0,
                stage_inspection_minutes: 0, stage_payment_minutes: 0, stage_release_minutes: 1.5 },
            { declaration_id: 'D2', has_release: true, is_extreme: false, is_within_target: false, hs_section_code: 'XVI',
                arrival_to_lodgement_minutes: null, lodgement_to_release_minutes: 5, arrival_to_release_minutes: null, release_to_exit_minutes: null,
                stage_lane_assignment_minutes: 0.5, stage_document_check_minutes: 0, stage_waiting_inspection_minutes: 0,
                stage_inspection_minutes: 0, stage_payment_minutes: 0.5, stage_release_minutes: 4 },
            { declaration_id: 'D3', has_release: true, is_extreme: false, is_within_target: true, hs_section_code: 'XVI',
                arrival_to_lodgement_minutes: null, lodgement_to_release_minutes: 300, arrival_to_release_minutes: null, release_to_exit_minutes: null,
                stage_lane_assignment_minutes: 1, stage_document_check_minutes: 59, stage_waiting_inspection_minutes: 60,
                stage_inspection_minutes: 120, stage_payment_minutes: 30, stage_release_minutes: 30 },
            { declaration_id: 'D4', has_release: false, is_extreme: false, is_within_target: false, hs_section_code: 'XVI',
                arrival_to_lodgement_minutes: null, lodgement_to_release_minutes: null, arrival_to_release_minutes: null, release_to_exit_minutes: null,
                stage_lane_assignment_minutes: null, stage_document_check_minutes: null, stage_waiting_inspection_minutes: null,
                stage_inspection_minutes: null, stage_payment_minutes: null, stage_release_minutes: null },
            { declaration_id: 'D5', has_release: true, is_extreme: true, is_within_target: false, hs_section_code: 'I',
                arrival_to_lodgement_minutes: null, lodgement_to_release_minutes: 7200, arrival_to_release_minutes: null, release_to_exit_minutes: null,
                stage_lane_assignment_minutes: 0.5, stage_document_check_minutes: 59.5, stage_waiting_inspection_minutes: 0,
                stage_inspection_minutes: 0, stage_payment_minutes: 0, stage_release_minutes: 7140 },
        ]);
    });
});

describe('release time aggregates', () => {
    it('give count, mean, median, P90, P95 and the share within target per lane', async () => {
        expect(await summary('lane')).toEqual([
            // C1: 2 and 5 minutes; P90 = 2 + 0.9 × 3 = 4.7, P95 = 2 + 0.95 × 3 = 4.85; only D1 within 3 minutes.
            { count_declarations: 2, count_released: 2, count_not_released: 0, count_extreme: 0, share_within_target: 0.5,
                mean_lodgement_to_release_minutes: 3.5, median_lodgement_to_release_minutes: 3.5, p90_lodgement_to_release_minutes: 4.7,
                p95_lodgement_to_release_minutes: 4.85, mean_minutes_with_extreme: 3.5 },
            // C2: only D5, extreme: left out of the statistics, kept in the mean with extremes.
            { count_declarations: 1, count_released: 1, count_not_released: 0, count_extreme: 1, share_within_target: 0,
                mean_lodgement_to_release_minutes: null, median_lodgement_to_release_minutes: null, p90_lodgement_to_release_minutes: null,
                p95_lodgement_to_release_minutes: null, mean_minutes_with_extreme: 7200 },
            // C3: D3 released in 300 minutes (within 1,440), D4 not released (not within target).
            { count_declarations: 2, count_released: 1, count_not_released: 1, count_extreme: 0, share_within_target: 0.5,
                mean_lodgement_to_release_minutes: 300, median_lodgement_to_release_minutes: 300, p90_lodgement_to_release_minutes: 300,
                p95_lodgement_to_release_minutes: 300, mean_minutes_with_extreme: 300 },
        ]);
    });

    it('over the whole month: (2 + 5 + 300) / 3, median 5, with the extreme (2 + 5 + 300 + 7200) / 4', async () => {
        const [month] = await summary('month');
        expect(month).toMatchObject({ count_declarations: 5, count_released: 4, count_not_released: 1, count_extreme: 1, share_within_target: 0.4,
            median_lodgement_to_release_minutes: 5, mean_minutes_with_extreme: 1876.75 });
        expect(month!.mean_lodgement_to_release_minutes).toBeCloseTo(307 / 3, 10);
    });

    it('have stage means that add up to the mean release time', async () => {
        const [stages] = await rows<Record<string, number>>(`
            select mean_lodgement_to_release_minutes as total, mean_stage_lane_assignment_minutes as lane, mean_stage_document_check_minutes as documents,
                mean_stage_waiting_inspection_minutes as waiting, mean_stage_inspection_minutes as inspection,
                mean_stage_payment_minutes as payment, mean_stage_release_minutes as release
            from fct_release_times where breakdown = 'month'`);
        // Over D1, D2, D3: lane (0.5 + 0.5 + 1) / 3, documents 59 / 3, waiting 60 / 3, inspection 120 / 3,
        // payment (0.5 + 30) / 3, release (1.5 + 4 + 30) / 3; together 307 / 3.
        expect(stages!.lane).toBeCloseTo(2 / 3, 10);
        expect(stages!.documents).toBeCloseTo(59 / 3, 10);
        expect(stages!.waiting).toBeCloseTo(20, 10);
        expect(stages!.inspection).toBeCloseTo(40, 10);
        expect(stages!.payment).toBeCloseTo(30.5 / 3, 10);
        expect(stages!.release).toBeCloseTo(35.5 / 3, 10);
        const sum = stages!.lane! + stages!.documents! + stages!.waiting! + stages!.inspection! + stages!.payment! + stages!.release!;
        expect(sum).toBeCloseTo(stages!.total!, 10);
    });

    it('break down by AEO status, office and HS section', async () => {
        expect((await summary('lane × aeo', 'is_aeo')).map((row) => row.count_declarations)).toEqual([1]);
        const sections = await rows<{ lane: string; hs_section_code: string; count_declarations: string }>(
            `select lane, hs_section_code, count_declarations from fct_release_times where breakdown = 'lane × hs_section' order by lane`);
        expect(sections).toEqual([
            { lane: 'C1', hs_section_code: 'XVI', count_declarations: '2' },
            { lane: 'C2', hs_section_code: 'I', count_declarations: '1' },
            { lane: 'C3', hs_section_code: 'XVI', count_declarations: '2' },
        ]);
        const offices = await rows<{ office_id: string; n: string }>(
            `select office_id, sum(count_declarations) as n from fct_release_times where breakdown = 'lane × office' group by office_id order by office_id`);
        expect(offices).toEqual([{ office_id: 'KL01', n: '4' }, { office_id: 'TP01', n: '1' }]);
    });
});

describe('the Art. 7.6 publication table', () => {
    it('gives mean and median release by mode and lane, with all-lane and all-mode rows and the method', async () => {
        const result = await rows<Record<string, unknown>>(`
            select transport_mode_code, lane, count_released, count_extreme, count_not_released, mean_release_minutes, median_release_minutes, method
            from pub_average_release_times order by transport_mode_code, lane`);
        expect(result.map(({ method, ...row }) => row)).toEqual([
            { transport_mode_code: '1', lane: 'C1', count_released: '2', count_extreme: '0', count_not_released: '0', mean_release_minutes: 3.5, median_release_minutes: 3.5 },
            { transport_mode_code: '1', lane: 'C3', count_released: '1', count_extreme: '0', count_not_released: '1', mean_release_minutes: 300, median_release_minutes: 300 },
            // (2 + 5 + 300) / 3 = 102.33 → 102.3; median of 2, 5, 300 = 5.
            { transport_mode_code: '1', lane: 'all', count_released: '3', count_extreme: '0', count_not_released: '1', mean_release_minutes: 102.3, median_release_minutes: 5 },
            { transport_mode_code: '4', lane: 'C2', count_released: '0', count_extreme: '1', count_not_released: '0', mean_release_minutes: null, median_release_minutes: null },
            { transport_mode_code: '4', lane: 'all', count_released: '0', count_extreme: '1', count_not_released: '0', mean_release_minutes: null, median_release_minutes: null },
            { transport_mode_code: 'all', lane: 'all', count_released: '3', count_extreme: '1', count_not_released: '1', mean_release_minutes: 102.3, median_release_minutes: 5 },
        ]);
        expect(String(result[0]!.method)).toContain('longer than 4320 minutes');
    });
});
