// Secondary suppression: choose further cells to withhold so that no suppressed cell can be recovered by
// subtracting published cells from a published total. Each additive relation among the published cells (a total
// equals the sum of its parts: a commodity cell and its children one level down, for one partner; the all-partner
// cell and the partner cells, for one commodity code) is an equation. An equation with exactly one withheld member
// gives that member away, so one more member is withheld: among the parts still published (a part rather than the
// total, which readers need most; the total when no part is left), the one that opens the fewest new equations with a
// single withheld member, then the smallest value, then the first in the cells' order — so complements pair up in
// rectangles (two codes × two partners) instead of spreading. Equations are revisited until none has exactly one
// withheld member. This stops exact recovery by subtraction along any chain of equations (a chain must start at an
// equation with a single unknown); it does not guarantee a protection interval around the withheld values.
//
// Cells are numbered 0 … n−1 (a release's cells in the order of their keys, pipelines/publish-stats.ts): a release
// holds hundreds of thousands of cells, and numbers in typed arrays keep the work to a second.

/**
 * Additive relations, each a cell `total` equal to the sum of some `parts` (cell numbers), held in typed arrays:
 * equation e is totals[e] = Σ parts[starts[e] … starts[e + 1] − 1]. (As an object with an array of parts each, the
 * 306,686 equations of a release of 410,000 cells took 0.3–1.6 s to make, mostly in garbage collection.)
 */
export interface Equations {
    totals: Int32Array;
    starts: Int32Array;
    parts: Int32Array;
}

export const PUBLISHED = 0;
/** SDMX CL_CONF_STATUS 'C': primary confidentiality. */
export const PRIMARY = 1;
/** SDMX CL_CONF_STATUS 'D': withheld to protect a primary cell. */
export const SECONDARY = 2;

/** Equations written out one by one (`{ total, parts }`), in the typed arrays suppressCells reads. */
export function equationsOf(list: { total: number; parts: number[] }[]): Equations {
    const starts = new Int32Array(list.length + 1);
    list.forEach((equation, index) => { starts[index + 1] = starts[index]! + equation.parts.length; });
    return { totals: Int32Array.from(list, (equation) => equation.total), starts, parts: Int32Array.from(list.flatMap((equation) => equation.parts)) };
}

/** Each cell's status (PUBLISHED, PRIMARY, SECONDARY), given its value and whether it is confidential itself. */
export function suppressCells(values: Float64Array, isPrimary: Uint8Array, equations: Equations): Uint8Array {
    const cellCount = values.length;
    const equationCount = equations.totals.length;
    const partsOf = (index: number) => equations.parts.subarray(equations.starts[index]!, equations.starts[index + 1]!);
    // the equations each cell is a member of, as a CSR list (starts[cell] … starts[cell + 1] in members)
    const starts = new Int32Array(cellCount + 1);
    for (let index = 0; index < equationCount; index++) {
        starts[equations.totals[index]! + 1]! += 1;
        for (const part of partsOf(index)) starts[part + 1]! += 1;
    }
    for (let cell = 0; cell < cellCount; cell++) starts[cell + 1]! += starts[cell]!;
    const members = new Int32Array(starts[cellCount]!);
    const filled = starts.slice(0, cellCount);
    for (let index = 0; index < equationCount; index++) {
        members[filled[equations.totals[index]!]!++] = index;
        for (const part of partsOf(index)) members[filled[part]!++] = index;
    }

    const withheldCount = new Int32Array(equationCount);
    const status = new Uint8Array(cellCount);
    const pending: number[] = [];
    const withhold = (cell: number, kind: number) => {
        status[cell] = kind;
        for (let at = starts[cell]!; at < starts[cell + 1]!; at++) {
            const index = members[at]!;
            withheldCount[index]! += 1;
            if (withheldCount[index] === 1) pending.push(index);
        }
    };
    for (let cell = 0; cell < cellCount; cell++) if (isPrimary[cell]) withhold(cell, PRIMARY);
    // Equations that would get their first withheld member if this cell were withheld.
    const opened = (cell: number) => {
        let count = 0;
        for (let at = starts[cell]!; at < starts[cell + 1]!; at++) if (withheldCount[members[at]!] === 0) count++;
        return count;
    };
    while (pending.length > 0) {
        const index = pending.pop()!;
        if (withheldCount[index] !== 1) continue;
        let best = -1;
        let bestOpened = 0;
        for (const cell of partsOf(index)) {
            if (status[cell] !== PUBLISHED) continue;
            const cellOpened = opened(cell);
            const better = best < 0 || cellOpened < bestOpened
                || (cellOpened === bestOpened && (values[cell]! < values[best]! || (values[cell] === values[best] && cell < best)));
            if (better) {
                best = cell;
                bestOpened = cellOpened;
            }
        }
        withhold(best < 0 ? equations.totals[index]! : best, SECONDARY);
    }
    return status;
}

/**
 * The equations of a release's cells, given for each cell the number of its parent commodity cell (same partner)
 * and of its all-partner cell (same code), −1 for none: commodity parent = Σ children, then world = Σ partners;
 * of each kind in the order of their first parts, each equation's parts in the cells' order.
 */
export function tradeCellEquations(parentCell: Int32Array, worldCell: Int32Array): Equations {
    const cellCount = parentCell.length;
    // the equation of each total (−1: none yet), numbered as their first parts come; then the parts of each
    const equationOf = [new Int32Array(cellCount).fill(-1), new Int32Array(cellCount).fill(-1)];
    const totals = new Int32Array(2 * cellCount);
    const starts = new Int32Array(2 * cellCount + 1);
    let equationCount = 0;
    [parentCell, worldCell].forEach((totalOf, kind) => {
        for (let cell = 0; cell < cellCount; cell++) {
            const total = totalOf[cell]!;
            if (total < 0) continue;
            if (equationOf[kind]![total] === -1) {
                equationOf[kind]![total] = equationCount;
                totals[equationCount++] = total;
            }
            starts[equationOf[kind]![total]! + 1]! += 1;
        }
    });
    for (let index = 0; index < equationCount; index++) starts[index + 1]! += starts[index]!;
    const parts = new Int32Array(starts[equationCount]!);
    const filled = starts.slice(0, equationCount);
    [parentCell, worldCell].forEach((totalOf, kind) => {
        for (let cell = 0; cell < cellCount; cell++) {
            if (totalOf[cell]! >= 0) parts[filled[equationOf[kind]![totalOf[cell]!]!]!++] = cell;
        }
    });
    return { totals: totals.slice(0, equationCount), starts: starts.slice(0, equationCount + 1), parts };
}
