// `customs run`: runs the SQL models (sql/staging → intermediate → marts) over a warehouse, with the settings
// the models read, in full or, asked to, incrementally (src/db/incremental-plan.ts), and records the run.
import { featuresUnchangedBefore, planModelRun, recordModelRun, settingsFingerprint, type RunPlan } from '../src/db/incremental-plan.js';
import { discoverModels, runModels, type ModelRun, type ModelVariables } from '../src/db/run-models.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openWarehouse, queryRows } from '../src/db/warehouse.js';
import type { TradeSystem } from '../src/schema/trade-statistics.js';
import { loadStatisticsConfig } from '../src/stats/statistics-config.js';
import { UserError } from '../src/user-error.js';
import { runAuditTargetingOn, type AuditTargetingOptions, type AuditTargetingSummary } from './audit-targeting.js';

export const DEFAULT_UNIT_VALUE_SD_LIMIT = 4;
/** CIF value = FOB value × this factor, for mirror comparisons (IMF Direction of Trade Statistics practice). */
export const CIF_FOB_FACTOR = 1.06;

export interface ServiceTargets {
    /** Minutes from lodgement to release within which a declaration of each lane meets its service target. */
    C1: number;
    C2: number;
    C3: number;
}

/** C1 within 3 minutes (Taiwan's paperless release); C2 and C3 targets are this project's defaults. */
export const DEFAULT_TARGETS: ServiceTargets = { C1: 3, C2: 8 * 60, C3: 24 * 60 };
/** Lodgement → release longer than this is extreme: counted and reported apart, left out of means and percentiles. */
export const DEFAULT_EXTREME_MINUTES = 3 * 24 * 60;

/** Settings of the audit risk indicators (sql/intermediate/audit, sql/marts/audit). */
export const AUDIT_INDICATOR_SETTINGS = {
    /** Import de-minimis value: declarations at or under it pay no duty or tax (Taiwan: TWD 2,000). */
    de_minimis_twd: 2000,
    /** m in the smoothed hit rate (hits + prior × m) / (checked + m): a party with few checks stays near the prior. */
    hit_rate_smoothing: 20,
    /** Fewest earlier lines of an HS6 × origin for a unit-value reference of its own (else the HS6's over all origins). */
    min_reference_lines: 20,
} as const;

export interface RunOptions {
    warehouse: string;
    targets?: ServiceTargets;
    extremeMinutes?: number;
    /** Data cut-off for arrears ageing; default: the last day with a payment or lodgement in the warehouse. */
    asOfDate?: string;
    /** IMTS 2010 trade system of the trade statistics: general (default, Taiwan's since 2016) or special. */
    tradeSystem?: TradeSystem;
    /** A declared quantity whose log unit value lies further than this many standard deviations from its code's reference is re-estimated. */
    unitValueSdLimit?: number;
    /** Folder of the statistics configuration files (confidentiality.csv, release-calendar.csv); default data/config. */
    configDir?: string;
    /** DuckDB memory limit (see OpenOptions). */
    memoryLimit?: string;
    /** Only the models of these folders of sql/ (and what they read); default: all. */
    folders?: string[];
    /**
     * Recompute only the months affected by the rows loaded since the last run (month-keyed marts refreshed for
     * them, the other models rebuilt whole); a full run when there is nothing to start from (RunPlan.fullReason).
     */
    incremental?: boolean;
    onModel?: (run: ModelRun) => void;
    /** Told what the run will recompute, before the first model runs. */
    onPlan?: (plan: RunPlan) => Promise<void>;
}

export async function runWarehouseModels(options: RunOptions): Promise<ModelRun[]> {
    return (await runWarehouseModelsWithPlan(options)).runs;
}

/** runWarehouseModels, with what the run recomputed: full, or incremental and its months. */
export async function runWarehouseModelsWithPlan(options: RunOptions): Promise<{ plan: RunPlan; runs: ModelRun[] }> {
    checkRunOptions(options);
    const warehouse = await openWarehouse(options.warehouse, { memoryLimit: options.memoryLimit });
    try {
        return await runModelsWithPlanOn(warehouse.connection, options);
    } finally {
        warehouse.close();
    }
}

