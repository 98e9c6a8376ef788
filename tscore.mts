import { DuckDBInstance } from '@duckdb/node-api';
import { AUDIT_FEATURES } from './src/audit/audit-features.js';
import { readFeatureMatrix } from './src/audit/read-feature-matrix.js';
import { scoreDeclarations } from './src/audit/audit-model.js';
const i = await DuckDBInstance.create(process.argv[2]!, { access_mode: 'READ_ONLY', memory_limit: '4GB' }); const c = await i.connect();
const models = JSON.parse(String((await c.runAndReadAll('select model_json from audit_models order by trained_at desc limit 1')).getRows()[0]![0]));
const m = await readFeatureMatrix(c, AUDIT_FEATURES, { from: 'fct_declaration_risk_features', where: process.argv[3] ?? 'true' });
for (let k = 0; k < 2; k++) {
  const t = Date.now(); const cu = process.cpuUsage();
  await scoreDeclarations(models, AUDIT_FEATURES, m.columns, 1);
  console.log(m.rows, (Date.now() - t) / 1000, 'cpu', process.cpuUsage(cu).user / 1e6);
}
