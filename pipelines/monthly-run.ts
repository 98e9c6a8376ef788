// `customs month`: the job to run when a month's files arrive, in one process: load them as a batch, run the models
// incrementally (only the months the batch affects), score with the stored audit model, publish the tables and the
// trade statistics of the latest complete month. The same as customs ingest, customs run --incremental, customs
// publish and customs publish stats in turn, without starting the command four times (about a second and a half
// each).
import { join } from 'node:path';
import type { RunPlan } from '../src/db/incremental-plan.js';
import type { ModelRun } from '../src/db/run-models.js';
import { ingest, type BatchSummary } from '../src/ingest/load-batch.js';
import type { AuditTargetingSummary } from './audit-targeting.js';
import { publishTables, type PublishedFile } from './publish.js';
import { latestCompleteMonth, publishStats, type StatsRelease } from './publish-stats.js';
import { runModelsAndAuditTargeting } from './run-models.js';

export interface MonthlyRunOptions {
    warehouse: string;
    /** The month's files, or folders of them. */
    paths: string[];
    /** Where the publication tables go; the release goes into its stats/ folder. */
    outDir: string;
    memoryLimit?: string;
    log?: (line: string) => void;
}

export interface MonthlyRun {
    batch: BatchSummary;
    plan: RunPlan;
    models: ModelRun[];
    audit: AuditTargetingSummary;
    published: PublishedFile[];
    release: StatsRelease;
    /** Seconds of each step: loading, the models, the audit targeting (scoring and scored marts), publication. */
    seconds: { ingest: number; models: number; audit: number; publication: number };
}

export async function runMonth(options: MonthlyRunOptions): Promise<MonthlyRun> {
    const { warehouse, memoryLimit } = options;
    const log = options.log ?? (() => {});
    let started = Date.now();
    const lap = () => {
        const seconds = (Date.now() - started) / 1000;
        started = Date.now();
        return seconds;
    };
    log(`1/4 Loading ${options.paths.join(', ')} …`);
    const batch = await ingest({ warehouse, paths: options.paths, memoryLimit, onProgress: (message) => log(`    ${message.trim()}`) });
    const ingestSeconds = lap();
    log('2/4 Running the models for the months the batch affects …');
    let modelSeconds = 0;
    const { plan, runs, audit } = await runModelsAndAuditTargeting({ warehouse, memoryLimit, incremental: true }, {}, (made) => {
        modelSeconds = lap();
        log(made.kind === 'incremental'
            ? `    recomputed ${made.months.length === 0 ? 'no month' : made.months.map((month) => month.slice(0, 7)).join(', ')} in ${modelSeconds.toFixed(1)} s`
            : `    a full run (${made.fullReason}) in ${modelSeconds.toFixed(1)} s`);
        log('3/4 Audit targeting …');
    });
    const auditSeconds = lap();
    log(`    ${audit.scoredRows.toLocaleString('en-US')} declarations scored, ${audit.keptRows.toLocaleString('en-US')} kept their scores, ${audit.selectedRows.toLocaleString('en-US')} on the audit list (model ${audit.modelId}${audit.trained ? ', trained anew' : ''})`);
    const period = await latestCompleteMonth(warehouse);
    log(`4/4 Publishing the tables and the trade statistics of ${period} into ${options.outDir} …`);
    const published = await publishTables({ warehouse, outDir: options.outDir });
    const release = await publishStats({ warehouse, period, outDir: join(options.outDir, 'stats') });
    const publicationSeconds = lap();
    return {
        batch, plan, models: [...runs, ...audit.scoredModels], audit, published, release,
        seconds: { ingest: ingestSeconds, models: modelSeconds, audit: auditSeconds, publication: publicationSeconds },
    };
}
