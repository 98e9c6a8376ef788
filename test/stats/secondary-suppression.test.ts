// Secondary suppression on hand-made cells: the choices follow the rule (smallest part still published, then the
// first in the cells' order), and the withheld cells cannot be recovered by subtraction. Cells are numbered; each test
// names its numbers.
import { describe, expect, it } from 'vitest';
import { PRIMARY, SECONDARY, equationsOf, suppressCells, tradeCellEquations, type Equations } from '../../src/stats/secondary-suppression.js';

/** The cells' values and primary flags, in the order given, and a function from a status array to { name: status }. */
function cells(list: [name: string, value: number, isPrimary?: boolean][]) {
    const values = Float64Array.from(list.map(([, value]) => value));
    const isPrimary = Uint8Array.from(list.map(([, , primary]) => (primary ? 1 : 0)));
    const withheld = (status: Uint8Array) => Object.fromEntries(list.flatMap(([name], cell) =>
        status[cell] === PRIMARY ? [[name, 'C']] : status[cell] === SECONDARY ? [[name, 'D']] : []));
    return { values, isPrimary, withheld };
}

/** The equations written out one by one. */
function written(equations: Equations) {
    return Array.from(equations.totals, (total, index) => ({ total, parts: [...equations.parts.subarray(equations.starts[index], equations.starts[index + 1])] }));
}

describe('secondary suppression', () => {
    it('withholds the smallest other part of a total with one confidential part', () => {
        // T = A + B + C = 10 + 3 + 5; A confidential → the smallest other part, B (3), goes too.
        const { values, isPrimary, withheld } = cells([['T', 18], ['A', 10, true], ['B', 3], ['C', 5]]);
        expect(withheld(suppressCells(values, isPrimary, equationsOf([{ total: 0, parts: [1, 2, 3] }])))).toEqual({ A: 'C', B: 'D' });
    });

    it('breaks a tie of values by the order of the cells', () => {
        // T = A + B + C = 10 + 4 + 4; A confidential → B and C are as small; B comes first.
        const { values, isPrimary, withheld } = cells([['T', 18], ['A', 10, true], ['B', 4], ['C', 4]]);
        expect(withheld(suppressCells(values, isPrimary, equationsOf([{ total: 0, parts: [3, 2, 1] }])))).toEqual({ A: 'C', B: 'D' });
    });

    it('withholds the total when the confidential cell is its only part', () => {
        // T = A; A confidential → T gives A away, so T is withheld.
        const { values, isPrimary, withheld } = cells([['T', 7], ['A', 7, true]]);
        expect(withheld(suppressCells(values, isPrimary, equationsOf([{ total: 0, parts: [1] }])))).toEqual({ A: 'C', T: 'D' });
    });

    it('follows a withheld cell into the next equation until every equation is safe', () => {
        // Commodity: T = A + B. Partners: A = A1 + A2, B = B1 + B2. A and A1 are confidential.
        // T = A + B has one withheld (A) → the smaller published part, B (8), is withheld;
        // A = A1 + A2 has two withheld (A, A1) → safe; B = B1 + B2 now has one (B) → the smaller part, B2 (1), is withheld.
        const { values, isPrimary, withheld } = cells([['T', 20], ['A', 12, true], ['B', 8], ['A1', 9, true], ['A2', 3], ['B1', 7], ['B2', 1]]);
        const equations = [{ total: 0, parts: [1, 2] }, { total: 1, parts: [3, 4] }, { total: 2, parts: [5, 6] }];
        const status = suppressCells(values, isPrimary, equationsOf(equations));
        expect(withheld(status)).toEqual({ A: 'C', A1: 'C', B: 'D', B2: 'D' });
        // No equation is left with a single unknown.
        for (const equation of equations) {
            expect([equation.total, ...equation.parts].filter((cell) => status[cell] !== 0).length).not.toBe(1);
        }
    });

    it('makes one equation per parent cell and one per all-partner cell', () => {
        // 0 TOTAL/W00, 1 SECTION I/W00, 2 SECTION II/W00, 3 TOTAL/JP, 4 SECTION I/JP: parents 1, 2 → 0 and 4 → 3;
        // partners 3 → 0 and 4 → 1.
        const equations = tradeCellEquations(Int32Array.from([-1, 0, 0, -1, 3]), Int32Array.from([-1, -1, -1, 0, 1]));
        expect(written(equations)).toEqual([{ total: 0, parts: [1, 2] }, { total: 3, parts: [4] }, { total: 0, parts: [3] }, { total: 1, parts: [4] }]);
    });

    it("keeps each equation's parts in the cells' order, however the totals interleave", () => {
        // parents: 2 → 0, 3 → 1, 4 → 0, 5 → 1; no all-partner cells
        const equations = tradeCellEquations(Int32Array.from([-1, -1, 0, 1, 0, 1]), Int32Array.from([-1, -1, -1, -1, -1, -1]));
        expect(written(equations)).toEqual([{ total: 0, parts: [2, 4] }, { total: 1, parts: [3, 5] }]);
    });
});
