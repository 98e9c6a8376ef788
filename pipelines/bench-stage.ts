// One stage of `npm run bench` that the customs command has no command for, run in a child process of its own so
// that its peak memory is its own:
//   node --import tsx pipelines/bench-stage.ts models WAREHOUSE FOLDER…   the SQL models of those folders of sql/
//                                                                          (and the staging and intermediate ones they read)
//   node --import tsx pipelines/bench-stage.ts audit WAREHOUSE             audit model training and scoring
//   node --import tsx pipelines/bench-stage.ts score-all WAREHOUSE         every declaration scored with the latest model
// Prints what it did as JSON.
import { reportResourceUsageOnExit } from '../src/report-resource-usage.js';
import { runAuditTargeting, scoreAllDeclarations } from './audit-targeting.js';
import { runWarehouseModels } from './run-models.js';

reportResourceUsageOnExit();
const [stage, warehouse, ...folders] = process.argv.slice(2);
if (stage === 'models' && warehouse && folders.length > 0) {
    console.log(JSON.stringify({ models: await runWarehouseModels({ warehouse, folders }) }));
} else if (stage === 'audit' && warehouse) {
    console.log(JSON.stringify(await runAuditTargeting({ warehouse })));
} else if (stage === 'score-all' && warehouse) {
    console.log(JSON.stringify(await scoreAllDeclarations({ warehouse })));
} else {
    throw new Error('usage: bench-stage.ts models WAREHOUSE FOLDER… | audit WAREHOUSE | score-all WAREHOUSE');
}
