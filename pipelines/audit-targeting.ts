// Audit targeting (`customs run` after the marts, and `npm start`): trains the audit model on the checked
// declarations before the scoring window, scores every declaration of the window, picks the audit list with its
// exploration share, explains each score, stores model and scores, and builds the scored marts (fct_audit_targets,
// fct_audit_plan).
import type { DuckDBConnection } from '@duckdb/node-api';
import { AUDIT_FEATURES } from '../src/audit/audit-features.js';
import { type AuditModels, scoreDeclarations, trainAuditModels } from '../src/audit/audit-model.js';
import { REASON_COLUMNS, explainScore } from '../src/audit/explain-score.js';
import { readFeatureMatrix } from '../src/audit/read-feature-matrix.js';
import { selectTargets } from '../src/audit/select-targets.js';
import { runModels, type ModelRun } from '../src/db/run-models.js';
import { openWarehouse, queryRows, sqlString } from '../src/db/warehouse.js';
import { UserError } from '../src/user-error.js';

export interface AuditTargetingOptions {
    warehouse: string;
    /** Months at the end of the data whose declarations are scored. */
    scoringMonths?: number;
    /** Months before the scoring window whose checks serve for early stopping. */
    validationMonths?: number;
    /** Share of the scored declarations on the audit list. */
    selectShare?: number;
    /** Share of the audit list drawn at random from the rest. */
    explorationShare?: number;
    rankBy?: 'expected_revenue' | 'probability';
    /** Traders audited within this many months before a quarter stay off that quarter's plan. */
    auditExclusionMonths?: number;
    seed?: number;
    /** DuckDB memory limit (see OpenOptions). */
    memoryLimit?: string;
    log?: (line: string) => void;
}

export const AUDIT_DEFAULTS = {
    scoringMonths: 3,
    validationMonths: 3,
    selectShare: 0.05,
    explorationShare: 0.1,
    rankBy: 'expected_revenue' as 'expected_revenue' | 'probability',
    auditExclusionMonths: 24,
    seed: 20240101,
} as const;

export interface AuditWindows {
    trainingFrom: string;
    validationFrom: string;
    scoringFrom: string;
    scoringTo: string;
}

export interface AuditTargetingSummary {
    modelId: string;
    windows: AuditWindows;
    trainingRows: number;
    validationRows: number;
    validationAuc: number;
    scoredRows: number;
    selectedRows: number;
    seconds: { read: number; train: number; score: number; write: number };
    scoredModels: ModelRun[];
}

/** Windows by calendar month, counted back from the last month with declarations. */
export async function auditWindows(connection: DuckDBConnection, scoringMonths: number, validationMonths: number): Promise<AuditWindows> {
    const rows = await queryRows<{ first_month: string | null; last_month: string | null; last_day: string | null }>(connection, `
        select min(month_date)::varchar as first_month, max(month_date)::varchar as last_month, max(lodgement_at)::date::varchar as last_day
        from fct_declaration_risk_features`);
    const { first_month: firstMonth, last_month: lastMonth, last_day: lastDay } = rows[0]!;
    if (!firstMonth || !lastMonth || !lastDay) {
        throw new UserError('no_declarations', 'The warehouse has no declarations with features to train on. Load data (customs ingest) and run the models (customs run) first.');
    }
    const scoringFrom = addMonths(lastMonth, -(scoringMonths - 1));
    const validationFrom = addMonths(scoringFrom, -validationMonths);
    if (validationFrom <= firstMonth) {
        throw new UserError('too_little_history', `The warehouse holds declarations from ${firstMonth.slice(0, 7)} to ${lastMonth.slice(0, 7)}: too short to train on months before ${validationFrom.slice(0, 7)}, validate on ${validationMonths} and score ${scoringMonths}. Load more months of history.`);
    }
    return { trainingFrom: firstMonth, validationFrom, scoringFrom, scoringTo: lastDay };
}

function addMonths(isoDate: string, months: number): string {
    const date = new Date(`${isoDate.slice(0, 7)}-01T00:00:00Z`);
    date.setUTCMonth(date.getUTCMonth() + months);
    return date.toISOString().slice(0, 10);
}

/** The checked declarations whose outcome was known before the scoring window, split by lodgement date. */
export function trainingFilters(windows: AuditWindows): { training: string; validation: string } {
    const known = `is_checked and checked_at < ${sqlString(windows.scoringFrom)}::timestamp`;
    return {
        training: `${known} and lodgement_at < ${sqlString(windows.validationFrom)}::timestamp`,
        validation: `${known} and lodgement_at >= ${sqlString(windows.validationFrom)}::timestamp`,
    };
}

export function scoringFilter(windows: AuditWindows): string {
    return `lodgement_at >= ${sqlString(windows.scoringFrom)}::timestamp`;
}

const LABEL_COLUMNS = ['is_discrepancy_found', 'additional_duty_twd::double as additional_duty_twd'];

