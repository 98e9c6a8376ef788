// Audit targeting (`customs run` after the marts, and `npm start`): trains the audit model on the checked
// declarations before the scoring window, scores every declaration of the window with the keys of its top reasons,
// picks the audit list with its exploration share, stores model and scores, and builds the scored marts
// (fct_audit_targets with the reasons in words, fct_audit_plan).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, BIGINT, DOUBLE, INTEGER, TINYINT } from '@duckdb/node-api';
import { AUDIT_FEATURES } from '../src/audit/audit-features.js';
import { type AuditModels, trainAuditModels } from '../src/audit/audit-model.js';
import { REASONS_PER_DECLARATION, type ScoringModels, reasonKeys } from '../src/audit/score-rows.js';
import { readFeatureMatrix } from '../src/audit/read-feature-matrix.js';
import { type ScoringRun, startScoring } from '../src/audit/scoring-threads.js';
import { selectTargets } from '../src/audit/select-targets.js';
import { runModels, type ModelRun } from '../src/db/run-models.js';
import { appendColumns, vectorItems } from '../src/db/typed-columns.js';
import { SQL_DIR, openWarehouse, queryRows, schemaFiles, sqlString } from '../src/db/warehouse.js';
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
    /**
     * train (default): fit the models anew on the checks known before the scoring window. latest: score with the
     * latest stored model, as `customs run --incremental` does (the model is trained by the full run); trained
     * anew when none is stored or its features are not the current ones.
     */
    model?: 'train' | 'latest';
    /**
     * With the latest stored model: the declarations of the window lodged before this time (Taiwan local,
     * 'YYYY-MM-DD HH:MM:SS') keep the score that model gave them in the last run, if it did: their features have not
     * changed since. `customs run --incremental` sets it to 48 hours before its first month (it recomputes the
     * features of its months and revises the split shipments of those 48 hours). Absent, every declaration of the
     * window is scored.
     */
    keepScoresBefore?: string;
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
    model: 'train' as 'train' | 'latest',
} as const;

export interface AuditWindows {
    trainingFrom: string;
    validationFrom: string;
    scoringFrom: string;
    scoringTo: string;
}

