// One stage of `npm run bench` that the customs command has no command for, run in a child process of its own so
// that its peak memory is its own:
//   node --import tsx pipelines/bench-stage.ts models WAREHOUSE [FOLDER…] the SQL models of those folders of sql/
//                                                                          (and the staging and intermediate ones they read);
//                                                                          every model, in full, without folders
//   node --import tsx pipelines/bench-stage.ts models-incremental WAREHOUSE   every model, incrementally (customs run --incremental's models)
//   node --import tsx pipelines/bench-stage.ts audit WAREHOUSE             audit model training and scoring
//   node --import tsx pipelines/bench-stage.ts score-all WAREHOUSE         every declaration scored with the latest model
// Prints what it did as JSON.
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
} else if (stage === 'score-all' && warehouse) {
    console.log(JSON.stringify(await scoreAllDeclarations({ warehouse })));
} else {
    throw new Error('usage: bench-stage.ts models WAREHOUSE [FOLDER…] | models-incremental WAREHOUSE | audit WAREHOUSE | score-all WAREHOUSE');
}
