// The default world behaves like customs data: lane shares, AEO and fraud effects on selectivity, release times
// per lane, the planted fraud kinds, selection bias of inspections, arrears, trade shape and trader concentration.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/generate/generate-world.js';
import { FRAUD_KINDS } from '../../src/schema/code-lists.js';
import { readRows } from '../support/csv-files.js';

type Row = Record<string, string>;
let declarations: Row[];
let items: Row[];
let events: Row[];
let inspections: Row[];
let payments: Row[];
let fraud: Row[];
let traders: Row[];
let audits: Row[];

beforeAll(async () => {
    const world = mkdtempSync(join(tmpdir(), 'customs-world-'));
    await generateWorld({ outDir: world, declarations: 30_000, seed: 11, from: '2024-01', months: 12 });
    declarations = readRows(world, 'declarations');
    items = readRows(world, 'declaration_items');
    events = readRows(world, 'clearance_events');
    inspections = readRows(world, 'inspections');
    payments = readRows(world, 'payments');
    fraud = readRows(world, 'planted_fraud');
    traders = readRows(world, 'traders');
    audits = readRows(world, 'post_clearance_audits');
}, 60_000);

const share = (list: Row[], test: (row: Row) => boolean) => list.filter(test).length / list.length;

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
}

/** Minutes from lodgement to release per lane (released declarations only). */
function releaseMinutes(): Record<string, number[]> {
    const lodged = new Map<string, number>();
    const released = new Map<string, number>();
    for (const event of events) {
        if (event.event_type === 'lodgement') lodged.set(event.declaration_id!, Date.parse(event.event_at!));
        if (event.event_type === 'release') released.set(event.declaration_id!, Date.parse(event.event_at!));
    }
    const byLane: Record<string, number[]> = { C1: [], C2: [], C3: [] };
    for (const row of declarations) {
        const release = released.get(row.declaration_id!);
        if (release !== undefined) byLane[row.lane!]!.push((release - lodged.get(row.declaration_id!)!) / 60_000);
    }
    return byLane;
}

