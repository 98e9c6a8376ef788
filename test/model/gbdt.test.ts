import { describe, expect, it } from 'vitest';
import { auc } from '../../src/evaluate/ranking-metrics.js';
import { Random } from '../../src/generate/random.js';
import { binOf, quantileThresholds, type FeatureTable } from '../../src/model/feature-binning.js';
import { modelFromJson, modelToJson } from '../../src/model/gbdt-json.js';
import { featureContributions, marginsOfModels, predict, predictMargins } from '../../src/model/gbdt-predict.js';
import { metricValue, trainGbdt, type TrainingSet } from '../../src/model/gbdt-train.js';

/** Rows with features drawn by `draw` and labels from `label`, from a fixed seed. */
function dataset(rows: number, seed: number, names: string[], draw: (random: Random) => number[], label: (x: number[], random: Random) => number): TrainingSet {
    const random = new Random(seed, 'gbdt-test');
    const columns = names.map(() => new Float64Array(rows));
    const labels = new Float64Array(rows);
    for (let row = 0; row < rows; row++) {
        const x = draw(random);
        x.forEach((value, f) => { columns[f]![row] = value; });
        labels[row] = label(x, random);
    }
    return { table: { names, columns }, labels };
}

const xor = (rows: number, seed: number) => dataset(rows, seed, ['a', 'b', 'noise'], (r) => [r.float(), r.float(), r.float()],
    ([a, b]) => ((a! > 0.5) !== (b! > 0.5) ? 1 : 0));