/** runWarehouseModelsWithPlan, on a warehouse the caller has open (customs month's one instance). */
export async function runModelsWithPlanOn(connection: DuckDBConnection, options: Omit<RunOptions, 'warehouse' | 'memoryLimit'>): Promise<{ plan: RunPlan; runs: ModelRun[] }> {
    checkRunOptions(options);
    await loadStatisticsConfig(connection, options.configDir);
    const variables = await modelVariables(connection, options);
    // every model's SQL, the scored ones' too (see settingsFingerprint)
    const settingsSha256 = await settingsFingerprint(connection, discoverModels(), variables);
    const plan: RunPlan = options.incremental
        ? await planModelRun(connection, settingsSha256)
        : { kind: 'full', months: [], quarters: [], fullReason: null, newRowsAfter: null };
    await options.onPlan?.(plan);
    const runs = await runModels(connection, variables, options.onModel, undefined, options.folders, {
        runMonths: plan.kind === 'incremental' ? plan.months : undefined,
        runQuarters: plan.quarters,
        runNewRowsAfter: plan.newRowsAfter,
        beforeCommit: (transaction) => recordModelRun(transaction, options.folders ? 'partial' : plan.kind, plan, settingsSha256),
    });
    return { plan, runs };
}

function checkRunOptions(options: Pick<RunOptions, 'incremental' | 'folders'>): void {
    if (options.incremental && options.folders) {
        throw new UserError('bad_option', 'An incremental run builds every mart; run it without folders of sql/, or run the folders in full.');
    }
}

/**
 * `customs run`: the models, then the audit targeting, on one instance of the warehouse (written to disk once, as it
 * closes).
 */
export async function runModelsAndAuditTargeting(
    options: RunOptions,
    audit: AuditAfterModelsOptions = {},
): Promise<{ plan: RunPlan; runs: ModelRun[]; audit: AuditTargetingSummary }> {
    checkRunOptions(options);
    const warehouse = await openWarehouse(options.warehouse, { memoryLimit: options.memoryLimit });
    try {
        const { plan, runs } = await runModelsWithPlanOn(warehouse.connection, options);
        return { plan, runs, audit: await runAuditTargetingAfter(warehouse.connection, plan, audit) };
    } finally {
        warehouse.close();
    }
}

type AuditAfterModelsOptions = Omit<AuditTargetingOptions, 'warehouse' | 'memoryLimit' | 'model' | 'keepScoresBefore'>;

/**
 * The audit targeting after a run of the models: a full run trains the audit model anew; an incremental one scores
 * with the stored model, and the declarations whose features it left as they were keep their scores.
 */
export function runAuditTargetingAfter(connection: DuckDBConnection, plan: RunPlan, audit: AuditAfterModelsOptions = {}): Promise<AuditTargetingSummary> {
    return runAuditTargetingOn(connection, {
        ...audit, model: plan.kind === 'incremental' ? 'latest' : 'train', keepScoresBefore: featuresUnchangedBefore(plan),
    });
}

/** The settings the models read with getvariable(name), from the options or their defaults. */
export async function modelVariables(connection: Parameters<typeof queryRows>[0], options: Omit<RunOptions, 'warehouse'>): Promise<ModelVariables> {
    const targets = options.targets ?? DEFAULT_TARGETS;
    return {
        target_minutes_c1: targets.C1,
        target_minutes_c2: targets.C2,
        target_minutes_c3: targets.C3,
        extreme_minutes: options.extremeMinutes ?? DEFAULT_EXTREME_MINUTES,
        as_of_date: options.asOfDate ?? (await lastDataDate(connection)),
        ...AUDIT_INDICATOR_SETTINGS,
        trade_system: options.tradeSystem ?? 'general',
        unit_value_sd_limit: options.unitValueSdLimit ?? DEFAULT_UNIT_VALUE_SD_LIMIT,
        cif_fob_factor: CIF_FOB_FACTOR,
    };
}

async function lastDataDate(connection: Parameters<typeof queryRows>[0]): Promise<string> {
    const rows = await queryRows<{ day: string | null }>(connection, `
        select greatest(
            (select max(lodgement_at)::date from declarations),
            (select max(coalesce(paid_date, assessed_date)) from payments)
        )::varchar as day`);
    return rows[0]?.day ?? new Date().toISOString().slice(0, 10);
}
