// One stage of `npm run bench` that the customs command has no command for, run in a child process of its own so
// that its peak memory is its own:
//   node --import tsx pipelines/bench-stage.ts models WAREHOUSE [FOLDER…] the SQL models of those folders of sql/
//                                                                          (and the staging and intermediate ones they read);
//                                                                          every model, in full, without folders
//   node --import tsx pipelines/bench-stage.ts models-incremental WAREHOUSE   every model, incrementally (customs run --incremental's models)
//   node --import tsx pipelines/bench-stage.ts audit WAREHOUSE             audit model training and scoring
//   node --import tsx pipelines/bench-stage.ts audit-latest WAREHOUSE [KEEP_BEFORE]  scoring with the latest stored model,
//                                                                          the declarations lodged before KEEP_BEFORE keeping
//                                                                          their scores (customs run --incremental's audit targeting)
//   node --import tsx pipelines/bench-stage.ts copy-features WAREHOUSE N   fct_declaration_risk_features made N rows long
//                                                                          with copies of its rows (ids suffixed -1, -2, …)
//   node --import tsx pipelines/bench-stage.ts score-all WAREHOUSE         every declaration scored with the latest model
// Prints what it did as JSON.
import { openWarehouse } from '../src/db/warehouse.js';
import { reportResourceUsageOnExit } from '../src/report-resource-usage.js';
import { runAuditTargeting, scoreAllDeclarations } from './audit-targeting.js';
import { runWarehouseModels, runWarehouseModelsWithPlan } from './run-models.js';

reportResourceUsageOnExit();
const [stage, warehouse, ...folders] = process.argv.slice(2);
if (stage === 'models' && warehouse) {
    console.log(JSON.stringify({ models: await runWarehouseModels({ warehouse, folders: folders.length > 0 ? folders : undefined }) }));
} else if (stage === 'models-incremental' && warehouse) {
    console.log(JSON.stringify(await runWarehouseModelsWithPlan({ warehouse, incremental: true })));
} else if (stage === 'audit' && warehouse) {
    console.log(JSON.stringify(await runAuditTargeting({ warehouse })));
} else if (stage === 'audit-latest' && warehouse) {
    console.log(JSON.stringify(await runAuditTargeting({ warehouse, model: 'latest', keepScoresBefore: folders[0] })));
} else if (stage === 'copy-features' && warehouse && Number(folders[0]) > 0) {
    console.log(JSON.stringify({ rows: await copyFeatures(warehouse, Number(folders[0])) }));
} else if (stage === 'score-all' && warehouse) {
    console.log(JSON.stringify(await scoreAllDeclarations({ warehouse })));
} else {
    throw new Error('usage: bench-stage.ts models WAREHOUSE [FOLDER…] | models-incremental WAREHOUSE | audit WAREHOUSE | audit-latest WAREHOUSE [KEEP_BEFORE] | copy-features WAREHOUSE N | score-all WAREHOUSE');
}

/**
 * For the scoring throughput, a features mart of `rows` declarations: its rows as many times over as it takes, the
 * declaration ids of the copies suffixed -1, -2, … (scoring costs the same whichever declarations these are), cut
 * at `rows`. The bench's warehouse is thrown away afterwards.
 */
async function copyFeatures(path: string, rows: number): Promise<number> {
    const opened = await openWarehouse(path);
    try {
        await opened.connection.run(`
            create or replace table fct_declaration_risk_features as
            select features.* replace (features.declaration_id || case when copy = 0 then '' else '-' || copy end as declaration_id)
            from fct_declaration_risk_features as features,
                range((select ceil(${rows} / count(*))::bigint from fct_declaration_risk_features)) as copies(copy)
            limit ${rows}`);
        const [row] = (await opened.connection.runAndReadAll('select count(*)::integer from fct_declaration_risk_features')).getRows();
        return Number(row![0]);
    } finally {
        opened.close();
    }
}
