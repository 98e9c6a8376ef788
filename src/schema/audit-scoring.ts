// What audit targeting stores: the models it trained, and the latest scores with their reasons.
import { z } from 'zod';
import { col } from './columns.js';
import { declarationId } from './declaration.js';

/** One row per trained audit model. Key: model_id. */
export const AuditModel = z.object({
    model_id: col.text({ maxLength: 40 }),
    trained_at: col.timestamp(),
    /** Checked declarations lodged from training_from_date to training_to_date (both included) trained it. */
    training_from_date: col.date(),
    training_to_date: col.date(),
    /** The later part of the training window used for early stopping. */
    validation_from_date: col.date(),
    scoring_from_date: col.date(),
    scoring_to_date: col.date(),
    count_training_rows: col.integer(0, 2_000_000_000),
    validation_auc: col.number(0, 1),
    /** The fraud-probability and revenue models, their features and settings, as JSON. */
    model_json: col.text({ maxLength: 100_000_000 }),
});
export type AuditModel = z.infer<typeof AuditModel>;

/** One row per declaration of the latest scoring window. Key: declaration_id. */
export const AuditScore = z.object({
    model_id: col.text({ maxLength: 40, ref: 'audit_models.model_id' }),
    declaration_id: declarationId(),
    fraud_probability: col.number(0, 1),
    /** Duty and tax a finding would recover, as the revenue model predicts it. */
    predicted_revenue_twd: col.number(0, 1e13),
    /** fraud_probability × predicted_revenue_twd. */
    expected_revenue_twd: col.number(0, 1e13),
    /** What the list is ranked by: expected revenue, or probability when ranking by probability. */
    score: col.number(0, 1e13),
    /** 1 = first to audit: selected picks first (by score, then exploration), then the rest by score. */
    score_rank: col.integer(1, 2_000_000_000),
    is_selected: col.boolean(),
    /** Picked at random to keep learning about declarations the model would not pick. */
    is_exploration: col.boolean(),
    /**
     * The reasons that raised the probability most, most important first, as keys of audit-features.ts joined by
     * commas (at most three; empty when nothing raised it); fct_audit_targets puts them in words.
     */
    reason_keys: col.text({ maxLength: 200 }),
    /**
     * The run of the SQL models (model_runs.run_id) whose features were scored; empty when none is recorded. A month's
     * run keeps the scores of the declarations whose features it left as they were only when the scores are of the
     * run before it.
     */
    features_run_id: col.optionalInteger(1, 2_000_000_000),
});
export type AuditScore = z.infer<typeof AuditScore>;
