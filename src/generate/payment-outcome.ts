// How an assessment is paid. Assessed on the lodgement date and due 14 days later. Most pay within 0–2 days
// (e-payment about 85%), about 3% pay after the due date, about 2% pay only part, about 1% never pay within the
// window (arrears). A payment that would fall after the window's end is unpaid as of the window's end.
import type { PAYMENT_CHANNELS } from '../schema/code-lists.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from './local-time.js';
import type { Random } from './random.js';
import { WeightedChoice } from './weighted-choice.js';

type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/** Days from assessment to due date (Taiwan: 14 days). */
export const DAYS_TO_PAY = 14;

const CHANNELS: PaymentChannel[] = ['e_payment', 'bank_transfer', 'counter', 'guarantee_account'];
const CHANNEL_CHOICE = new WeightedChoice([85, 7, 3, 5]);
/** Days after lodgement of an on-time payment: 0, 1 or 2. */
const DELAY_CHOICE = new WeightedChoice([75, 17, 8]);

export class PaymentOutcome {
    /** Local seconds of the payment, or NaN when unpaid. */
    paidAt = Number.NaN;
    amountCents = 0;
    channel: PaymentChannel | null = null;
    /** Paid electronically right after lane assignment: the release waits for it. */
    holdsRelease = false;

    /** Plans the payment of `dueCents` for a declaration lodged on `lodgementDay`, lane assigned at `laneAssignedAt`. */
    plan(dueCents: number, lodgementDay: number, laneAssignedAt: number, lastSecond: number, random: Random): void {
        this.paidAt = Number.NaN;
        this.amountCents = 0;
        this.channel = null;
        this.holdsRelease = false;
        const draw = random.float();
        if (draw < 0.01) return; // arrears
        const channel = CHANNELS[CHANNEL_CHOICE.draw(random)]!;
        let paidAt: number;
        let amount = dueCents;
        if (draw < 0.04) {
            // Late: one day to about two months after the due date, in office hours.
            const day = lodgementDay + DAYS_TO_PAY + 1 + random.geometric(12);
            paidAt = day * SECONDS_PER_DAY + Math.round(random.between(9, 17) * SECONDS_PER_HOUR);
        } else {
            if (draw < 0.06) amount = Math.round(dueCents * random.between(0.3, 0.9));
            const delay = DELAY_CHOICE.draw(random);
            if (delay === 0) {
                paidAt = laneAssignedAt + Math.round(random.logNormal(150, 1.0));
                this.holdsRelease = channel !== 'guarantee_account';
            } else {
                paidAt = (lodgementDay + delay) * SECONDS_PER_DAY + Math.round(random.between(9, 17) * SECONDS_PER_HOUR);
            }
        }
        if (paidAt > lastSecond) {
            this.holdsRelease = false;
            return;
        }
        this.paidAt = paidAt;
        this.amountCents = amount;
        this.channel = channel;
    }
}