export interface AuditTargetingSummary {
    modelId: string;
    /** False when the latest stored model scored (options.model 'latest'). */
    trained: boolean;
    windows: AuditWindows;
    trainingRows: number;
    /** Null when the latest stored model scored: its validation rows are not kept. */
    validationRows: number | null;
    validationAuc: number;
    /** Declarations of the window scored by this run, and those that kept their stored score (keepScoresBefore). */
    scoredRows: number;
    keptRows: number;
    selectedRows: number;
    /** Training; reading the features (scoring threads at work meanwhile), the rest of scoring and picking, writing audit_scores; building the scored marts. */
    seconds: { train: number; read: number; score: number; write: number; marts: number };
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

/** The first day of the month `months` after (or before) the month of a YYYY-MM-DD date. */
export function addMonths(isoDate: string, months: number): string {
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
    const read = (where: string) => readFeatureMatrix(connection, AUDIT_FEATURES, { from: 'fct_declaration_risk_features', where, extraColumns: LABEL_COLUMNS, inLodgementOrder: true });
    const training = await read(filters.training);
    const validation = await read(filters.validation);
    if (training.rows < 50 || validation.rows < 10) {
        throw new UserError('too_few_checks', `Only ${training.rows} checked declarations to train on and ${validation.rows} to validate with before ${windows.scoringFrom}: load more history with C2/C3 outcomes.`);
    }
    const models = trainAuditModels(AUDIT_FEATURES, training, validation, seed);
    return { models, trainingRows: training.rows, validationRows: validation.rows };
}

export async function runAuditTargeting(options: AuditTargetingOptions): Promise<AuditTargetingSummary> {
    const warehouse = await openWarehouse(options.warehouse, { memoryLimit: options.memoryLimit });
    try {
        return await runAuditTargetingOn(warehouse.connection, options);
    } finally {
        warehouse.close();
    }
}

/** runAuditTargeting, on a warehouse the caller has open (customs month's one instance). */
export async function runAuditTargetingOn(connection: DuckDBConnection, options: Omit<AuditTargetingOptions, 'warehouse' | 'memoryLimit'>): Promise<AuditTargetingSummary> {
    const settings: Required<Omit<AuditTargetingOptions, 'warehouse' | 'log' | 'memoryLimit' | 'keepScoresBefore'>> = {
        ...AUDIT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([key, value]) => value !== undefined && !['log', 'warehouse', 'memoryLimit', 'keepScoresBefore'].includes(key))),
    };
    const log = options.log ?? (() => {});
    const windows = await auditWindows(connection, settings.scoringMonths, settings.validationMonths);
    let started = Date.now();
    const stored = settings.model === 'latest' ? await latestStoredModel(connection) : undefined;
    let trained: { modelId: string; models: ScoringModels; trainingRows: number; validationRows: number | null; validationAuc: number };
    if (stored) {
        log(`scoring with the stored model ${stored.modelId} (trained ${stored.trainedAt}); customs run without --incremental trains anew`);
        trained = { ...stored, validationRows: null };
    } else {
        log(`training on checks of declarations lodged ${windows.trainingFrom} … ${windows.validationFrom} (early stopping on ${windows.validationFrom} … ${windows.scoringFrom})`);
        const { models, trainingRows, validationRows } = await trainOnWarehouse(connection, windows, settings.seed);
        const modelId = `audit-${new Date().toISOString().replace(/[-:.Z]/g, '')}`;
        const insertModel = await connection.prepare(`insert into audit_models values ($1, current_timestamp::timestamp, $2::date, $3::date - 1, $3::date, $4::date, $5::date, $6, $7, $8)`);
        insertModel.bind([modelId, windows.trainingFrom, windows.validationFrom, windows.scoringFrom, windows.scoringTo, trainingRows, models.validationAuc,
            JSON.stringify({ ...models.toJson(), trainingWindow: windows, settings })]);
        await insertModel.run();
        trained = { modelId, models, trainingRows, validationRows, validationAuc: models.validationAuc };
    }
    const trainSeconds = (Date.now() - started) / 1000;
    const { modelId, models } = trained;
    const keepBefore = stored ? options.keepScoresBefore : undefined;
    const scoring = await scoreAndStore(connection, models, modelId, scoringFilter(windows), settings, keepBefore);
    started = Date.now();
    // the reasons in words were a table of their own until 2026-11-29; fct_audit_targets makes them now
    await connection.run('drop table if exists fct_audit_target_reasons');
    await createScoredMacros(connection);
    // The scored marts are written without FSST, DuckDB's compression of strings: at 10 million lines the audit list
    // (its reasons in words, 137 MB of text) took 1.4–1.6 s to copy into the warehouse with it and 0.9–1.0 s without
    // (CPU 2.1–2.6 s against 1.6–1.7 s), for 72 MB of the warehouse instead of 59 MB. The setting is the instance's:
    // what customs month's publication writes meanwhile, on its own connection, goes without FSST too.
    await connection.run("set disabled_compression_methods = 'fsst'");
    let scoredModels: ModelRun[];
    try {
        const keptScores = keepBefore !== undefined && await listHoldsKeptScores(connection, windows.scoringFrom, keepBefore, scoring.keptRows);
        scoredModels = await runModels(connection, {
            audit_exclusion_months: settings.auditExclusionMonths, scoring_from: windows.scoringFrom, ...(keptScores ? { scores_kept_before: keepBefore } : {}),
        }, undefined, ['scored'], undefined, { keptScores });
    } finally {
        await connection.run('reset disabled_compression_methods');
        await connection.run('drop table if exists kept_scores');
    }
    const martSeconds = (Date.now() - started) / 1000;
    return {
        modelId, trained: !stored, windows, trainingRows: trained.trainingRows, validationRows: trained.validationRows,
        validationAuc: trained.validationAuc, scoredRows: scoring.rows, keptRows: scoring.keptRows,
        selectedRows: scoring.selectedRows,
        seconds: { train: trainSeconds, ...scoring.seconds, marts: martSeconds },
        scoredModels,
    };
}

