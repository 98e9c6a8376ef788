// Looks into a warehouse file for tests (read-only), and changes made to one on purpose.
import { openWarehouse, queryRows } from '../../src/db/warehouse.js';

export async function query<T = Record<string, unknown>>(warehouse: string, sql: string): Promise<T[]> {
    const opened = await openWarehouse(warehouse, { readOnly: true });
    try {
        return await queryRows<T>(opened.connection, sql);
    } finally {
        opened.close();
    }
}

/** Runs a statement that changes the warehouse (a test setting up a case). */
export async function execute(warehouse: string, sql: string): Promise<void> {
    const opened = await openWarehouse(warehouse);
    try {
        await opened.connection.run(sql);
    } finally {
        opened.close();
    }
}

export async function count(warehouse: string, table: string): Promise<number> {
    const rows = await query<{ n: string }>(warehouse, `select count(*) as n from ${table}`);
    return Number(rows[0]!.n);
}

export interface QuarantineRow {
    source_path: string;
    target_table: string;
    line_number: number;
    column_name: string | null;
    rule: string;
    message: string;
    raw_text: string | null;
}

export async function quarantine(warehouse: string): Promise<QuarantineRow[]> {
    return query<QuarantineRow>(warehouse,
        'select source_path, target_table, line_number, column_name, rule, message, raw_text from quarantined_rows order by target_table, source_path, line_number');
}
