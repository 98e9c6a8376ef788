// Cursor pagination: a cursor names the sort order and the sort key of the last row of a page, so the next page
// starts after it (keyset pagination: no OFFSET, stable while the snapshot is the same). It is opaque to clients:
// base64url of a small JSON array, checked against the key's schema before any value reaches a query.
import { z } from 'zod';
import { ApiError } from './api-error.js';

export type CursorKey = (string | number)[];

export function encodeCursor(sort: string, key: CursorKey): string {
    return Buffer.from(JSON.stringify([sort, ...key])).toString('base64url');
}

/** The key a cursor holds, checked against the sort it must have been made for and the types of its values. */
export function decodeCursor<Key extends CursorKey>(cursor: string, sort: string, keySchema: z.ZodType<Key>): Key {
    let decoded: unknown;
    try {
        decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
        decoded = undefined;
    }
    const key = Array.isArray(decoded) && decoded[0] === sort ? keySchema.safeParse(decoded.slice(1)) : undefined;
    if (!key?.success) {
        throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this route gave for this sort order. Pass the next_cursor of the previous page unchanged, with the same sort, or leave it out for the first page.');
    }
    return key.data;
}

export const rankKey = z.tuple([z.number().int().min(-2_147_483_648).max(2_147_483_647)]);