/**
 * Whether the scoring kept the score of every declaration of the window lodged before keepBefore (the temp table
 * kept_scores), and the warehouse's audit list holds those declarations' rows, made from those scores (the same
 * model, probability and predicted revenue), and no others of that time: then the scored marts make anew only the
 * rows of the declarations lodged since (KEPT_SCORE_MARTS), which at 10 million lines saves putting two thirds of
 * the list's reasons in words again. A list that does not (none yet, or one left by a run that failed after the
 * scores were stored) is made whole. (A change in the scored models' SQL or the macros they call makes the next
 * run of the models a full one, after which no score is kept: see settingsFingerprint.)
 */
async function listHoldsKeptScores(connection: DuckDBConnection, scoringFrom: string, keepBefore: string, keptRows: number): Promise<boolean> {
    if (keptRows === 0) return false;
    const tables = await queryRows<{ n: number }>(connection,
        "select count(*)::integer as n from information_schema.tables where table_catalog = current_database() and table_schema = 'main' and table_name = 'fct_audit_targets'");
    if (tables[0]!.n === 0) return false;
    const lodgedBefore = (column: string) => `${column} >= ${sqlString(scoringFrom)}::timestamp and ${column} < ${sqlString(keepBefore)}::timestamp`;
    const [counted] = await queryRows<{ declarations: number; listed: number; held: number }>(connection, `
        select
            (select count(*) from fct_declaration_risk_features where ${lodgedBefore('lodgement_at')})::integer as declarations,
            (select count(*) from fct_audit_targets where ${lodgedBefore('lodgement_at')})::integer as listed,
            (select count(*)
                from kept_scores as kept
                inner join fct_audit_targets as targets
                    on targets.declaration_id = kept.declaration_id
                    and targets.model_id = kept.model_id
                    and targets.fraud_probability = kept.fraud_probability
                    and targets.predicted_revenue_twd = kept.predicted_revenue_twd
                where ${lodgedBefore('targets.lodgement_at')})::integer as held`);
    return counted!.declarations === keptRows && counted!.listed === keptRows && counted!.held === keptRows;
}

/** The macros the scored models call (sql/macros), created on the connection that runs them. */
export async function createScoredMacros(connection: DuckDBConnection): Promise<void> {
    await connection.run(readFileSync(join(SQL_DIR, 'macros', 'reason_in_words.sql'), 'utf8'));
}

export interface ScoringSummary {
    /** Declarations scored, and those that kept their stored score. */
    rows: number;
    keptRows: number;
    selectedRows: number;
    seconds: { read: number; score: number; write: number };
}

type ScoringSettings = Pick<Required<AuditTargetingOptions>, 'rankBy' | 'selectShare' | 'explorationShare' | 'seed'>;

/**
 * Scores the declarations of fct_declaration_risk_features that match `where`, picks the audit list and puts the
 * scores in audit_scores in place of the previous ones, each with the keys of its top reasons (sql/scored puts
 * them in words). With `keepBefore`, those lodged before it that this model scored before keep their stored scores
 * and reasons (see AuditTargetingOptions.keepScoresBefore); the list is picked from all of them.
 */
