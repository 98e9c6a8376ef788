// SHA-256 and size of files, read in pieces so that large files need little memory. The files are hashed by as many
// worker threads as the machine has cores: hashing runs on the thread that calls it, and a batch of a year of
// declarations is gigabytes.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface Fingerprint {
    sha256: string;
    sizeBytes: number;
}

/** The worker: hashes each path it is sent, in 4 MiB pieces, and sends back the result (or the error's message). */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(4 << 20);
parentPort.on('message', (path) => {
    try {
        const hash = createHash('sha256');
        const fd = openSync(path, 'r');
        let sizeBytes = 0;
        try {
            for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
                hash.update(buffer.subarray(0, read));
                sizeBytes += read;
            }
        } finally {
            closeSync(fd);
        }
        parentPort.postMessage({ ok: { sha256: hash.digest('hex'), sizeBytes } });
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
