// The reasons in words (sql/scored/fct_audit_targets.sql), run on hand-made rows: audit_scores with the reason keys
// scoring picked, and the risk-feature columns the words quote.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SQL_DIR } from '../../src/db/warehouse.js';
import { REASONS_PER_DECLARATION } from '../../src/audit/score-rows.js';
import { createScoredMacros } from '../../pipelines/audit-targeting.js';

const FEATURE_COLUMNS = `declaration_id varchar, lodgement_at timestamp, month_date date, trader_id varchar, declarant_id varchar, office_id varchar,
    declaration_type varchar, lane varchar, main_origin_country varchar, is_aeo boolean, main_hs6 varchar, low_unit_value_hs6 varchar, low_unit_value_reference_origin_country varchar,
    low_unit_value_ratio_to_median double, high_unit_value_ratio_to_median double, min_unit_value_z double, max_unit_value_z double,
    max_mass_per_unit_z double, min_duty_rate_gap double, share_lines_preference_claimed double, has_preference_shift boolean,
    count_parts_48h bigint, benford_first_digit_mad double, benford_first_digit_class varchar, months_since_first_declaration bigint,
    value_change_ratio double, drawback_to_import_ratio double, arrears_at_lodgement_twd decimal(38, 2), value_twd decimal(18, 2),
    importer_checked hugeint, importer_hits hugeint, importer_hit_rate double, broker_checked hugeint, broker_hits hugeint, broker_hit_rate double,
    seller_checked hugeint, seller_hits hugeint, seller_hit_rate double, hs6_checked hugeint, hs6_hits hugeint, hs6_hit_rate double,
    origin_checked hugeint, origin_hits hugeint, origin_hit_rate double, office_checked hugeint, office_hits hugeint, office_hit_rate double`;

const base = {
    main_hs6: '847130', low_unit_value_hs6: '847130', low_unit_value_reference_origin_country: 'CN', low_unit_value_ratio_to_median: 0.29,
    min_unit_value_z: -4.23, importer_checked: 30, importer_hits: 12, importer_hit_rate: 0.31, count_parts_48h: 4,
    arrears_at_lodgement_twd: 120000, value_twd: 1234567.4, has_preference_shift: false, share_lines_preference_claimed: 0.5,
};

/** The reasons the model gives a declaration with these keys and these features (others NULL). */
async function reasonsFor(reasonKeys: string, features: Record<string, unknown>): Promise<string[]> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
        await connection.run(`create table fct_declaration_risk_features (${FEATURE_COLUMNS})`);
        await connection.run(`create table audit_scores (model_id varchar, declaration_id varchar, fraud_probability double, predicted_revenue_twd double,
            expected_revenue_twd double, score double, score_rank integer, is_selected boolean, is_exploration boolean, reason_keys varchar)`);
        const names = Object.keys(features);
        const insert = await connection.prepare(`insert into fct_declaration_risk_features (declaration_id, ${names.join(', ')}) values ('D1', ${names.map((_, i) => `$${i + 1}`).join(', ')})`);
        insert.bind(names.map((name) => features[name] as never));
        await insert.run();
        await connection.run(`insert into audit_scores (declaration_id, reason_keys) values ('D1', '${reasonKeys}')`);
        await createScoredMacros(connection);
        const sql = readFileSync(join(SQL_DIR, 'scored', 'fct_audit_targets.sql'), 'utf8');
        const rows = (await connection.runAndReadAll(sql)).getRowObjectsJson();
        expect(rows).toHaveLength(1);
        return rows[0]!.reasons as string[];
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}

describe('reasons in words (fct_audit_targets)', () => {
    it('word each key in order with the declaration\'s numbers', async () => {
        expect(await reasonsFor('unit_value,importer_history,arrears', base)).toEqual([
            'unit value 71% below the median for HS 8471.30 from CN over the 12 months before (robust z −4.2)',
            "the importer's earlier checks found discrepancies in 12 of 30 (smoothed hit rate 31%)",
            'the trader owed TWD 120,000 in arrears when it was lodged',
        ]);
    });

    it('word as many keys as scoring gives a declaration (REASONS_PER_DECLARATION), each in its place', async () => {
        const keys = ['arrears', 'declaration_profile', 'split_shipment', 'importer_history', 'new_trader'].slice(0, REASONS_PER_DECLARATION);
        expect(keys).toHaveLength(REASONS_PER_DECLARATION);
        const reasons = await reasonsFor(keys.join(','), { ...base, months_since_first_declaration: 1 });
        expect(reasons).toHaveLength(REASONS_PER_DECLARATION);
        expect(reasons[0]).toBe('the trader owed TWD 120,000 in arrears when it was lodged');
        expect(reasons[1]).toBe('declared value TWD 1,234,567');
    });

    it('give no reasons when nothing raised the score', async () => {
        expect(await reasonsFor('', base)).toEqual([]);
    });

    it('read the unit-value reason as an inflated value when the high outlier is the larger one', async () => {
        expect(await reasonsFor('unit_value', { ...base, min_unit_value_z: 0.2, max_unit_value_z: 5.04, high_unit_value_ratio_to_median: 2.46 }))
            .toEqual(['unit value 2.5× the median for its HS code over the 12 months before (robust z +5.0)']);
        expect(await reasonsFor('unit_value', { ...base, min_unit_value_z: null, low_unit_value_reference_origin_country: null }))
            .toEqual(['no unit-value history for its goods in the 12 months before']);
        expect(await reasonsFor('unit_value', { ...base, low_unit_value_reference_origin_country: '*', low_unit_value_ratio_to_median: 1.5, min_unit_value_z: 3.9 }))
            .toEqual(['unit value 50% above the median for HS 8471.30 from all origins over the 12 months before (robust z +3.9)']);
    });

    it('say so plainly when a party has no earlier checks or a trader is not new', async () => {
        expect(await reasonsFor('seller_history,new_trader', { ...base, seller_checked: 0, seller_hits: 0, seller_hit_rate: 0.055, months_since_first_declaration: 20 }))
            .toEqual(['no earlier checks of the seller (prior hit rate 6%)', 'trader declaring for 20 months']);
    });

    it('word the other reasons with their figures, amounts with thousands separators', async () => {
        const features = {
            ...base, min_duty_rate_gap: -0.075, has_preference_shift: true, benford_first_digit_mad: 0.01873, benford_first_digit_class: 'nonconformity',
            months_since_first_declaration: 1, value_change_ratio: 6.04, drawback_to_import_ratio: 3.25, max_mass_per_unit_z: 7.61,
        };
        expect(await reasonsFor('cheaper_neighbour_code,preference,split_shipment', features)).toEqual([
            'declared under HS 8471.30, whose duty rate is 7.5 points below a neighbouring code of the same heading',
            'claims a preferential origin the trader first used for these goods in the last 90 days, after importing them from elsewhere',
            'one of 4 low-value declarations from the same seller within 48 hours (de minimis TWD 2,000)',
        ]);
        expect(await reasonsFor('benford,new_trader,value_change', features)).toEqual([
            "the trader's declared values depart from Benford's law (first-digit MAD 0.0187, nonconformity)",
            'new trader (first declaration 1 months before)',
            'the trader declared 6.0× its monthly average of the 6 months before',
        ]);
        expect(await reasonsFor('drawback_ratio,mass_per_unit,declaration_profile', features)).toEqual([
            "drawback exports worth 3.2× the trader's imports over 12 months",
            'net mass per declared unit far from the usual for its code (robust z +7.6): fewer units declared than the mass suggests',
            'declared value TWD 1,234,567',
        ]);
    });
});