export async function trainOnWarehouse(connection: DuckDBConnection, windows: AuditWindows, seed: number): Promise<{ models: AuditModels; trainingRows: number; validationRows: number }> {
    const filters = trainingFilters(windows);
    const read = (where: string) => readFeatureMatrix(connection, AUDIT_FEATURES, { from: 'fct_declaration_risk_features', where, extraColumns: LABEL_COLUMNS });
    const training = await read(filters.training);
    const validation = await read(filters.validation);
    if (training.rows < 50 || validation.rows < 10) {
        throw new UserError('too_few_checks', `Only ${training.rows} checked declarations to train on and ${validation.rows} to validate with before ${windows.scoringFrom}: load more history with C2/C3 outcomes.`);
    }
    const models = trainAuditModels(AUDIT_FEATURES, training, validation, seed);
    return { models, trainingRows: training.rows, validationRows: validation.rows };
}

export async function runAuditTargeting(options: AuditTargetingOptions): Promise<AuditTargetingSummary> {
    const settings: Required<Omit<AuditTargetingOptions, 'warehouse' | 'log' | 'memoryLimit'>> = {
        ...AUDIT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([key, value]) => value !== undefined && !['log', 'warehouse', 'memoryLimit'].includes(key))),
    };
    const log = options.log ?? (() => {});
    const warehouse = await openWarehouse(options.warehouse, { memoryLimit: options.memoryLimit });
    try {
        const connection = warehouse.connection;
        const windows = await auditWindows(connection, settings.scoringMonths, settings.validationMonths);
        let started = Date.now();
        log(`training on checks of declarations lodged ${windows.trainingFrom} … ${windows.validationFrom} (early stopping on ${windows.validationFrom} … ${windows.scoringFrom})`);
        const { models, trainingRows, validationRows } = await trainOnWarehouse(connection, windows, settings.seed);
        const trainSeconds = (Date.now() - started) / 1000;

        started = Date.now();
        const scored = await readFeatureMatrix(connection, AUDIT_FEATURES, {
            from: 'fct_declaration_risk_features', where: scoringFilter(windows), extraColumns: REASON_COLUMNS,
        });
        const readSeconds = (Date.now() - started) / 1000;
        started = Date.now();
        const scores = scoreDeclarations(models, scored.columns);
        const ranking = settings.rankBy === 'probability' ? scores.probability : scores.expectedRevenue;
        const selection = selectTargets(ranking, { selectShare: settings.selectShare, explorationShare: settings.explorationShare, seed: settings.seed });
        const reasons = scored.declarationIds.map((_, row) => {
            const context = Object.fromEntries(Object.entries(scored.extra).map(([name, values]) => [name, values[row]]));
            return JSON.stringify(explainScore(AUDIT_FEATURES, models.classifierContributions(scored.columns, row), context));
        });
        const scoreSeconds = (Date.now() - started) / 1000;

        started = Date.now();
        const modelId = `audit-${new Date().toISOString().replace(/[-:.Z]/g, '')}`;
        await connection.run('begin transaction');
        try {
            const insertModel = await connection.prepare(`insert into audit_models values ($1, current_timestamp::timestamp, $2::date, $3::date - 1, $3::date, $4::date, $5::date, $6, $7, $8)`);
            insertModel.bind([modelId, windows.trainingFrom, windows.validationFrom, windows.scoringFrom, windows.scoringTo, trainingRows, models.validationAuc,
                JSON.stringify({ ...models.toJson(), trainingWindow: windows, settings })]);
            await insertModel.run();
            await connection.run('delete from audit_scores');
            const appender = await connection.createAppender('audit_scores');
            for (let row = 0; row < scored.rows; row++) {
                appender.appendVarchar(modelId);
                appender.appendVarchar(scored.declarationIds[row]!);
                appender.appendDouble(scores.probability[row]!);
                appender.appendDouble(scores.predictedRevenue[row]!);
                appender.appendDouble(scores.expectedRevenue[row]!);
                appender.appendDouble(ranking[row]!);
                appender.appendInteger(selection.rank[row]!);
                appender.appendBoolean(selection.isSelected[row] === 1);
                appender.appendBoolean(selection.isExploration[row] === 1);
                appender.appendVarchar(reasons[row]!);
                appender.endRow();
            }
            appender.closeSync();
            await connection.run('commit');
        } catch (error) {
            await connection.run('rollback');
            throw error;
        }
        const scoredModels = await runModels(connection, { audit_exclusion_months: settings.auditExclusionMonths }, undefined, ['scored']);
        const writeSeconds = (Date.now() - started) / 1000;
        return {
            modelId, windows, trainingRows, validationRows, validationAuc: models.validationAuc, scoredRows: scored.rows,
            selectedRows: selection.isSelected.reduce((sum, flag) => sum + flag, 0),
            seconds: { read: readSeconds, train: trainSeconds, score: scoreSeconds, write: writeSeconds },
            scoredModels,
        };
    } finally {
        warehouse.close();
    }
}
