// Tables in the format the client asks for with Accept: JSON (default), Apache Arrow IPC stream
// (application/vnd.apache.arrow.stream: loads straight into DuckDB, pandas, R) or CSV (text/csv). CSV is made safe
// for spreadsheets: a text cell starting with = + - @ or a tab or carriage return is prefixed with ' so that it is
// shown as text and never run as a formula.
import { Bool, Field, Float64, Int32, List, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { z } from 'zod';
import type { ColumnKind, QueryResult } from './query-result.js';
import { MAX_BULK_PAGE_SIZE, MAX_PAGE_SIZE } from './routes/common-schemas.js';
import type { Snapshot } from './warehouse-snapshots.js';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';
export const CSV = 'text/csv';
const JSON_TYPE = 'application/json';

export type TableFormat = 'json' | 'arrow' | 'csv';

/** The format the Accept header prefers (by q value, then JSON, Arrow, CSV); JSON when none is named. */
export function tableFormat(request: FastifyRequest): TableFormat {
    const header = request.headers.accept;
    if (typeof header !== 'string' || header === '') return 'json';
    const offered: [string, TableFormat][] = [[JSON_TYPE, 'json'], [ARROW_STREAM, 'arrow'], [CSV, 'csv'], ['application/*', 'json'], ['text/*', 'csv'], ['*/*', 'json']];
    let best: { format: TableFormat; q: number } | undefined;
    for (const part of header.split(',')) {
        const [type, ...parameters] = part.trim().toLowerCase().split(';');
        const qParameter = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('q='));
        const q = qParameter === undefined ? 1 : Number(qParameter.slice(2));
        const match = offered.find(([name]) => name === type?.trim());
        if (!match || !(q > 0)) continue;
        if (best === undefined || q > best.q) best = { format: match[1], q };
    }
    return best?.format ?? 'json';
}

/** A page size over the JSON limit is for the bulk formats only. */
export function checkPageSize(request: FastifyRequest, limit: number): void {
    if (limit > MAX_PAGE_SIZE && tableFormat(request) === 'json') {
        throw new ApiError(400, 'invalid_parameter', `A JSON page holds at most ${MAX_PAGE_SIZE} rows. Ask for fewer (limit), or for Arrow (Accept: ${ARROW_STREAM}) or CSV (Accept: ${CSV}), which take up to ${MAX_BULK_PAGE_SIZE}.`);
    }
}

export interface TablePage {
    result: QueryResult;
    /** For cursor-paged routes: the next page's cursor, or null on the last page. */
    nextCursor?: string | null;
}

/** A page made into the bytes of the answer. */
export interface RenderedPage {
    type: string;
    body: Buffer;
    headers: Record<string, string>;
}

/** Pages kept per snapshot are at most this big. */
const MAX_KEPT_PAGE_BYTES = 1_000_000;

/**
 * Answers a table route: the page in the format asked for, made once per snapshot and query (the same parameters
 * in any order) and then sent from memory while it is among the snapshot's recently used answers. JSON is
 * { items, next_cursor } checked against the route's `schema`; Arrow and CSV carry the rows, with the next
 * cursor in the x-next-cursor header. Sent as bytes, so Fastify does not serialize the page again.
 */
export async function sendPage(request: FastifyRequest, reply: FastifyReply, snapshot: Snapshot, schema: z.ZodType, load: () => Promise<TablePage>): Promise<FastifyReply> {
    const format = tableFormat(request);
    const key = JSON.stringify(['page', request.routeOptions.url, format, request.query]);
    const page = await snapshot.remember(key, async () => renderPage(format, await load(), schema), (rendered) => rendered.body.length <= MAX_KEPT_PAGE_BYTES);
    return reply.type(page.type).headers(page.headers).send(page.body);
}

function renderPage(format: TableFormat, page: TablePage, schema: z.ZodType): RenderedPage {
    const headers: Record<string, string> = typeof page.nextCursor === 'string' ? { 'x-next-cursor': page.nextCursor } : {};
    if (format === 'arrow') return { type: ARROW_STREAM, body: Buffer.from(arrowStream(page.result)), headers };
    if (format === 'csv') return { type: `${CSV}; charset=utf-8`, body: Buffer.from(csvText(page.result), 'utf8'), headers };
    const body = page.nextCursor === undefined ? { items: page.result.rows } : { items: page.result.rows, next_cursor: page.nextCursor };
    return { type: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify(z.encode(schema, body))), headers: {} };
}

const LIST_OF_TEXT = () => new List(new Field('item', new Utf8(), true));

function arrowType(kind: ColumnKind): DataType {
    switch (kind) {
        case 'boolean': return new Bool();
        case 'integer': return new Int32();
        case 'number': return new Float64();
        case 'string[]': return LIST_OF_TEXT();
        case 'string': return new Utf8();
    }
}

export function arrowStream(result: QueryResult): Uint8Array {
    const vectors: Record<string, Vector> = {};
    for (const column of result.columns) {
        const values = result.rows.map((row) => row[column.name] ?? null);
        vectors[column.name] = vectorFromArray(column.kind === 'string' ? values.map((value) => value === null ? null : String(value)) : values, arrowType(column.kind));
    }
    return tableToIPC(new Table(vectors), 'stream');
}

function csvCell(value: unknown, kind: ColumnKind): string {
    if (value === null || value === undefined) return '';
    let text = Array.isArray(value) ? value.join('; ') : String(value);
    if ((kind === 'string' || kind === 'string[]') && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvText(result: QueryResult): string {
    const lines = [result.columns.map((column) => csvCell(column.name, 'string')).join(',')];
    for (const row of result.rows) {
        lines.push(result.columns.map((column) => csvCell(row[column.name], column.kind)).join(','));
    }
    return `${lines.join('\r\n')}\r\n`;
}
