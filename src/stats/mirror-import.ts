// Importing a partner country's reported trade with us (mirror data) from a CSV file with the columns
// partner, flow, hs, period, value: the reporting partner (ISO 3166 alpha-2), its flow (M its imports from us, X its
// exports to us), the HS code (2, 4 or 6 digits), the month (YYYY-MM) and the value in US dollars as the partner
// reported it (its imports CIF, its exports FOB). A figure already held for the same partner, flow, code and month is
// replaced: partners revise too.
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlString } from '../db/warehouse.js';
import { MirrorTrade } from '../schema/trade-statistics.js';
import { UserError } from '../user-error.js';

const COLUMNS = ['partner', 'flow', 'hs', 'period', 'value'] as const;
/** The file's column for each column of mirror_trade, for messages. */
const FILE_COLUMN: Record<string, string> = { reporter_code: 'partner', flow_code: 'flow', hs_code: 'hs', month_date: 'period', value_usd: 'value' };

export async function importMirrorTrade(connection: DuckDBConnection, path: string): Promise<number> {
    let rows: Record<(typeof COLUMNS)[number], string | null>[];
    try {
        rows = await queryRows(connection, `select ${COLUMNS.join(', ')} from read_csv(${sqlString(path)}, header = true, all_varchar = true)`);
    } catch (error) {
        throw new UserError('bad_mirror_file', `Could not read ${path} as CSV with the columns ${COLUMNS.join(', ')}: ${(error as Error).message.split('\n')[0]}`);
    }
    const records = rows.map((row, index) => {
        const parsed = MirrorTrade.safeParse({
            reporter_code: row.partner,
            flow_code: row.flow,
            hs_code: row.hs,
            month_date: /^\d{4}-\d{2}$/.test(row.period ?? '') ? `${row.period}-01` : row.period,
            value_usd: row.value === null || row.value.trim() === '' ? Number.NaN : Number(row.value),
        });
        if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            throw new UserError('bad_mirror_row', `${path}, data row ${index + 1}: column ${FILE_COLUMN[String(issue.path[0])]}: ${issue.message}. Expected partner (2 letters), flow (M or X), hs (2, 4 or 6 digits), period (YYYY-MM), value (US dollars, not negative).`);
        }
        return parsed.data;
    });
    await connection.run('begin transaction');
    try {
        for (let start = 0; start < records.length; start += 1000) {
            const values = records.slice(start, start + 1000).map((record) =>
                `(${sqlString(record.reporter_code)}, ${sqlString(record.flow_code)}, ${sqlString(record.hs_code)}, ${sqlString(record.month_date)}::date, ${record.value_usd})`).join(', ');
            await connection.run(`delete from mirror_trade where (reporter_code, flow_code, hs_code, month_date) in (select (reporter_code, flow_code, hs_code, month_date) from (values ${values}) as incoming (reporter_code, flow_code, hs_code, month_date, value_usd))`);
            await connection.run(`insert into mirror_trade values ${values}`);
        }
        await connection.run('commit');
    } catch (error) {
        await connection.run('rollback');
        throw error;
    }
    return records.length;
}
