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

/** An additive relation: the cell `total` equals the sum of the cells `parts` (cell numbers). */
export interface Equation {
    total: number;
    parts: number[];
}

export const PUBLISHED = 0;
/** SDMX CL_CONF_STATUS 'C': primary confidentiality. */
export const PRIMARY = 1;
/** SDMX CL_CONF_STATUS 'D': withheld to protect a primary cell. */
export const SECONDARY = 2;

/** Each cell's status (PUBLISHED, PRIMARY, SECONDARY), given its value and whether it is confidential itself. */
export function suppressCells(values: Float64Array, isPrimary: Uint8Array, equations: Equation[]): Uint8Array {
    const cellCount = values.length;
    // equationsOf: the equations of each cell, as a CSR list (starts[cell] … starts[cell + 1] in members)
    const starts = new Int32Array(cellCount + 1);
    for (const equation of equations) {
        starts[equation.total + 1]! += 1;
        for (const part of equation.parts) starts[part + 1]! += 1;
    }
    for (let cell = 0; cell < cellCount; cell++) starts[cell + 1]! += starts[cell]!;
    const members = new Int32Array(starts[cellCount]!);
    const filled = starts.slice(0, cellCount);
    equations.forEach((equation, index) => {
        members[filled[equation.total]!++] = index;
        for (const part of equation.parts) members[filled[part]!++] = index;
    });

    const withheldCount = new Int32Array(equations.length);
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
        const equation = equations[index]!;
        let best = -1;
        let bestOpened = 0;
        for (const cell of equation.parts) {
            if (status[cell] !== PUBLISHED) continue;
            const cellOpened = opened(cell);
            const better = best < 0 || cellOpened < bestOpened
                || (cellOpened === bestOpened && (values[cell]! < values[best]! || (values[cell] === values[best] && cell < best)));
            if (better) {
                best = cell;
                bestOpened = cellOpened;
            }
        }
        withhold(best < 0 ? equation.total : best, SECONDARY);
    }
    return status;
}

/**
 * The equations of a release's cells, given for each cell the number of its parent commodity cell (same partner)
 * and of its all-partner cell (same code), −1 for none: commodity parent = Σ children, world = Σ partners.
 */
export function tradeCellEquations(parentCell: Int32Array, worldCell: Int32Array): Equation[] {
    const byParent = new Map<number, Equation>();
    const byWorld = new Map<number, Equation>();
    const add = (equations: Map<number, Equation>, total: number, part: number) => {
        const equation = equations.get(total);
        if (equation) equation.parts.push(part);
        else equations.set(total, { total, parts: [part] });
    };
    for (let cell = 0; cell < parentCell.length; cell++) {
        if (parentCell[cell]! >= 0) add(byParent, parentCell[cell]!, cell);
        if (worldCell[cell]! >= 0) add(byWorld, worldCell[cell]!, cell);
    }
    return [...byParent.values(), ...byWorld.values()];
}
