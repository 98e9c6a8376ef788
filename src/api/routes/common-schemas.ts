// Schemas every route folder uses: query parameters (strings on the wire, checked strictly) and the error body.
import { z } from 'zod';

export const errorSchema = z.object({
    code: z.string().describe('stable error code, e.g. invalid_parameter, unauthenticated, forbidden, not_found, table_missing'),
    message: z.string().describe('what was wrong and what to do'),
    issues: z.array(z.object({ parameter: z.string(), message: z.string() })).optional(),
});

/** The error answers a route behind a token can give. */
export const errorResponses = {
    400: errorSchema.describe('a parameter is malformed'),
    401: errorSchema.describe('no valid bearer token'),
    403: errorSchema.describe('the token\'s role may not use this route'),
    429: errorSchema.describe('too many requests'),
    503: errorSchema.describe('the warehouse cannot answer now (a table is missing or the query took too long)'),
};

export const MAX_PAGE_SIZE = 1000;

export const pageSize = z.string().regex(/^\d{1,4}$/, 'expected a whole number').transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE)).optional().describe(`rows per page, 1 to ${MAX_PAGE_SIZE}`);

export const MAX_BULK_PAGE_SIZE = 100_000;

/** Routes that also answer Arrow and CSV take bigger pages in those formats (see response-format.ts). */
export const bulkPageSize = z.string().regex(/^\d{1,6}$/, 'expected a whole number').transform(Number)
    .pipe(z.number().int().min(1).max(MAX_BULK_PAGE_SIZE)).optional()
    .describe(`rows per page: up to ${MAX_PAGE_SIZE} in JSON, up to ${MAX_BULK_PAGE_SIZE} in Arrow or CSV`);

export const cursor = z.string().max(500).regex(/^[A-Za-z0-9_-]+$/, 'expected the next_cursor of a previous page')
    .optional().describe('next_cursor of the previous page');

export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month written YYYY-MM');

/** A month as the first day of it, the way the marts store months. */
export const monthDate = month.transform((value) => `${value}-01`);

export const identifier = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'expected an id of letters, digits, _ or - (at most 40)');

export const decimal = z.string().regex(/^-?\d{1,15}(\.\d{1,10})?$/, 'expected a number such as 0.5').transform(Number);

export const lane = z.enum(['C1', 'C2', 'C3']);

export const booleanText = z.enum(['true', 'false']).transform((value) => value === 'true');
