// customs run's trade-system option: the special system is built when asked for, and a system that does not exist
// is refused before the warehouse is opened.
import { describe, expect, it } from 'vitest';
import { buildGeneratedWarehouse } from '../support/generated-warehouse.js';
import { runCli } from '../support/run-cli.js';
import { query } from '../support/warehouse-queries.js';

describe('customs run --trade-system', () => {
    it('builds the trade marts under the special trade system, counting fewer lines than the general one', async () => {
        const { warehouse } = await buildGeneratedWarehouse({ declarations: 3000, seed: 21, audit: false, stats: false });
        const [general] = await query<{ system: string; lines: string }>(warehouse, 'select (select any_value(trade_system) from fct_trade_cells) as system, (select sum(count_lines) from fct_trade_monthly) as lines');
        const result = runCli(['run', '--warehouse', warehouse, '--trade-system', 'special', '--json']);
        expect(result.status, result.stderr).toBe(0);
        const [special] = await query<{ system: string; lines: string }>(warehouse, 'select (select any_value(trade_system) from fct_trade_cells) as system, (select sum(count_lines) from fct_trade_monthly) as lines');
        expect(general!.system).toBe('general');
        expect(special!.system).toBe('special');
        // The generated world has customs-warehouse and free-zone declarations, which only the general system counts.
        expect(Number(special!.lines)).toBeLessThan(Number(general!.lines));
    });

    it('refuses a trade system that does not exist, naming the two there are', () => {
        const result = runCli(['run', '--warehouse', 'nowhere.duckdb', '--trade-system', 'broad']);
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain("option '--trade-system <system>' argument 'broad' is invalid. expected one of general, special.");
    });
});
