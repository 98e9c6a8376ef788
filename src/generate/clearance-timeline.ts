// The clearance milestones of one declaration (WCO Time Release Study stages), in local seconds:
// arrival (imports; some lodged before arrival), lodgement, lane assignment seconds later, documents and
// inspection for C2/C3 (in office hours), payment, release, exit. Release after lodgement: C1 median about
// 3 minutes with a long tail, C2 about 1–3 hours, C3 most of a working day or overnight; 0.2% take days.
import { CLEARANCE_EVENT_TYPES } from '../schema/code-lists.js';
import type { DeclarationDraft } from './declaration-draft.js';
import { nextOfficeTime, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from './local-time.js';
import type { Random } from './random.js';

const EVENT = Object.fromEntries(CLEARANCE_EVENT_TYPES.map((type, index) => [type, index])) as Record<(typeof CLEARANCE_EVENT_TYPES)[number], number>;
export const EVENT_NAMES = CLEARANCE_EVENT_TYPES;

const EXTREME_DELAY_RATE = 0.002;
/** Share of sea and air cargo lodged before the goods arrive. */
const PRE_ARRIVAL_RATE = 0.15;

export class ClearanceTimeline {
    /** Milestones reached, as indices into EVENT_NAMES and times, in time order after close(). */
    readonly types = new Uint8Array(CLEARANCE_EVENT_TYPES.length);
    readonly times = new Float64Array(CLEARANCE_EVENT_TYPES.length);
    count = 0;
    laneAssignedAt = 0;
    /** End of the document review (C2) or of the inspection (C3): the inspection's completed_at. */
    checkedAt = Number.NaN;
    private arrival = Number.NaN;
    private documents = Number.NaN;
    private inspectionStart = Number.NaN;
    private release = 0;
    private payment = Number.NaN;

    /** Plans every milestone up to release; a discrepancy found at the check lengthens it. */
    plan(draft: DeclarationDraft, discrepancyFound: boolean, random: Random): void {
        const lodged = draft.lodgedAt;
        this.laneAssignedAt = lodged + random.intBetween(1, 30);
        this.arrival = draft.isImport ? lodged + this.arrivalOffset(draft, random) : Number.NaN;
        this.documents = Number.NaN;
        this.inspectionStart = Number.NaN;
        this.checkedAt = Number.NaN;
        this.payment = Number.NaN;

        let release: number;
        if (draft.lane === 'C1') {
            release = this.laneAssignedAt + random.logNormal(150, 0.9);
        } else {
            // The broker sends the documents, then customs works in office hours.
            this.documents = this.laneAssignedAt + random.logNormal(25 * SECONDS_PER_MINUTE, 0.8);
            if (draft.lane === 'C2') {
                const reviewStart = nextOfficeTime(this.documents);
                this.checkedAt = reviewStart + random.logNormal(70 * SECONDS_PER_MINUTE, 0.7)
                    + (discrepancyFound ? random.logNormal(2 * SECONDS_PER_HOUR, 0.6) : 0);
                release = this.checkedAt + random.intBetween(30, 600);
            } else {
                let start = this.documents + random.logNormal(2.5 * SECONDS_PER_HOUR, 0.7);
                if (this.arrival > start) start = this.arrival + 30 * SECONDS_PER_MINUTE;
                this.inspectionStart = nextOfficeTime(start);
                this.checkedAt = this.inspectionStart + random.logNormal(80 * SECONDS_PER_MINUTE, 0.6)
                    + (discrepancyFound ? random.logNormal(3 * SECONDS_PER_HOUR, 0.7) : 0);
                release = nextOfficeTime(this.checkedAt + random.logNormal(30 * SECONDS_PER_MINUTE, 0.7));
            }
        }
        // Goods are released only once they are there.
        if (this.arrival > release - 60) release = this.arrival + random.logNormal(3 * SECONDS_PER_MINUTE, 0.5);
        if (random.chance(EXTREME_DELAY_RATE)) release += random.between(2, 10) * SECONDS_PER_DAY;
        this.release = release;
    }

    /** Records the payment; an immediate e-payment holds the release until it is made. */
    pay(paidAt: number, holdsRelease: boolean, random: Random): void {
        this.payment = paidAt;
        if (holdsRelease && this.release < paidAt) this.release = paidAt + random.intBetween(10, 120);
    }

    /** Adds exit, rounds to whole seconds and orders the milestones in time. */
    close(draft: DeclarationDraft, random: Random): void {
        const exit = this.release + this.exitDelay(draft, random);
        this.count = 0;
        this.add(EVENT.arrival, this.arrival);
        this.add(EVENT.lodgement, draft.lodgedAt);
        this.add(EVENT.lane_assigned, this.laneAssignedAt);
        this.add(EVENT.documents_received, this.documents);
        this.add(EVENT.inspection_started, this.inspectionStart);
        this.add(EVENT.inspection_ended, draft.lane === 'C3' ? this.checkedAt : Number.NaN);
        this.add(EVENT.payment, this.payment);
        this.add(EVENT.release, this.release);
        this.add(EVENT.exit, exit);
        this.checkedAt = Math.round(this.checkedAt);
        // Insertion sort: stable, so milestones at the same second keep their canonical order.
        for (let i = 1; i < this.count; i++) {
            const type = this.types[i]!;
            const time = this.times[i]!;
            let j = i - 1;
            while (j >= 0 && this.times[j]! > time) {
                this.types[j + 1] = this.types[j]!;
                this.times[j + 1] = this.times[j]!;
                j--;
            }
            this.types[j + 1] = type;
            this.times[j + 1] = time;
        }
    }

    private add(type: number, time: number): void {
        if (Number.isNaN(time)) return;
        this.types[this.count] = type;
        this.times[this.count] = Math.round(time);
        this.count++;
    }

    /** Seconds from lodgement to arrival: negative when the goods arrived first. */
    private arrivalOffset(draft: DeclarationDraft, random: Random): number {
        if (draft.parcel || draft.transport === 'mail') return -random.logNormal(20 * SECONDS_PER_HOUR, 0.6);
        if (draft.transport === 'road') return -random.logNormal(SECONDS_PER_HOUR, 0.8);
        const byAir = draft.transport === 'air';
        if (random.chance(PRE_ARRIVAL_RATE)) return random.logNormal((byAir ? 2 : 8) * SECONDS_PER_HOUR, 0.7);
        return -random.logNormal((byAir ? 3 : 18) * SECONDS_PER_HOUR, byAir ? 0.9 : 1.0);
    }

    /** Release to exit: goods leave the customs area (imports) or the ship or aircraft leaves (exports). */
    private exitDelay(draft: DeclarationDraft, random: Random): number {
        const hours = draft.isImport
            ? { sea: 3, air: 1.5, mail: 8, road: 1, other: 3 }[draft.transport]
            : { sea: 14, air: 5, mail: 10, road: 2, other: 14 }[draft.transport];
        return random.logNormal(hours * SECONDS_PER_HOUR, 0.9);
    }
}
