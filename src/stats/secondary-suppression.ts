// Secondary suppression: choose further cells to withhold so that no suppressed cell can be recovered by
// subtracting published cells from a published total. Each additive relation among the published cells (a total
// equals the sum of its parts: a commodity cell and its children one level down, for one partner; the all-partner
// cell and the partner cells, for one commodity code) is an equation. An equation with exactly one withheld member
// gives that member away, so one more member is withheld: among the parts still published (a part rather than the
// total, which readers need most; the total when no part is left), the one that opens the fewest new equations with a
// single withheld member, then the smallest value — so complements pair up in rectangles (two codes × two partners)
// instead of spreading. Equations are revisited until none has exactly one withheld member. This stops exact recovery
// by subtraction along any chain of equations (a chain must start at an equation with a single unknown); it does not
// guarantee a protection interval around the withheld values.

export interface SuppressionCell {
    key: string;
    value: number;
    isPrimary: boolean;
}

export interface Equation {
    total: string;
    parts: string[];
}

/** The cells withheld: 'C' primary confidentiality, 'D' secondary (SDMX CL_CONF_STATUS). */
export function suppressCells(cells: SuppressionCell[], equations: Equation[]): Map<string, 'C' | 'D'> {
    const values = new Map(cells.map((cell) => [cell.key, cell.value]));
    const equationsOf = new Map<string, number[]>();
    equations.forEach((equation, index) => {
        for (const member of [equation.total, ...equation.parts]) {
            const list = equationsOf.get(member);
            if (list) list.push(index);
            else equationsOf.set(member, [index]);
        }
    });
    const withheldCount = new Array<number>(equations.length).fill(0);
    const withheld = new Map<string, 'C' | 'D'>();
    const pending: number[] = [];
    const withhold = (key: string, status: 'C' | 'D') => {
        withheld.set(key, status);
        for (const index of equationsOf.get(key) ?? []) {
            withheldCount[index]! += 1;
            if (withheldCount[index] === 1) pending.push(index);
        }
    };
    for (const cell of cells) if (cell.isPrimary) withhold(cell.key, 'C');
    // Equations that would get their first withheld member if this cell were withheld.
    const opened = (key: string) => (equationsOf.get(key) ?? []).filter((index) => withheldCount[index] === 0).length;
    while (pending.length > 0) {
        const index = pending.pop()!;
        if (withheldCount[index] !== 1) continue;
        const equation = equations[index]!;
        const candidates = equation.parts.filter((key) => !withheld.has(key));
        if (candidates.length === 0) {
            withhold(equation.total, 'D');
            continue;
        }
        let best = candidates[0]!;
        let bestOpened = opened(best);
        for (const key of candidates.slice(1)) {
            const keyOpened = opened(key);
            const better = keyOpened < bestOpened
                || (keyOpened === bestOpened && (values.get(key)! < values.get(best)! || (values.get(key) === values.get(best) && key < best)));
            if (better) {
                best = key;
                bestOpened = keyOpened;
            }
        }
        withhold(best, 'D');
    }
    return withheld;
}

export interface PublishedCell {
    month_date: string;
    flow_code: string;
    commodity_level: string;
    commodity_code: string;
    parent_code: string | null;
    partner_code: string;
    value_twd: number;
    is_primary_confidential: boolean;
}

export const WORLD = 'W00';

export function cellKey(cell: Pick<PublishedCell, 'month_date' | 'flow_code' | 'commodity_level' | 'commodity_code' | 'partner_code'>): string {
    return [cell.month_date, cell.flow_code, cell.commodity_level, cell.commodity_code, cell.partner_code].join('|');
}

/** The additive relations among the cells of a release: commodity parent = Σ children (per partner), world = Σ partners (per code). */
export function tradeCellEquations(cells: PublishedCell[]): Equation[] {
    const byParent = new Map<string, Equation>();
    const byCode = new Map<string, Equation>();
    const keys = new Set(cells.map(cellKey));
    const parentLevel: Record<string, string> = { SECTION: 'TOTAL', HS2: 'SECTION', HS4: 'HS2', HS6: 'HS4', CCC: 'HS6' };
    for (const cell of cells) {
        const key = cellKey(cell);
        if (cell.parent_code !== null) {
            const total = cellKey({ ...cell, commodity_level: parentLevel[cell.commodity_level]!, commodity_code: cell.parent_code });
            if (!keys.has(total)) throw new Error(`cell ${key} has no parent cell ${total}`);
            const equation = byParent.get(total) ?? { total, parts: [] };
            equation.parts.push(key);
            byParent.set(total, equation);
        }
        if (cell.partner_code !== WORLD) {
            const total = cellKey({ ...cell, partner_code: WORLD });
            const equation = byCode.get(total) ?? { total, parts: [] };
            equation.parts.push(key);
            byCode.set(total, equation);
        }
    }
    return [...byParent.values(), ...byCode.values()];
}
