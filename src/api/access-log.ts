// The access log: every auditor read of a trader's or a declaration's file, appended as one JSON line (time, token
// name, route, ids, purpose, answer status). The warehouse is read-only for the server, so the log is a file of its
// own, opened for appending only; no route changes or deletes a line, and admins can list it.
import { appendFile, readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ApiError } from './api-error.js';

export const accessLogEntrySchema = z.object({
    at: z.string().describe('time of the read, ISO 8601 UTC'),
    token_name: z.string(),
    role: z.string(),
    method: z.string(),
    route: z.string().describe('the route pattern, e.g. /api/v1/audit/traders/:id'),
    trader_id: z.string().nullable(),
    declaration_id: z.string().nullable(),
    purpose: z.string(),
    status: z.number().int().describe('the HTTP status answered'),
    snapshot_id: z.string(),
});
export type AccessLogEntry = z.infer<typeof accessLogEntrySchema>;

export class AccessLog {
    /** Appends are chained so lines never interleave and stay in the order they were made. */
    private pending: Promise<void> = Promise.resolve();

    constructor(readonly file: string) {
        mkdirSync(dirname(file), { recursive: true });
    }

    append(entry: AccessLogEntry): Promise<void> {
        const line = `${JSON.stringify(accessLogEntrySchema.parse(entry))}\n`;
        const written = this.pending.then(() => appendFile(this.file, line, { flag: 'a', mode: 0o600 }));
        this.pending = written.catch(() => undefined);
        return written.catch((error: Error) => {
            throw new ApiError(503, 'access_log_unavailable', `The access log ${this.file} could not be written (${error.message}); reads of traders and declarations are refused until it can. Ask an administrator to check the file.`);
        });
    }

    /** The entries, newest first. */
    async list(filter: { tokenName?: string; traderId?: string; declarationId?: string; limit: number }): Promise<AccessLogEntry[]> {
        let text: string;
        try {
            text = await readFile(this.file, 'utf8');
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
            throw error;
        }
        const entries: AccessLogEntry[] = [];
        for (const line of text.split('\n').reverse()) {
            if (line === '') continue;
            const entry = accessLogEntrySchema.parse(JSON.parse(line));
            if (filter.tokenName !== undefined && entry.token_name !== filter.tokenName) continue;
            if (filter.traderId !== undefined && entry.trader_id !== filter.traderId) continue;
            if (filter.declarationId !== undefined && entry.declaration_id !== filter.declarationId) continue;
            entries.push(entry);
            if (entries.length === filter.limit) break;
        }
        return entries;
    }
}
