// Post-clearance audits of traders.
import { z } from 'zod';
import { col } from './columns.js';
import { AUDIT_FINDING_KINDS } from './code-lists.js';

/** One row per post-clearance audit. Key: audit_id. */
export const PostClearanceAudit = z.object({
    audit_id: col.text({ maxLength: 24 }),
    trader_id: col.text({ maxLength: 12, ref: 'traders.trader_id' }),
    period_start_date: col.date(),
    period_end_date: col.date(),
    opened_date: col.date(),
    closed_date: col.optionalDate(),
    has_findings: col.boolean(),
    main_finding_kind: col.optionalCode(AUDIT_FINDING_KINDS),
    additional_revenue_twd: col.money(),
});
export type PostClearanceAudit = z.infer<typeof PostClearanceAudit>;