function sameBits(a: Float64Array, b: Float64Array): boolean {
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('feature binning', () => {
    it('gives each of few distinct values a bin, NaN the last bin', () => {
        const thresholds = quantileThresholds(Float64Array.from([3, 1, 2, 4, 2, Number.NaN]), 255);
        expect(Array.from(thresholds)).toEqual([1, 2, 3]); // value bins: ≤1, ≤2, ≤3, >3; missing bin 4
        expect(binOf(thresholds, 2)).toBe(1);
        expect(binOf(thresholds, 2.5)).toBe(2);
        expect(binOf(thresholds, 99)).toBe(3);
        expect(binOf(thresholds, Number.NaN)).toBe(4);
    });

    it('cuts many distinct values at quantiles, at most maxBins − 1 value bins', () => {
        const thresholds = quantileThresholds(Float64Array.from({ length: 100 }, (_, i) => i + 1), 5);
        // 4 value bins over 1..100: cuts after the 25th, 50th and 75th values.
        expect(Array.from(thresholds)).toEqual([25, 50, 75]);
    });
});

describe('gradient-boosted trees', () => {
    it('learns XOR of two features to near-perfect AUC on fresh rows', () => {
        const model = trainGbdt(xor(2000, 1), { objective: 'logistic', rounds: 100, minDataInLeaf: 5 });
        const test = xor(1000, 2);
        expect(auc(predict(model, test.table), test.labels)).toBeGreaterThan(0.99);
    });

    it('gives the same model for the same seed, and another with another seed when sampling', () => {
        const params = { objective: 'logistic' as const, rounds: 20, subsample: 0.7, colsample: 0.67, seed: 5 };
        const data = xor(1000, 3);
        const first = modelToJson(trainGbdt(data, params));
        expect(modelToJson(trainGbdt(data, params))).toBe(first);
        expect(modelToJson(trainGbdt(data, { ...params, seed: 6 }))).not.toBe(first);
    });

    it('predicts bit for bit the same after a JSON round trip', () => {
        const model = trainGbdt(xor(1000, 4), { objective: 'logistic', rounds: 30, subsample: 0.8 });
        const reloaded = modelFromJson(modelToJson({ ...model, trainingWindow: { from: '2020-01', to: '2020-12' } }));
        const test = xor(500, 5);
        expect(sameBits(predictMargins(reloaded, test.table), predictMargins(model, test.table))).toBe(true);
        expect(reloaded.trainingWindow).toEqual({ from: '2020-01', to: '2020-12' });
    });

    it('splits each margin into a bias and per-feature contributions that add up to it', () => {
        const model = trainGbdt(xor(1000, 6), { objective: 'logistic', rounds: 30 });
        const test = xor(20, 7);
        const margins = predictMargins(model, test.table);
        for (let row = 0; row < 20; row++) {
            const values = Object.fromEntries(test.table.names.map((name, f) => [name, test.table.columns[f]![row]!]));
            const contributions = featureContributions(model, values);
            expect(contributions.margin).toBe(margins[row]);
            const total = contributions.bias + contributions.values.reduce((sum, value) => sum + value, 0);
            expect(Math.abs(total - margins[row]!)).toBeLessThan(1e-12);
            // XOR is decided by a and b: they carry the weight, the noise feature little.
            expect(Math.abs(contributions.values[0]!) + Math.abs(contributions.values[1]!)).toBeGreaterThan(Math.abs(contributions.values[2]!));
        }
    });

    it('names for each row the groups of features that raised its margin most, from the same contributions', () => {
        // Four features in three groups: a and b (XOR) together, noise alone, c (a second noise) alone.
        const world = (rows: number, seed: number) => dataset(rows, seed, ['a', 'noise', 'b', 'c'], (r) => [r.float(), r.float(), r.chance(0.1) ? Number.NaN : r.float(), r.float()],
            ([a, , b]) => ((a! > 0.5) !== (Number.isNaN(b!) || b! > 0.5) ? 1 : 0));
        const model = trainGbdt(world(2000, 21), { objective: 'logistic', rounds: 40, colsample: 0.75 });
        const test = world(300, 22);
        const groupOf = Int32Array.from([0, 1, 0, 2]);
        // Scored together with a second model: the first one's margins and groups, the second one's margins, as alone.
        const second = trainGbdt(world(2000, 23), { objective: 'logistic', rounds: 25, maxLeaves: 7 });
        const { margins: [margins, secondMargins], top: found } = marginsOfModels([model, second], test.table, { groupOf, groups: 3, k: 2 });
        const top = found!;
        expect(sameBits(margins!, predictMargins(model, test.table))).toBe(true);
        expect(sameBits(secondMargins!, predictMargins(second, test.table))).toBe(true);
        let xorFirst = 0;
        for (let row = 0; row < 300; row++) {
            const values = Object.fromEntries(test.table.names.map((name, f) => [name, test.table.columns[f]![row]!]));
            const byFeature = featureContributions(model, values).values;
            const byGroup = [byFeature[0]! + byFeature[2]!, byFeature[1]!, byFeature[3]!];
            // Worked out from featureContributions: the groups above zero, largest first, at most two.
            const expected = [0, 1, 2].filter((group) => byGroup[group]! > 0).sort((x, y) => byGroup[y]! - byGroup[x]!).slice(0, 2);
            expect(Array.from(top.subarray(row * 2, row * 2 + 2)).filter((group) => group >= 0)).toEqual(expected);
            if (top[row * 2] === 0) xorFirst++;
        }
        // XOR decides the label: its group leads most rows that any group raised.
        expect(xorFirst).toBeGreaterThan(100);
    });

    it('stops early on noise labels and keeps the best round', () => {
        const noise = (seed: number) => dataset(1000, seed, ['x', 'y'], (r) => [r.float(), r.float()], (_, r) => (r.chance(0.5) ? 1 : 0));
        const model = trainGbdt(noise(8), { objective: 'logistic', rounds: 300, earlyStoppingRounds: 20, minDataInLeaf: 5 }, noise(9));
        expect(model.bestIteration).toBeLessThan(300);
        expect(model.trees.length).toBe(model.bestIteration);
        // It stopped 20 rounds after the best one.
        expect(model.validationHistory.length).toBe(model.bestIteration + 20);
        const best = Math.min(...model.validationHistory);
        expect(model.validationHistory[model.bestIteration - 1]).toBe(best);
    });

    it('records as the validation metric of each round what the model cut at that round scores on the validation rows', () => {
        const model = trainGbdt(xor(1000, 12), { objective: 'logistic', metric: 'auc', rounds: 40, subsample: 0.7, earlyStoppingRounds: 40 }, xor(400, 13));
        const validation = xor(400, 13);
        for (const rounds of [1, 17, model.bestIteration]) {
            const kept = { ...model, trees: model.trees.slice(0, rounds) };
            expect(model.validationHistory[rounds - 1]).toBe(metricValue('auc', validation.labels, predictMargins(kept, validation.table)));
        }
    });

    it('scores values exactly at split thresholds, just past them and missing as the trees compare raw values', () => {
        // Missing values in both features, so splits learn both default directions.
        const world = dataset(2000, 14, ['x', 'y'], (r) => [r.chance(0.2) ? Number.NaN : r.float(), r.chance(0.3) ? Number.NaN : r.float()],
            ([x, y], r) => ((Number.isNaN(x!) ? 1 : x! > 0.4 ? 1 : 0) + (Number.isNaN(y!) ? 0 : y! > 0.7 ? 1 : 0) + (r.chance(0.2) ? 1 : 0) >= 2 ? 1 : 0));
        const model = trainGbdt(world, { objective: 'logistic', rounds: 30, maxLeaves: 15 });
        expect(model.trees.some((tree) => tree.defaultLeft.some((left, node) => left && tree.feature[node]! >= 0))).toBe(true);
        expect(model.trees.some((tree) => tree.defaultLeft.some((left, node) => !left && tree.feature[node]! >= 0))).toBe(true);
        const x = [Number.NaN, -1, 2];
        const y = [Number.NaN, -1, 2];
        for (const tree of model.trees) {
            tree.feature.forEach((feature, node) => {
                if (feature < 0) return;
                const at = tree.threshold[node]!;
                (feature === 0 ? x : y).push(at, at + 1e-12, at - 1e-12);
            });
        }
        const rows = Math.max(x.length, y.length);
        const table: FeatureTable = { names: ['x', 'y'], columns: [Float64Array.from({ length: rows }, (_, i) => x[i % x.length]!), Float64Array.from({ length: rows }, (_, i) => y[(i * 7) % y.length]!)] };
        const margins = predictMargins(model, table);
        for (let row = 0; row < rows; row++) {
            // featureContributions walks each tree with value <= threshold on the raw values.
            expect(margins[row]).toBe(featureContributions(model, { x: table.columns[0]![row]!, y: table.columns[1]![row]! }).margin);
        }
    });

    it('sends missing values the learnt default way', () => {
        // Missing x is fraud like high x in one world, like low x in the other.
        const world = (missingLikeHigh: boolean) => dataset(2000, 10, ['x'], (r) => [r.chance(0.2) ? Number.NaN : r.float()],
            ([x]) => (Number.isNaN(x!) ? (missingLikeHigh ? 1 : 0) : x! > 0.5 ? 1 : 0));
        const missing: FeatureTable = { names: ['x'], columns: [Float64Array.from([Number.NaN, 0.2, 0.8])] };
        const high = predict(trainGbdt(world(true), { objective: 'logistic', rounds: 50 }), missing);
        const low = predict(trainGbdt(world(false), { objective: 'logistic', rounds: 50 }), missing);
        expect(high[0]).toBeGreaterThan(0.95);
        expect(low[0]).toBeLessThan(0.05);
        expect(high[1]).toBeLessThan(0.05);
        expect(low[2]).toBeGreaterThan(0.95);
    });

    it('fits a step function with squared loss', () => {
        // y = −1 below 0.5, 3 above; the base score is the mean, 1, and the trees learn ±2.
        const data = dataset(1000, 11, ['x'], (r) => [r.float()], ([x]) => (x! > 0.5 ? 3 : -1));
        const model = trainGbdt(data, { objective: 'squared', rounds: 200 });
        const fitted = predict(model, { names: ['x'], columns: [Float64Array.from([0.1, 0.4, 0.6, 0.9])] });
        for (const [i, expected] of [-1, -1, 3, 3].entries()) expect(fitted[i]).toBeCloseTo(expected, 2);
    });

    it('refuses labels that do not suit the objective, and a model JSON that is not one', () => {
        const data = dataset(10, 12, ['x'], (r) => [r.float()], () => 2);
        expect(() => trainGbdt(data, { objective: 'logistic', rounds: 1 })).toThrow(/needs 0 or 1/);
        expect(() => modelFromJson('{"kind":"gbdt"}')).toThrow(/not a gbdt model/);
    });
});
