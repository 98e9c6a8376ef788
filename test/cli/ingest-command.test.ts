import { describe, expect, it } from 'vitest';
import { DECLARATION_HEADER, DECLARATION_ROWS, REFERENCE_FILES, tempWarehouse, writeFiles } from '../support/mini-world.js';
import { runCli } from '../support/run-cli.js';

describe('customs ingest', () => {
    it('prints the batch summary as JSON with per-table read, loaded and quarantined, and exits 0 when rows were only quarantined', () => {
        const dir = writeFiles({ ...REFERENCE_FILES, 'offices.csv': 'office_id,name_en,name_zh,office_kind,city\nKH01,Kaohsiung Harbour,高雄關,harbour,Kaohsiung\n' });
        const result = runCli(['ingest', '--warehouse', tempWarehouse(), '--json', dir]);
        expect(result.status).toBe(0);
        const summary = JSON.parse(result.stdout);
        expect(summary.tables.offices).toEqual({ read: 3, loaded: 2, quarantined: 1 });
        expect(summary.totals.read).toBe(summary.totals.loaded + summary.totals.quarantined);
        expect(summary.quarantinedByRule).toEqual({ unknown_code: 1 });
    });

    it('exits non-zero with a message naming the path when a path does not exist', () => {
        const result = runCli(['ingest', '--warehouse', tempWarehouse(), '/nonexistent/declarations.csv']);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('Cannot read /nonexistent/declarations.csv');
    });

    it('exits non-zero when a file cannot be matched to a table, and says how to name it', () => {
        const dir = writeFiles({ 'stuff.csv': `${DECLARATION_HEADER}\n${DECLARATION_ROWS[0]}\n` });
        const result = runCli(['ingest', '--warehouse', tempWarehouse(), dir]);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('Name the file after its table');
    });

    it('exits non-zero on a usage error', () => {
        expect(runCli(['ingest', '--warehouse', tempWarehouse()]).status).not.toBe(0);
        expect(runCli(['ingest', '--warehouse', tempWarehouse(), '--encoding', 'latin-9', '.']).stderr).toContain('Unknown encoding "latin-9"');
    });
});
