// Clearance milestones and inspection outcomes (WCO Time Release Study stages).
import { z } from 'zod';
import { col } from './columns.js';
import { CLEARANCE_EVENT_TYPES, DISCREPANCY_KINDS } from './code-lists.js';
import { declarationId } from './declaration.js';

/** One row per declaration × milestone reached. Key: declaration_id, event_type. */
export const ClearanceEvent = z.object({
    declaration_id: declarationId(),
    event_type: col.code(CLEARANCE_EVENT_TYPES),
    event_at: col.timestamp(),
});
export type ClearanceEvent = z.infer<typeof ClearanceEvent>;

/** One row per checked declaration (lanes C2 and C3 only). Key: declaration_id. */
export const Inspection = z.object({
    declaration_id: declarationId(),
    completed_at: col.timestamp(),
    is_discrepancy_found: col.boolean(),
    discrepancy_kind: col.optionalCode(DISCREPANCY_KINDS),
    additional_duty_twd: col.money(),
});
export type Inspection = z.infer<typeof Inspection>;
