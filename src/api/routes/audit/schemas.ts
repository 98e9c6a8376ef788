// Parameters and answers of the audit routes.
import { z } from 'zod';
import { booleanText, bulkPageSize, cursor, decimal, identifier, lane, monthDate, pageSize } from '../common-schemas.js';

export const targetsQuery = z.strictObject({
    period: monthDate.optional().describe('month of lodgement, YYYY-MM'),
    office: identifier.optional().describe('customs office id'),
    hs: z.string().regex(/^\d{2,6}$/, 'expected 2 to 6 digits of an HS code').optional().describe('HS code prefix (chapter 2 digits, heading 4, subheading 6)'),
    trader: identifier.optional().describe('trader (importer or exporter) id'),
    lane: lane.optional(),
    min_score: decimal.optional().describe('only targets scoring at least this'),
    selected: booleanText.optional().describe('only declarations on the audit list (true), or only those left off it (false)'),
    exploration: z.enum(['include', 'exclude', 'only']).default('include').describe('exploration picks (drawn at random from the declarations the model would not pick, so that it keeps learning): include, exclude, or only them'),
    sort: z.enum(['rank', 'expected_revenue']).default('rank').describe('rank: first to audit first; expected_revenue: largest expected recovery first'),
    limit: bulkPageSize,
    cursor,
});

export const auditTargetSchema = z.object({
    declaration_id: z.string(),
    period_month: z.string(),
    lodgement_at: z.string(),
    trader_id: z.string(),
    declarant_id: z.string(),
    office_id: z.string(),
    lane: z.string(),
    main_hs6: z.string().nullable(),
    origin_country: z.string().nullable(),
    customs_value_twd: z.number().nullable(),
    fraud_probability: z.number().describe('estimated probability that a check of the declaration finds a discrepancy'),
    expected_revenue_twd: z.number().describe('fraud probability × predicted duty recovered when a check finds a discrepancy (TWD)'),
    score: z.number(),
    score_rank: z.number().int().describe('1 = first to audit'),
    is_selected: z.boolean().describe('on the audit list'),
    is_exploration: z.boolean().describe('picked at random for exploration, not for its score'),
    reasons: z.array(z.string()).describe('plain-language reasons, most important first'),
});

export const targetsPage = z.object({
    items: z.array(auditTargetSchema),
    next_cursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});

export const planQuery = z.strictObject({
    quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'expected a quarter written YYYY-Qn, e.g. 2025-Q4')
        .transform((value) => `${value.slice(0, 4)}-${String(3 * Number(value.slice(6)) - 2).padStart(2, '0')}-01`)
        .optional().describe('quarter planned, YYYY-Qn; the latest when left out'),
    trader: identifier.optional(),
    aeo: booleanText.optional().describe('only AEO (true) or non-AEO (false) traders'),
    limit: pageSize,
    cursor,
});

export const planRowSchema = z.object({
    period_start_date: z.string(),
    plan_rank: z.number().int(),
    trader_id: z.string(),
    trader_name: z.string().nullable(),
    is_aeo: z.boolean().nullable(),
    count_declarations: z.number(),
    value_twd: z.number().nullable(),
    expected_revenue_twd: z.number().nullable(),
    mean_fraud_probability: z.number().nullable(),
    top_reasons: z.array(z.string()).nullable(),
    count_previous_audits: z.number().nullable(),
    previous_additional_revenue_twd: z.number().nullable(),
    last_audit_date: z.string().nullable(),
});

export const planPage = z.object({ items: z.array(planRowSchema), next_cursor: z.string().nullable() });

export const purposeQuery = z.strictObject({
    purpose: z.string({ error: (issue) => issue.input === undefined ? 'required: say why you open this file; it goes into the access log' : 'expected one purpose' }).trim().min(5, 'say in a few words why you open this file (at least 5 characters)').max(500)
        .describe('why you open this file, e.g. "2025-Q4 audit plan, case 17"; recorded in the access log'),
});

export const idParams = z.strictObject({ id: identifier });

const row = z.record(z.string(), z.unknown());

export const traderFileSchema = z.object({
    trader: z.object({
        trader_id: z.string(),
        trader_role: z.string(),
        trader_name: z.string(),
        registered_date: z.string(),
        is_aeo: z.boolean(),
        aeo_since_date: z.string().nullable(),
    }),
    monthly_history: z.array(z.object({
        month_date: z.string(),
        count_declarations: z.number(),
        cif_value_twd: z.number(),
        count_c2: z.number(),
        count_c3: z.number(),
    })).describe('declarations per month as trader or as broker'),
    indicators: z.object({
        count_declarations: z.number(),
        count_inspections: z.number(),
        count_discrepancies: z.number(),
        inspection_hit_rate: z.number().nullable(),
        additional_duty_twd: z.number(),
        count_assessments: z.number(),
        count_paid_late: z.number(),
        unpaid_twd: z.number(),
    }),
    risk: z.object({
        count_scored_declarations: z.number(),
        mean_fraud_probability: z.number().nullable(),
        max_fraud_probability: z.number().nullable(),
        expected_revenue_twd: z.number(),
        best_score_rank: z.number().nullable(),
    }),
    top_reasons: z.array(z.object({ reason: z.string(), count_declarations: z.number() })),
    audit_plans: z.array(row),
    previous_audits: z.array(row),
});

export const declarationFileSchema = z.object({
    declaration: row,
    items: z.array(row),
    clearance_events: z.array(z.object({ event_type: z.string(), event_at: z.string() })),
    inspection: row.nullable(),
    payments: z.array(row),
    audit_target: row.nullable(),
});