export async function scoreAndStore(connection: DuckDBConnection, models: ScoringModels, modelId: string, where: string, settings: ScoringSettings, keepBefore?: string): Promise<ScoringSummary> {
    let started = Date.now();
    await recreateIfOlderLayout(connection);
    // Kept: scores by this model of the features of the run before the latest one, which left them as they were;
    // the others are read and scored.
    const kept = await readKeptScores(connection, where, keepBefore === undefined ? undefined : { before: keepBefore, modelId });
    if (keepBefore !== undefined) where = `${where} and not (lodgement_at < ${sqlString(keepBefore)}::timestamp and rowid in (select feature_rowid from kept_rows))`;
    // Threads start scoring the rows the read has delivered while it goes on, and the read keeps the features of
    // SCORING_WINDOW_ROWS rows at most, overwriting those already scored.
    let scoring: ScoringRun | undefined;
    const window = { rows: SCORING_WINDOW_ROWS, untilFree: (end: number) => scoring!.untilFree(end) };
    const scored = await readFeatureMatrix(connection, AUDIT_FEATURES, { from: 'fct_declaration_risk_features', where, inLodgementOrder: false, window }, (rowsRead, columns, rows) => {
        scoring ??= startScoring(models, AUDIT_FEATURES, columns, { rows });
        scoring.rowsReady(rowsRead);
    }).catch(async (error: unknown) => {
        // Threads left waiting for rows would keep the process alive.
        await scoring?.stop();
        throw error;
    });
    const read = (Date.now() - started) / 1000;
    started = Date.now();
    const scores = await (scoring ?? startScoring(models, AUDIT_FEATURES, scored.columns)).finish();
    // the list is picked from the new scores and the kept ones, in that order
    const ranking = concatenated(settings.rankBy === 'probability' ? [scores.probability, kept.probability] : [scores.expectedRevenue, kept.expectedRevenue]);
    const selection = selectTargets(ranking, { selectShare: settings.selectShare, explorationShare: settings.explorationShare, seed: settings.seed },
        concatenated([scored.idHashes, kept.idHashes]));
    const newRows = <T extends Int32Array | Uint8Array>(values: T) => values.subarray(0, scored.rows) as T;
    const keptRows = <T extends Int32Array | Uint8Array>(values: T) => values.subarray(scored.rows) as T;
    const score = (Date.now() - started) / 1000;

    started = Date.now();
    // The scores go in by rowid, with the reasons as numbers; the warehouse adds the declaration ids and the keys,
    // and works out the expected revenue (probability × predicted revenue: the same product, so the same bits) and
    // the score ranked by.
    const reasons = Array.from({ length: REASONS_PER_DECLARATION }, () => new Int8Array(scored.rows));
    for (let row = 0, at = 0; row < scored.rows; row++) {
        for (let place = 0; place < REASONS_PER_DECLARATION; place++, at++) reasons[place]![row] = scores.topReasons[at]!;
    }
    const keys = reasonKeys(AUDIT_FEATURES);
    await connection.run('begin transaction');
    try {
        await connection.run(`create or replace temp table scored_rows (
            feature_rowid bigint, fraud_probability double, predicted_revenue_twd double,
            score_rank integer, is_selected tinyint, is_exploration tinyint, ${reasons.map((_, place) => `reason_${place + 1} tinyint`).join(', ')})`);
        const appender = await connection.createAppender('scored_rows');
        appendColumns(appender, [BIGINT, DOUBLE, DOUBLE, INTEGER, TINYINT, TINYINT, ...reasons.map(() => TINYINT)], [
            scored.rowIds, scores.probability, scores.predictedRevenue, newRows(selection.rank),
            asInt8(newRows(selection.isSelected)), asInt8(newRows(selection.isExploration)), ...reasons,
        ]);
        appender.closeSync();
        // the kept scores, with their new places on the list, set aside before audit_scores is emptied
        await connection.run('create or replace temp table kept_places (score_rowid bigint, score_rank integer, is_selected tinyint, is_exploration tinyint)');
        const keptAppender = await connection.createAppender('kept_places');
        appendColumns(keptAppender, [BIGINT, INTEGER, TINYINT, TINYINT], [kept.scoreRowIds, keptRows(selection.rank), asInt8(keptRows(selection.isSelected)), asInt8(keptRows(selection.isExploration))]);
        keptAppender.closeSync();
        await connection.run(`
            create or replace temp table kept_scores as
            select scores.model_id, scores.declaration_id, scores.fraud_probability, scores.predicted_revenue_twd, scores.expected_revenue_twd,
                ${settings.rankBy === 'probability' ? 'scores.fraud_probability' : 'scores.expected_revenue_twd'}, places.score_rank,
                places.is_selected = 1, places.is_exploration = 1, scores.reason_keys, ${FEATURES_RUN_ID}
            from kept_places as places
            inner join audit_scores as scores on scores.rowid = places.score_rowid`);
        await connection.run('delete from audit_scores');
        // A reason number −1 (none) reads the list at 0, which is NULL, and concat_ws skips NULLs. The rows may go in
        // in any order (readers sort), which lets DuckDB insert them on every thread. New and kept scores go in in one
        // statement: with DuckDB 1.5.6, an insert of no rows between the delete and a large insert in the same
        // transaction left the table empty (447,890 new scores and no kept ones, 10 million lines), hence the count.
        const keyList = `[${keys.map(sqlString).join(', ')}]`;
        await connection.run('set session preserve_insertion_order = false');
        await connection.run(`
            insert into audit_scores
            select ${sqlString(modelId)}, features.declaration_id, scored.fraud_probability, scored.predicted_revenue_twd,
                scored.fraud_probability * scored.predicted_revenue_twd as expected_revenue_twd,
                ${settings.rankBy === 'probability' ? 'scored.fraud_probability' : 'scored.fraud_probability * scored.predicted_revenue_twd'}, scored.score_rank,
                scored.is_selected = 1, scored.is_exploration = 1,
                concat_ws(',', ${reasons.map((_, place) => `${keyList}[scored.reason_${place + 1} + 1]`).join(', ')}), ${FEATURES_RUN_ID}
            from scored_rows as scored
            inner join fct_declaration_risk_features as features on features.rowid = scored.feature_rowid
            union all
            select * from kept_scores`);
        await connection.run('reset session preserve_insertion_order');
        const [stored] = await queryRows<{ n: number }>(connection, 'select count(*)::integer as n from audit_scores');
        if (stored!.n !== scored.rows + kept.scoreRowIds.length) {
            throw new Error(`audit_scores holds ${stored!.n} rows after the write, not the ${scored.rows} scored and ${kept.scoreRowIds.length} kept: nothing was stored`);
        }
        await connection.run('drop table scored_rows');
        await connection.run('drop table if exists kept_rows');
        await connection.run('drop table kept_places');
        // kept_scores stays for listHoldsKeptScores, which reads it before the scored marts; runAuditTargetingOn drops it
        await connection.run('commit');
    } catch (error) {
        await connection.run('rollback');
        throw error;
    }
    return {
        rows: scored.rows,
        keptRows: kept.scoreRowIds.length,
        selectedRows: selection.isSelected.reduce((sum, flag) => sum + flag, 0),
        seconds: { read, score, write: (Date.now() - started) / 1000 },
    };
}

