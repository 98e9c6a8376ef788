// Post-clearance audits. While months are generated, a ledger keeps per trader and calendar quarter the revenue
// at stake of its planted fraud by finding kind and the discrepancies its inspections found (a ring of the last
// four quarters, so memory depends on the number of traders only). At the start of each calendar quarter after
// the first, auditors pick traders — most by risk as they see it (past discrepancies, size, plus the systematic
// fraudsters that intelligence points to), some at random — and audit the previous 12 months. An audit closed
// by the window's end has findings when the trader's fraud in the period was found (85%), recovering 40–90% of
// the revenue at stake; a few clean audits find something small. Audits still open have no findings yet.
import { join } from 'node:path';
import type { AUDIT_FINDING_KINDS } from '../schema/code-lists.js';
import { PostClearanceAudit } from '../schema/audit.js';
import { CsvFileWriter } from './csv-file-writer.js';
import { formatCents } from './csv-text.js';
import type { FraudKind } from './fraud-profile.js';
import { dayOf, isWeekend, type TimeText, type TimeWindow, type WindowMonth } from './local-time.js';
import { Random } from './random.js';
import type { TraderPopulation } from './trader-population.js';
import { WeightedChoice } from './weighted-choice.js';

type FindingKind = (typeof AUDIT_FINDING_KINDS)[number];

const FINDING_KINDS: readonly FindingKind[] = ['value', 'classification', 'origin', 'quantity', 'split_shipment', 'drawback'];
const FINDING_OF_FRAUD: Record<FraudKind, number> = {
    under_valuation: 0,
    misclassification: 1,
    false_preferential_origin: 2,
    quantity_misdeclaration: 3,
    split_shipment: 4,
    drawback_over_declaration: 5,
};
const QUARTERS_KEPT = 4;

/** Share of active traders audited per quarter, the share of picks made at random, and the audit's hit rate. */
const AUDIT_RATE = 0.012;
const RANDOM_PICK_SHARE = 0.3;
const DETECTION = 0.85;
const CLEAN_FINDING_RATE = 0.05;

export class AuditLedger {
    /** stake[(trader × 4 + slot) × 6 + finding kind]: revenue at stake in cents. */
    private readonly stake: Float64Array;
    /** found[trader × 4 + slot]: discrepancies found at inspections. */
    private readonly found: Float64Array;

    constructor(private readonly traderCount: number) {
        this.stake = new Float64Array(traderCount * QUARTERS_KEPT * FINDING_KINDS.length);
        this.found = new Float64Array(traderCount * QUARTERS_KEPT);
    }

    static slotOf(month: WindowMonth): number {
        return Math.floor((month.year * 12 + month.month - 1) / 3) % QUARTERS_KEPT;
    }

    addFraud(trader: number, slot: number, kind: FraudKind, stakeCents: number): void {
        const index = (trader * QUARTERS_KEPT + slot) * FINDING_KINDS.length + FINDING_OF_FRAUD[kind];
        this.stake[index] = this.stake[index]! + stakeCents;
    }

    addDiscrepancy(trader: number, slot: number): void {
        const index = trader * QUARTERS_KEPT + slot;
        this.found[index] = this.found[index]! + 1;
    }

    /** Discrepancies found at the trader's inspections in the last four quarters. */
    discrepancies(trader: number): number {
        let sum = 0;
        for (let slot = 0; slot < QUARTERS_KEPT; slot++) sum += this.found[trader * QUARTERS_KEPT + slot]!;
        return sum;
    }

    /** Revenue at stake over the last four quarters per finding kind (cents), into `out`. */
    stakeByKind(trader: number, out: Float64Array): void {
        out.fill(0);
        for (let slot = 0; slot < QUARTERS_KEPT; slot++) {
            const base = (trader * QUARTERS_KEPT + slot) * FINDING_KINDS.length;
            for (let kind = 0; kind < FINDING_KINDS.length; kind++) out[kind] = out[kind]! + this.stake[base + kind]!;
        }
    }

    /** Empties a quarter's slot before it is reused for a new quarter. */
    clearSlot(slot: number): void {
        for (let trader = 0; trader < this.traderCount; trader++) {
            this.found[trader * QUARTERS_KEPT + slot] = 0;
            const base = (trader * QUARTERS_KEPT + slot) * FINDING_KINDS.length;
            this.stake.fill(0, base, base + FINDING_KINDS.length);
        }
    }
}

