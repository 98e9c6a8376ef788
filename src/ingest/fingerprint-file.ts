// SHA-256 and size of a file, read as a stream so that large files need little memory.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function fingerprintFile(path: string): Promise<{ sha256: string; sizeBytes: number }> {
    const hash = createHash('sha256');
    let sizeBytes = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) {
        hash.update(chunk as Buffer);
        sizeBytes += (chunk as Buffer).length;
    }
    return { sha256: hash.digest('hex'), sizeBytes };
}
