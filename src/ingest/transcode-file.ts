// Legacy encodings (Big5, Taiwan's pre-Unicode standard) are converted to UTF-8 before DuckDB reads a file.
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { UserError } from '../user-error.js';

export const ENCODINGS = ['utf-8', 'big5'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export function parseEncoding(value: string): Encoding {
    const normal = value.toLowerCase().replace(/^utf8$/, 'utf-8');
    if (!(ENCODINGS as readonly string[]).includes(normal)) {
        throw new UserError('unknown_encoding', `Unknown encoding "${value}". Use one of: ${ENCODINGS.join(', ')}.`);
    }
    return normal as Encoding;
}

/** Writes a UTF-8 copy of a Big5 file to `target`. */
export async function transcodeToUtf8(source: string, target: string, encoding: Encoding): Promise<void> {
    await pipeline(createReadStream(source), iconv.decodeStream(encoding), iconv.encodeStream('utf-8'), createWriteStream(target));
}
