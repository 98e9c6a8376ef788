// The synthetic world's ground truth: which declarations carry planted fraud, and how much revenue is at stake.
// Real data has no such table; it exists so that audit targeting can be measured.
import { z } from 'zod';
import { col } from './columns.js';
import { FRAUD_KINDS } from './code-lists.js';
import { declarationId } from './declaration.js';

/** One row per planted fraud. Key: declaration_id, line_number (empty for a whole declaration), fraud_kind. */
export const PlantedFraud = z.object({
    declaration_id: declarationId(),
    line_number: col.optionalInteger(1, 999),
    fraud_kind: col.code(FRAUD_KINDS),
    trader_id: col.text({ maxLength: 12, ref: 'traders.trader_id' }),
    declared_value_twd: col.money(),
    true_value_twd: col.money(),
    revenue_at_stake_twd: col.money(),
    is_systematic_trader: col.boolean(),
});
export type PlantedFraud = z.infer<typeof PlantedFraud>;
