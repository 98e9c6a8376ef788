// SHA-256, size and line count of files, read in pieces so that large files need little memory. The files are
// hashed by as many worker threads as the machine has cores: hashing runs on the thread that calls it, and a batch of
// a year of declarations is gigabytes.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface Fingerprint extends FileLines {
    sha256: string;
    sizeBytes: number;
}

/** What the fingerprint finds out about a file's lines, for reading it (read-source.ts). */
export interface FileLines {
    /** Physical lines: line feeds, plus one for a last line without one. */
    lineCount: number;
    /**
     * Whether the file is CSV that DuckDB's own reader splits exactly as the line-by-line reader would
     * (read-source.ts): no carriage return, no 0x1F byte, and every quote either opens a field (after a comma or at a
     * line's start) or closes one (before a comma or a line's end), with no doubled quote and no line break inside.
     */
    simpleCsv: boolean;
    /** The text before the first line feed (at most 64 KiB), for the header. */
    firstLine: string;
    /** Bytes of the longest line, its line feed left out: what DuckDB's CSV reader must take as one line. */
    longestLineBytes: number;
}

/**
 * The worker: hashes each path it is sent, in 4 MiB pieces, counts its lines and tells whether it is simple CSV (see
 * Fingerprint), and sends back the result (or the error's message). It looks only at the bytes that matter with
 * indexOf, so the scan costs a fraction of the hash.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(4 << 20);
const COMMA = 44, LINE_FEED = 10, QUOTE = 34;
parentPort.on('message', (path) => {
    try {
        const hash = createHash('sha256');
        const fd = openSync(path, 'r');
        let sizeBytes = 0, lineFeeds = 0, lastByte = LINE_FEED, simple = true, inQuote = false, closeAtEnd = false;
        // lineStart: where the current line starts, counted from the file's first byte
        let lineStart = 0, longestLine = 0;
        let firstLine = null;
        try {
            for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
                const chunk = buffer.subarray(0, read);
                hash.update(chunk);
                if (firstLine === null) {
                    const end = chunk.indexOf(LINE_FEED);
                    firstLine = chunk.subarray(0, Math.min(end < 0 ? read : end, 65536)).toString('utf8');
                }
                for (let at = chunk.indexOf(LINE_FEED); at >= 0; at = chunk.indexOf(LINE_FEED, at + 1)) {
                    lineFeeds++;
                    longestLine = Math.max(longestLine, sizeBytes + at - lineStart);
                    lineStart = sizeBytes + at + 1;
                }
                if (simple && (chunk.indexOf(13) >= 0 || chunk.indexOf(31) >= 0)) simple = false;
                if (simple && closeAtEnd && chunk[0] !== COMMA && chunk[0] !== LINE_FEED) simple = false;
                closeAtEnd = false;
                let open = 0;
                for (let at = chunk.indexOf(QUOTE); simple && at >= 0; at = chunk.indexOf(QUOTE, at + 1)) {
                    if (!inQuote) {
                        const before = at > 0 ? chunk[at - 1] : lastByte;
                        if (before !== COMMA && before !== LINE_FEED) simple = false;
                        inQuote = true;
                        open = at;
                    } else {
                        const lineFeed = chunk.indexOf(LINE_FEED, open);
                        if (lineFeed >= 0 && lineFeed < at) simple = false;
                        if (at + 1 < read) {
                            if (chunk[at + 1] !== COMMA && chunk[at + 1] !== LINE_FEED) simple = false;
                        } else {
                            closeAtEnd = true;
                        }
                        inQuote = false;
                    }
                }
                if (simple && inQuote && chunk.indexOf(LINE_FEED, open) >= 0) simple = false;
                lastByte = chunk[read - 1];
                sizeBytes += read;
            }
        } finally {
            closeSync(fd);
        }
        if (inQuote) simple = false;
        const lineCount = lineFeeds + (sizeBytes > 0 && lastByte !== LINE_FEED ? 1 : 0);
        const longestLineBytes = Math.max(longestLine, sizeBytes - lineStart);
        parentPort.postMessage({ ok: { sha256: hash.digest('hex'), sizeBytes, lineCount, simpleCsv: simple, firstLine: firstLine ?? '', longestLineBytes } });
    } catch (error) {
        parentPort.postMessage({ error: error.message });
    }
});`;

/** Fingerprints of the given files, in their order. */
export async function fingerprintFiles(paths: string[]): Promise<Fingerprint[]> {
    const results: Fingerprint[] = new Array(paths.length);
    const workers = Array.from({ length: Math.min(availableParallelism(), paths.length) }, () => new Worker(WORKER_SOURCE, { eval: true }));
    let next = 0;
    try {
        await Promise.all(workers.map(async (worker) => {
            while (next < paths.length) {
                const index = next++;
                const reply = await new Promise<{ ok?: Fingerprint; error?: string }>((resolve, reject) => {
                    worker.once('message', resolve);
                    worker.once('error', reject);
                    worker.postMessage(paths[index]);
                });
                worker.removeAllListeners('error');
                if (reply.error !== undefined) throw new Error(`could not read ${paths[index]}: ${reply.error}`);
                results[index] = reply.ok!;
            }
        }));
    } finally {
        await Promise.all(workers.map((worker) => worker.terminate()));
    }
    return results;
}
