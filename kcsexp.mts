import { evaluateKcs, KCS_PARAMS } from './src/evaluate/kcs-evaluation.js';
const files = { train: '../shared/datasets/kcs/train.csv', valid: '../shared/datasets/kcs/valid.csv', test: '../shared/datasets/kcs/valid.csv' };
const variants: Record<string, object> = JSON.parse(process.argv[2]!);
for (const [name, change] of Object.entries(variants)) {
  const cu = process.cpuUsage();
  const r = await evaluateKcs(files, { ...KCS_PARAMS, ...change });
  console.log(name, 'p5', r.precisionAt[5].toFixed(4), 'p10', r.precisionAt[10].toFixed(4), 'auc', r.auc.toFixed(4), 'best', r.bestIteration, 'train s', r.trainSeconds.toFixed(2), 'cpu', (process.cpuUsage(cu).user / 1e6).toFixed(2));
}
