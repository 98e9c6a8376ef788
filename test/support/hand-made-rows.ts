// Inserting hand-made warehouse rows for SQL model tests: only the columns a test cares about, the rest fixed.
import type { DuckDBConnection } from '@duckdb/node-api';

export async function insertDeclaration(connection: DuckDBConnection, row: {
    id: string; lane: string; lodgement: string; mode?: string; office?: string; isAeo?: boolean; chapter?: string;
}): Promise<void> {
    await connection.run(`insert into declarations values ('${row.id}', 'import', 'home_use', '${row.lodgement}', '${row.office ?? 'KL01'}',
        '${row.mode ?? '1'}', 'B1', 'T1', null, ${row.isAeo ?? false}, 'JP', 'TW', 'USD', 31.0, 'CIF', 100, 3100, 3000, '${row.lane}', 1)`);
    if (row.chapter) {
        await connection.run(`insert into declaration_items values ('${row.id}', 1, '${row.chapter}000000000', 'goods', 'JP', 1, 'u', 1, 1, 3100, 0, 0, 155, 0, null)`);
    }
}

/** Events as [event_type, 'YYYY-MM-DD HH:MM:SS'] pairs. */
export async function insertEvents(connection: DuckDBConnection, id: string, events: [string, string][]): Promise<void> {
    for (const [type, at] of events) await connection.run(`insert into clearance_events values ('${id}', '${type}', '${at}')`);
}
