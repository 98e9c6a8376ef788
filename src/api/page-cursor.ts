// Cursor pagination: a cursor names the sort order and the sort key of the last row of a page, so the next page
// starts after it (keyset pagination: no OFFSET, stable while the snapshot is the same). It is opaque to clients:
// base64url of a small JSON array.
import { z } from 'zod';
import { ApiError } from './api-error.js';

const keySchema = z.array(z.union([z.string().max(200), z.number().finite()])).min(1).max(4);

export function encodeCursor(sort: string, key: (string | number)[]): string {
    return Buffer.from(JSON.stringify([sort, ...key])).toString('base64url');
}

/** The key a cursor holds, checked against the sort it must have been made for. */
export function decodeCursor(cursor: string, sort: string, keyLength: number): (string | number)[] {
    let decoded: unknown;
    try {
        decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
        decoded = undefined;
    }
    const parsed = keySchema.safeParse(decoded);
    if (!parsed.success || parsed.data[0] !== sort || parsed.data.length !== keyLength + 1) {
        throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this route gave for this sort order. Pass the next_cursor of the previous page unchanged, with the same sort, or leave it out for the first page.');
    }
    return parsed.data.slice(1);
}