/**
 * The most rows whose features a scoring run holds at once (8 ranges of the scoring threads, 126 MB of features):
 * the features of 10 million declarations, held whole, were 4.7 GB of new memory, which took 17.7 s of one thread
 * to touch. A month's window (about 156,000 declarations at 10 million lines) fits in it whole.
 */
const SCORING_WINDOW_ROWS = 262_144;

/** The latest run of the SQL models, whose features are scored (null when none is recorded), and the one before it. */
const FEATURES_RUN_ID = '(select max(run_id) from model_runs)';
const PREVIOUS_RUN_ID = '(select max(run_id) from model_runs where run_id < (select max(run_id) from model_runs))';

interface KeptScores {
    /** rowids in audit_scores */
    scoreRowIds: BigInt64Array;
    idHashes: BigUint64Array;
    probability: Float64Array;
    expectedRevenue: Float64Array;
}

/**
 * The stored scores that the declarations of fct_declaration_risk_features matching `where` keep: with `keep`, those
 * lodged before keep.before that keep.modelId scored from the features of the run before the latest one (one row
 * each), found once into the temp table kept_rows (the features' and the scores' rowids, with what the list is
 * picked by), which the read of the others leaves out by rowid; without, none.
 */
async function readKeptScores(connection: DuckDBConnection, where: string, keep?: { before: string; modelId: string }): Promise<KeptScores> {
    if (keep === undefined) return { scoreRowIds: new BigInt64Array(0), idHashes: new BigUint64Array(0), probability: new Float64Array(0), expectedRevenue: new Float64Array(0) };
    await connection.run(`
        create or replace temp table kept_rows as
        select features.rowid as feature_rowid, scores.rowid as score_rowid, hash(features.declaration_id) as id_hash,
            scores.fraud_probability, scores.expected_revenue_twd
        from (select rowid, declaration_id from fct_declaration_risk_features where ${where} and lodgement_at < ${sqlString(keep.before)}::timestamp) as features
        inner join audit_scores as scores on scores.declaration_id = features.declaration_id
        where scores.model_id = ${sqlString(keep.modelId)} and scores.features_run_id = ${PREVIOUS_RUN_ID}`);
    const result = await connection.run('select score_rowid, id_hash, fraud_probability, expected_revenue_twd from kept_rows');
    const chunks = [];
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) chunks.push(chunk);
    const rows = chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0);
    const kept: KeptScores = { scoreRowIds: new BigInt64Array(rows), idHashes: new BigUint64Array(rows), probability: new Float64Array(rows), expectedRevenue: new Float64Array(rows) };
    let offset = 0;
    for (const chunk of chunks) {
        kept.scoreRowIds.set(vectorItems(chunk.getColumnVector(0), BigInt64Array, chunk.rowCount, 'score_rowid'), offset);
        kept.idHashes.set(vectorItems(chunk.getColumnVector(1), BigUint64Array, chunk.rowCount, 'id_hash'), offset);
        kept.probability.set(vectorItems(chunk.getColumnVector(2), Float64Array, chunk.rowCount, 'fraud_probability'), offset);
        kept.expectedRevenue.set(vectorItems(chunk.getColumnVector(3), Float64Array, chunk.rowCount, 'expected_revenue_twd'), offset);
        offset += chunk.rowCount;
    }
    return kept;
}

