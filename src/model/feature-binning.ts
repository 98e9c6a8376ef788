// Quantile binning of numeric features for the histogram learner. Each feature gets at most maxBins − 1 value bins,
// cut at quantiles of its non-missing values, plus one bin for missing values (NaN), so every bin fits in a byte.
// Bin k (k < last) holds the values v with thresholds[k − 1] < v <= thresholds[k]; the last value bin holds every v
// above the last threshold. So `bin(v) <= k` exactly when `v <= thresholds[k]`: a split learnt on bins applies
// unchanged to raw values.

/** Columnar input: one column per feature, NaN = missing. */
export interface FeatureTable {
    names: string[];
    columns: Float64Array[];
}

export interface BinnedTable {
    rows: number;
    features: number;
    /** Per feature, the upper bounds of its value bins except the last (strictly increasing). */
    thresholds: Float64Array[];
    /** Bin codes per feature (column-major): bins[feature][row]. The missing bin of feature f is thresholds[f].length + 1. */
    bins: Uint8Array[];
}

export const MAX_BINS = 255;

/** Cut points at quantiles of a column's non-missing values; at most maxBins − 1 value bins. */
export function quantileThresholds(column: Float64Array, maxBins: number): Float64Array {
    if (maxBins < 2 || maxBins > MAX_BINS) throw new RangeError(`maxBins must be between 2 and ${MAX_BINS}, not ${maxBins}.`);
    // The non-missing values, copied by a plain loop (a filter callback per value took most of the time), sorted.
    const present = new Float64Array(column.length);
    let kept = 0;
    for (let i = 0; i < column.length; i++) {
        if (!Number.isNaN(column[i]!)) present[kept++] = column[i]!;
    }
    const values = present.subarray(0, kept).sort();
    const valueBins = maxBins - 1;
    const cuts: number[] = [];
    if (values.length === 0) return new Float64Array(0);
    // Distinct values first: when there are few, each gets a bin of its own.
    const distinct: number[] = [values[0]!];
    for (let i = 1; i < values.length && distinct.length <= valueBins; i++) {
        if (values[i] !== distinct[distinct.length - 1]) distinct.push(values[i]!);
    }
    if (distinct.length <= valueBins) {
        for (let k = 0; k < distinct.length - 1; k++) cuts.push(distinct[k]!);
    } else {
        for (let k = 1; k < valueBins; k++) {
            const cut = values[Math.floor((k * values.length) / valueBins) - 1]!;
            if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
        }
        // The largest value must not be a cut: the last bin holds everything above the last cut.
        while (cuts.length > 0 && cuts[cuts.length - 1]! >= values[values.length - 1]!) cuts.pop();
    }
    return Float64Array.from(cuts);
}

/** The bin of one value: the first k with value <= thresholds[k], the last value bin above them, the missing bin for NaN. */
export function binOf(thresholds: Float64Array, value: number): number {
    if (Number.isNaN(value)) return thresholds.length + 1;
    let low = 0;
    let high = thresholds.length;
    while (low < high) {
        const middle = (low + high) >>> 1;
        if (value <= thresholds[middle]!) high = middle;
        else low = middle + 1;
    }
    return low;
}

/** Bins every column of a table with the given thresholds (learnt with quantileThresholds, or from a saved model). */
export function binTable(table: FeatureTable, thresholds: Float64Array[]): BinnedTable {
    const features = table.columns.length;
    const rows = features === 0 ? 0 : table.columns[0]!.length;
    const bins = table.columns.map((column, f) => {
        const cuts = thresholds[f]!;
        const codes = new Uint8Array(rows);
        for (let row = 0; row < rows; row++) codes[row] = binOf(cuts, column[row]!);
        return codes;
    });
    return { rows, features, thresholds, bins };
}

/** Checks that a table's columns all have the same length as its labels, and names match columns. */
export function assertTableShape(table: FeatureTable, rows: number, what: string): void {
    if (table.names.length !== table.columns.length) throw new RangeError(`${what}: ${table.names.length} names for ${table.columns.length} columns.`);
    for (let f = 0; f < table.columns.length; f++) {
        if (table.columns[f]!.length !== rows) throw new RangeError(`${what}: column ${table.names[f]} has ${table.columns[f]!.length} values, expected ${rows}.`);
    }
}
