// Hand-made trade rows for the trade-statistics tests: a warehouse with the reference rows the trade marts join
// (sections, chapters, three tariff codes, a USD rate of 30 TWD every month 2023–2025) and one-line declarations.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, type Warehouse } from '../../src/db/warehouse.js';

/** Portable computers (chapter 84, unit u), smartphones (85, u), processors (85, u), polyethylene (39, kg). */
export const CODES = { laptop: '84713000002', phone: '85171300008', chip: '85423100008', polymer: '39011000005' } as const;

export async function handMadeWarehouse(): Promise<{ directory: string; warehouse: Warehouse }> {
    const directory = mkdtempSync(join(tmpdir(), 'customs-stats-hand-'));
    const warehouse = await openWarehouse(join(directory, 'warehouse.duckdb'));
    const connection = warehouse.connection;
    await connection.run(`insert into hs_sections values ('VII', 7, 'Plastics', '塑膠'), ('XVI', 16, 'Machinery', '機械')`);
    await connection.run(`insert into hs_chapters values ('39', 'VII', 'Plastics', '塑膠'), ('84', 'XVI', 'Machinery', '機械'), ('85', 'XVI', 'Electrical', '電機')`);
    await connection.run(`insert into tariff_codes values
        ('${CODES.laptop}', '84', 'Portable computers', 'u', 0),
        ('${CODES.phone}', '85', 'Smartphones', 'u', 0),
        ('${CODES.chip}', '85', 'Processors', 'u', 0),
        ('${CODES.polymer}', '39', 'Polyethylene', 'kg', 0)`);
    await connection.run(`insert into exchange_rates select 'USD', month::date, 30 from range(date '2023-01-01', date '2026-01-01', interval 1 month) as months(month)`);
    return { directory, warehouse };
}

export interface HandLine {
    id: string;
    /** 'YYYY-MM-DD' */
    day: string;
    type?: 'import' | 'export';
    procedure?: string;
    code: string;
    /** Origin (imports) or destination (exports). */
    partner: string;
    quantity: number;
    unit?: string;
    valueTwd: number;
    massKg?: number;
    trader?: string;
}

/** A declaration with one item line; imports are valued CIF = value and FOB = 0.9 × value, exports FOB = value. */
export async function insertLine(warehouse: Warehouse, line: HandLine): Promise<void> {
    const type = line.type ?? 'import';
    const isImport = type === 'import';
    const procedure = line.procedure ?? (isImport ? 'home_use' : 'export');
    const fob = isImport ? line.valueTwd * 0.9 : line.valueTwd;
    await warehouse.connection.run(`insert into declarations values ('${line.id}', '${type}', '${procedure}', '${line.day} 10:00:00', 'KL01', '1',
        'B1', '${line.trader ?? 'T1'}', null, false, ${isImport ? "'JP'" : 'null'}, ${isImport ? "'TW'" : `'${line.partner}'`}, 'TWD', 1, 'CIF',
        ${line.valueTwd}, ${line.valueTwd}, ${fob}, 'C1', 1)`);
    await warehouse.connection.run(`insert into declaration_items values ('${line.id}', 1, '${line.code}', 'goods', '${isImport ? line.partner : 'TW'}',
        ${line.quantity}, '${line.unit ?? 'u'}', ${line.massKg ?? 1}, ${line.massKg ?? 1}, ${line.valueTwd}, 0, 0, 0, 0, null)`);
}

export const MODEL_VARIABLES = {
    as_of_date: '2025-12-31', target_minutes_c1: 3, target_minutes_c2: 480, target_minutes_c3: 1440, extreme_minutes: 4320,
    trade_system: 'general', unit_value_sd_limit: 4, cif_fob_factor: 1.06,
};
