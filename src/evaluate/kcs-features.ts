// The KCS feature table: sql/evaluate/kcs_features.sql computes every feature in DuckDB; this module reads them back
// as columns.
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TrainingSet } from '../model/gbdt-train.js';
import type { KcsSplit } from './kcs-dataset.js';

const FEATURES_SQL = readFileSync(new URL('../../sql/evaluate/kcs_features.sql', import.meta.url), 'utf8');
const NOT_FEATURES = new Set(['row_index', 'split', 'label']);

/** Features and labels of each split (rows in file order), from the temp table kcs_declarations. */
export async function kcsTrainingSets(connection: DuckDBConnection): Promise<Record<KcsSplit, TrainingSet>> {
    const reader = await connection.runAndReadAll(FEATURES_SQL);
    const names = reader.columnNames();
    const columns = reader.getColumnsJS();
    const splitColumn = columns[names.indexOf('split')]! as string[];
    const featureIndexes = names.map((_, i) => i).filter((i) => !NOT_FEATURES.has(names[i]!));
    const sets = {} as Record<KcsSplit, TrainingSet>;
    for (const split of ['train', 'valid', 'test'] as const) {
        const rows = splitColumn.flatMap((value, row) => (value === split ? [row] : []));
        const pick = (values: unknown[]) => Float64Array.from(rows, (row) => {
            const value = values[row];
            return value === null || value === undefined ? Number.NaN : Number(value);
        });
        sets[split] = {
            table: { names: featureIndexes.map((i) => names[i]!), columns: featureIndexes.map((i) => pick(columns[i]!)) },
            labels: pick(columns[names.indexOf('label')]!),
        };
    }
    return sets;
}
