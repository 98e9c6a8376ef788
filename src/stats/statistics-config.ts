// The statisticians' configuration files under data/config, loaded into the warehouse before the models run:
// confidentiality.csv (confidential tariff codes and traders) and release-calendar.csv (the advance release calendar).
// The files are the truth: each load replaces the table's rows.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { z } from 'zod';
import { PROJECT_ROOT, queryRows, sqlString } from '../db/warehouse.js';
import { StatConfidentialItem, StatReleaseCalendarEntry } from '../schema/trade-statistics.js';
import { UserError } from '../user-error.js';

export const CONFIG_DIR = join(PROJECT_ROOT, 'data', 'config');

const CONFIG_FILES: { file: string; table: string; schema: z.ZodObject }[] = [
    { file: 'confidentiality.csv', table: 'stat_confidential_items', schema: StatConfidentialItem },
    { file: 'release-calendar.csv', table: 'stat_release_calendar', schema: StatReleaseCalendarEntry },
];

/** Replaces the configuration tables by the files in configDir; a missing file leaves its table empty. */
export async function loadStatisticsConfig(connection: DuckDBConnection, configDir = CONFIG_DIR): Promise<void> {
    for (const { file, table, schema } of CONFIG_FILES) {
        const path = join(configDir, file);
        const columns = Object.keys(schema.shape);
        const rows = existsSync(path)
            ? await queryRows<Record<string, string | null>>(connection,
                `select ${columns.join(', ')} from read_csv(${sqlString(path)}, header = true, all_varchar = true)`)
            : [];
        rows.forEach((row, index) => {
            const parsed = schema.safeParse(row);
            if (!parsed.success) {
                const issue = parsed.error.issues[0]!;
                throw new UserError('bad_config', `${path}, data row ${index + 1}: column ${String(issue.path[0])}: ${issue.message}. Correct the file and run again.`);
            }
        });
        await connection.run(`delete from ${table}`);
        if (rows.length > 0) {
            await connection.run(`insert into ${table} select ${columns.join(', ')} from read_csv(${sqlString(path)}, header = true, all_varchar = true)`);
        }
    }
}