describe('the synthetic world is realistic', () => {
    it('sends the large majority through C1 and a few percent to C3', () => {
        expect(share(declarations, (row) => row.lane === 'C1')).toBeGreaterThan(0.8);
        const c3 = share(declarations, (row) => row.lane === 'C3');
        expect(c3).toBeGreaterThan(0.01);
        expect(c3).toBeLessThan(0.08);
    });

    it('checks AEO traders less', () => {
        const aeo = declarations.filter((row) => row.is_aeo === 'true');
        const others = declarations.filter((row) => row.is_aeo === 'false');
        expect(aeo.length).toBeGreaterThan(300);
        expect(share(aeo, (row) => row.lane === 'C3')).toBeLessThan(share(others, (row) => row.lane === 'C3') / 2);
    });

    it('releases C1 in minutes and C3 after hours', () => {
        const minutes = releaseMinutes();
        expect(median(minutes.C1!)).toBeLessThan(10);
        expect(median(minutes.C2!)).toBeGreaterThan(30);
        expect(median(minutes.C3!)).toBeGreaterThan(60);
        // A long tail: some C1 releases take hours.
        expect(Math.max(...minutes.C1!)).toBeGreaterThan(24 * 60);
    });

    it('plants every kind of fraud, more often caught in C2/C3 than not, and far from always', () => {
        expect(new Set(fraud.map((row) => row.fraud_kind))).toEqual(new Set(FRAUD_KINDS));
        const fraudulent = new Set(fraud.map((row) => row.declaration_id));
        const checked = (row: Row) => row.lane !== 'C1';
        const withFraud = declarations.filter((row) => fraudulent.has(row.declaration_id));
        const clean = declarations.filter((row) => !fraudulent.has(row.declaration_id));
        expect(withFraud.length / declarations.length).toBeGreaterThan(0.01);
        expect(withFraud.length / declarations.length).toBeLessThan(0.08);
        expect(share(withFraud, checked)).toBeGreaterThan(share(clean, checked) * 1.5);
        expect(share(withFraud, checked)).toBeLessThan(0.6);
        for (const row of fraud) expect(Number(row.revenue_at_stake_twd), JSON.stringify(row)).toBeGreaterThanOrEqual(0);
        for (const row of fraud.filter((r) => r.fraud_kind === 'under_valuation')) {
            expect(Number(row.declared_value_twd)).toBeLessThan(Number(row.true_value_twd));
        }
        for (const row of fraud.filter((r) => r.fraud_kind === 'split_shipment')) {
            expect(row.line_number).toBe('');
            expect(Number(row.declared_value_twd)).toBeLessThanOrEqual(2000);
        }
        const drawback = new Set(fraud.filter((row) => row.fraud_kind === 'drawback_over_declaration').map((row) => row.declaration_id));
        for (const row of declarations.filter((r) => drawback.has(r.declaration_id))) expect(row.customs_procedure).toBe('drawback');
    });

    it('has a few systematic fraudsters among the traders', () => {
        const systematic = new Set(fraud.filter((row) => row.is_systematic_trader === 'true').map((row) => row.trader_id));
        const traderCount = traders.filter((row) => row.trader_role === 'trader').length;
        expect(traderCount).toBe(750);
        expect(traders.filter((row) => row.trader_role === 'broker')).toHaveLength(75);
        expect(systematic.size).toBeGreaterThanOrEqual(5);
        expect(systematic.size).toBeLessThanOrEqual(0.025 * traderCount);
    });

    it('inspects only C2/C3 declarations, finding planted fraud far more often than on clean ones', () => {
        const lane = new Map(declarations.map((row) => [row.declaration_id!, row.lane!]));
        expect(inspections.every((row) => lane.get(row.declaration_id!) !== 'C1')).toBe(true);
        const fraudulent = new Set(fraud.map((row) => row.declaration_id));
        const found = (list: Row[]) => share(list, (row) => row.is_discrepancy_found === 'true');
        const onFraud = inspections.filter((row) => fraudulent.has(row.declaration_id));
        const onClean = inspections.filter((row) => !fraudulent.has(row.declaration_id));
        expect(found(onFraud)).toBeGreaterThan(0.4);
        expect(found(onClean)).toBeLessThan(0.06);
        expect(found(onClean)).toBeGreaterThan(0);
    });

    it('has payments mostly on time by e-payment, some late and some unpaid', () => {
        expect(share(payments, (row) => row.channel === 'e_payment')).toBeGreaterThan(0.75);
        const unpaid = share(payments, (row) => row.paid_date === '');
        expect(unpaid).toBeGreaterThan(0.003);
        expect(unpaid).toBeLessThan(0.03);
        expect(share(payments, (row) => row.paid_date !== '' && row.paid_date! > row.due_date!)).toBeGreaterThan(0.01);
    });

    it('audits traders after each quarter, with findings on some', () => {
        expect(audits.length).toBeGreaterThan(10);
        expect(audits.some((row) => row.has_findings === 'true' && Number(row.additional_revenue_twd) > 0)).toBe(true);
        expect(new Set(audits.map((row) => row.opened_date!.slice(0, 7))).size).toBeGreaterThanOrEqual(6);
    });

    it('has the shape of Taiwan\'s trade: flows, modes, items, seasonality and trader concentration', () => {
        const imports = share(declarations, (row) => row.declaration_type === 'import');
        expect(imports).toBeGreaterThan(0.55);
        expect(imports).toBeLessThan(0.65);
        const mode = (code: string) => share(declarations, (row) => row.transport_mode_code === code);
        expect(mode('1')).toBeGreaterThan(0.4);
        expect(mode('4')).toBeGreaterThan(0.33);
        expect(mode('5')).toBeGreaterThan(0.02);
        expect(mode('5')).toBeLessThan(0.1);
        expect(items.length / declarations.length).toBeGreaterThan(2.5);
        expect(items.length / declarations.length).toBeLessThan(3.5);
        expect(share(declarations, (row) => row.currency_code === 'USD')).toBeGreaterThan(0.6);

        const perMonth = new Map<string, number>();
        for (const row of declarations) perMonth.set(row.lodgement_at!.slice(0, 7), (perMonth.get(row.lodgement_at!.slice(0, 7)) ?? 0) + 1);
        // 2024: Lunar New Year on 10 February.
        expect(perMonth.get('2024-02')!).toBeLessThan(perMonth.get('2024-01')! * 0.95);
        expect(perMonth.get('2024-11')!).toBeGreaterThan(perMonth.get('2024-03')!);

        const perTrader = new Map<string, number>();
        for (const row of declarations) perTrader.set(row.trader_id!, (perTrader.get(row.trader_id!) ?? 0) + 1);
        const counts = [...perTrader.values()].sort((a, b) => b - a);
        const topShare = (fraction: number) => counts.slice(0, Math.ceil(counts.length * fraction)).reduce((sum, n) => sum + n, 0) / declarations.length;
        expect(topShare(0.01)).toBeGreaterThan(0.08);
        expect(topShare(0.1)).toBeGreaterThan(0.4);

        const hours = share(declarations, (row) => row.lodgement_at!.slice(11, 13) >= '08' && row.lodgement_at!.slice(11, 13) < '18');
        expect(hours).toBeGreaterThan(0.7);
        expect(hours).toBeLessThan(0.95);
    });
});
