// A WHERE clause built from optional filters: each filter that is given adds its condition and its bound values;
// user input only ever reaches the query as a bound parameter.
import type { Parameter } from '../warehouse-snapshots.js';

export class Conditions {
    private readonly clauses: string[] = [];
    readonly values: Parameter[] = [];

    /** Adds the condition with its values (none for a condition without placeholders). */
    add(clause: string, ...values: Parameter[]): this {
        this.clauses.push(clause);
        this.values.push(...values);
        return this;
    }

    /** Adds the condition when the value is given. */
    addIf(clause: string, value: Parameter | undefined): this {
        return value === undefined ? this : this.add(clause, value);
    }

    /** month_date from and to, inclusive, both optional (YYYY-MM-DD). */
    monthRange(filter: { fromMonth?: string; toMonth?: string }): this {
        return this.addIf('month_date >= cast(? as date)', filter.fromMonth).addIf('month_date <= cast(? as date)', filter.toMonth);
    }

    get sql(): string {
        return this.clauses.length === 0 ? 'true' : this.clauses.join(' and ');
    }
}
