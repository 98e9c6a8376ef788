// Secondary suppression on hand-made cells: the choices follow the rule (smallest part still published), and the
// withheld cells cannot be recovered by subtraction.
import { describe, expect, it } from 'vitest';
import { suppressCells, type Equation, type SuppressionCell } from '../../src/stats/secondary-suppression.js';

const cell = (key: string, value: number, isPrimary = false): SuppressionCell => ({ key, value, isPrimary });

describe('secondary suppression', () => {
    it('withholds the smallest other part of a total with one confidential part', () => {
        // T = A + B + C = 10 + 3 + 5; A confidential → the smallest other part, B (3), goes too.
        const cells = [cell('T', 18), cell('A', 10, true), cell('B', 3), cell('C', 5)];
        const result = suppressCells(cells, [{ total: 'T', parts: ['A', 'B', 'C'] }]);
        expect([...result.entries()].sort()).toEqual([['A', 'C'], ['B', 'D']]);
    });

    it('withholds the total when the confidential cell is its only part', () => {
        // T = A; A confidential → T gives A away, so T is withheld.
        const result = suppressCells([cell('T', 7), cell('A', 7, true)], [{ total: 'T', parts: ['A'] }]);
        expect([...result.entries()].sort()).toEqual([['A', 'C'], ['T', 'D']]);
    });

    it('follows a withheld cell into the next equation until every equation is safe', () => {
        // Commodity: T = A + B. Partners: A = A1 + A2, B = B1 + B2. A and A1 are confidential.
        // T = A + B has one withheld (A) → the smaller published part, B (8), is withheld;
        // A = A1 + A2 has two withheld (A, A1) → safe; B = B1 + B2 now has one (B) → the smaller part, B2 (1), is withheld.
        const cells = [cell('T', 20), cell('A', 12, true), cell('B', 8), cell('A1', 9, true), cell('A2', 3), cell('B1', 7), cell('B2', 1)];
        const equations: Equation[] = [
            { total: 'T', parts: ['A', 'B'] },
            { total: 'A', parts: ['A1', 'A2'] },
            { total: 'B', parts: ['B1', 'B2'] },
        ];
        const result = suppressCells(cells, equations);
        expect([...result.entries()].sort()).toEqual([['A', 'C'], ['A1', 'C'], ['B', 'D'], ['B2', 'D']]);
        // No equation is left with a single unknown.
        for (const equation of equations) {
            expect([equation.total, ...equation.parts].filter((key) => result.has(key)).length).not.toBe(1);
        }
    });
});