/** Whether post-clearance audits are planned at the start of this month: calendar quarters after the first month. */
export function startsAuditRound(month: WindowMonth): boolean {
    return month.index > 0 && (month.month - 1) % 3 === 0;
}

interface PlannedAudit {
    trader: number;
    openedDay: number;
    closedDay: number;
    hasFindings: boolean;
    findingKind: FindingKind | null;
    revenueCents: number;
}

/**
 * Plans the audits of the quarter starting with `month` from the ledger (the previous four quarters) and writes
 * them into post_clearance_audits/<opened month>.csv; returns how many were written.
 */
export function planAuditRound(
    seed: number, month: WindowMonth, window: TimeWindow, ledger: AuditLedger, population: TraderPopulation,
    outDir: string, timeText: TimeText,
): number {
    const random = new Random(seed, 'audits', month.index);
    const traders = population.traders;
    const active = traders.map((trader) => trader.registeredDay < month.firstDay);
    const activeCount = active.filter(Boolean).length;
    const auditCount = Math.max(1, Math.round(activeCount * AUDIT_RATE));
    const riskWeights = traders.map((trader) => {
        if (!active[trader.index]) return 0;
        const size = trader.importWeight + trader.exportWeight;
        return Math.sqrt(size) * (1 + 2 * ledger.discrepancies(trader.index)) * (trader.fraud.systematic ? 20 : 1);
    });
    const byRisk = new WeightedChoice(riskWeights);
    const atRandom = new WeightedChoice(active.map((isActive) => (isActive ? 1 : 0)));
    if (byRisk.total <= 0) return 0;

    const quarterEnd = Math.min(dayOf(month.year, month.month + 3, 1), window.endDay);
    const periodStart = dayOf(month.year - 1, month.month, 1);
    const picked = new Set<number>();
    const audits: PlannedAudit[] = [];
    const stake = new Float64Array(FINDING_KINDS.length);
    for (let attempt = 0; audits.length < auditCount && attempt < auditCount * 20; attempt++) {
        const trader = (random.chance(RANDOM_PICK_SHARE) ? atRandom : byRisk).draw(random);
        if (picked.has(trader)) continue;
        picked.add(trader);
        let openedDay = random.intBetween(month.firstDay, quarterEnd - 1);
        while (isWeekend(openedDay) && openedDay + 1 < quarterEnd) openedDay++;
        const closedDay = openedDay + Math.round(Math.min(400, Math.max(20, random.logNormal(90, 0.5))));
        const audit: PlannedAudit = { trader, openedDay, closedDay, hasFindings: false, findingKind: null, revenueCents: 0 };
        if (closedDay < window.endDay) {
            ledger.stakeByKind(trader, stake);
            let main = 0;
            let total = 0;
            for (let kind = 0; kind < FINDING_KINDS.length; kind++) {
                total += stake[kind]!;
                if (stake[kind]! > stake[main]!) main = kind;
            }
            if (total > 0 && random.chance(DETECTION)) {
                audit.hasFindings = true;
                audit.findingKind = FINDING_KINDS[main]!;
                audit.revenueCents = Math.round(total * random.between(0.4, 0.9));
            } else if (random.chance(CLEAN_FINDING_RATE)) {
                audit.hasFindings = true;
                audit.findingKind = 'value';
                audit.revenueCents = Math.round(random.logNormal(30_000, 1.0) * 100);
            }
        }
        audits.push(audit);
    }
    audits.sort((a, b) => a.openedDay - b.openedDay || a.trader - b.trader);

    const quarter = Math.floor((month.month - 1) / 3) + 1;
    const writers = new Map<string, CsvFileWriter>();
    audits.forEach((audit, position) => {
        const label = timeText.date(audit.openedDay).slice(0, 7);
        let writer = writers.get(label);
        if (!writer) {
            writer = new CsvFileWriter(join(outDir, 'post_clearance_audits', `${label}.csv`), Object.keys(PostClearanceAudit.shape));
            writers.set(label, writer);
        }
        const closed = audit.closedDay < window.endDay ? timeText.date(audit.closedDay) : '';
        writer.line([
            `PCA${month.year}Q${quarter}-${String(position + 1).padStart(5, '0')}`,
            traders[audit.trader]!.id,
            timeText.date(periodStart),
            timeText.date(month.firstDay - 1),
            timeText.date(audit.openedDay),
            closed,
            audit.hasFindings,
            audit.findingKind ?? '',
            formatCents(audit.revenueCents),
        ].join(','));
    });
    for (const writer of writers.values()) writer.close();
    return audits.length;
}
