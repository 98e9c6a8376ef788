// Duty and tax assessments and their payment.
import { z } from 'zod';
import { col } from './columns.js';
import { PAYMENT_CHANNELS } from './code-lists.js';
import { declarationId } from './declaration.js';

/** One row per assessment. Key: payment_id. Arrears = assessed − paid, once past the due date. */
export const Payment = z.object({
    payment_id: col.text({ maxLength: 24 }),
    declaration_id: declarationId(),
    assessed_date: col.date(),
    due_date: col.date({ max: 'now+400d' }),
    paid_date: col.optionalDate(),
    duty_twd: col.money(),
    business_tax_twd: col.money(),
    commodity_tax_twd: col.money(),
    amount_paid_twd: col.money(),
    channel: col.optionalCode(PAYMENT_CHANNELS),
});
export type Payment = z.infer<typeof Payment>;