function concatenated<T extends Float64Array | BigUint64Array>(parts: T[]): T {
    const joined = new (parts[0]!.constructor as new (length: number) => T)(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
        joined.set(part as never, offset);
        offset += part.length;
    }
    return joined;
}

function asInt8(values: Int32Array | Uint8Array): Int8Array {
    return new Int8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * audit_scores holds only the latest scores, replaced by each run, so a warehouse made before it held reason keys
 * (reasons_json, the reasons in words) or the run of the features scored gets it made anew from sql/schema: nothing
 * is lost, and a month's run then scores every declaration of its window.
 */
async function recreateIfOlderLayout(connection: DuckDBConnection): Promise<void> {
    const columns = await queryRows<{ column_name: string }>(connection, "select column_name from information_schema.columns where table_name = 'audit_scores' and table_catalog = current_database()");
    if (columns.some((column) => column.column_name === 'features_run_id')) return;
    await connection.run('drop table if exists audit_scores');
    await connection.run(readFileSync(schemaFiles().find((file) => file.endsWith('_audit_scoring.sql'))!, 'utf8'));
}

/** The latest model in audit_models, if its features are the current ones (AUDIT_FEATURES, in order). */
async function latestStoredModel(connection: DuckDBConnection): Promise<{ modelId: string; trainedAt: string; models: ScoringModels; trainingRows: number; validationAuc: number } | undefined> {
    const rows = await queryRows<{ model_id: string; trained_at: string; count_training_rows: number; validation_auc: number; model_json: string }>(connection,
        'select model_id, trained_at::varchar as trained_at, count_training_rows, validation_auc, model_json from audit_models order by trained_at desc limit 1');
    if (rows.length === 0) return undefined;
    const models = JSON.parse(rows[0]!.model_json) as ScoringModels;
    const names = AUDIT_FEATURES.map((feature) => feature.name);
    const current = (featureNames: readonly string[]) => featureNames.length === names.length && featureNames.every((name, index) => name === names[index]);
    if (!current(models.classifier.featureNames) || !current(models.revenue.featureNames)) return undefined;
    const { model_id: modelId, trained_at: trainedAt, count_training_rows: trainingRows, validation_auc: validationAuc } = rows[0]!;
    return { modelId, trainedAt, models, trainingRows: Number(trainingRows), validationAuc };
}

/**
 * Scores every declaration of the warehouse with the latest stored audit model, in place of the last scores:
 * `npm run bench`'s measure of scoring throughput. The scored marts are left as they were.
 */
export async function scoreAllDeclarations(options: { warehouse: string; memoryLimit?: string }): Promise<ScoringSummary> {
    const warehouse = await openWarehouse(options.warehouse, { memoryLimit: options.memoryLimit });
    try {
        const stored = await latestStoredModel(warehouse.connection);
        if (!stored) throw new UserError('no_audit_model', 'The warehouse has no trained audit model of the current features: run customs run first.');
        return await scoreAndStore(warehouse.connection, stored.models, stored.modelId, 'true', AUDIT_DEFAULTS);
    } finally {
        warehouse.close();
    }
}
