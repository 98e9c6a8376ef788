// Publishing a warehouse snapshot for the API: the pipelines keep writing their own warehouse file, and the server
// reads a copy. The copy is written beside the served path and renamed over it, so a reader of the path sees the
// old file or the new one, never a half-written one; a running server notices the new file and swaps to it.
import { closeSync, constants, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../user-error.js';
import { openWarehouse } from './warehouse.js';

export interface PublishedSnapshot {
    from: string;
    to: string;
    sizeBytes: number;
}

export async function publishSnapshot(options: { warehouse: string; to: string }): Promise<PublishedSnapshot> {
    const from = resolve(options.warehouse);
    const to = resolve(options.to);
    if (from === to) {
        throw new UserError('snapshot_same_file', `The snapshot path ${to} is the warehouse itself. Publish to another file (the server reads the copy; pipelines keep writing the warehouse).`);
    }
    if (!existsSync(from)) {
        throw new UserError('warehouse_missing', `There is no warehouse at ${from}. Create one with: customs ingest --warehouse ${from} PATH…`);
    }
    // A checkpoint folds the write-ahead log into the file, so the file alone holds everything committed. Opening
    // for writing also makes sure no pipeline is writing while the copy is taken.
    const warehouse = await openWarehouse(from);
    try {
        await warehouse.connection.run('checkpoint');
    } finally {
        warehouse.close();
    }
    mkdirSync(dirname(to), { recursive: true });
    const temporary = join(dirname(to), `.${basename(to)}.${process.pid}.${Date.now()}.partial`);
    try {
        copyFileSync(from, temporary, constants.COPYFILE_FICLONE);
        const descriptor = openSync(temporary, 'r+');
        try {
            fsyncSync(descriptor);
        } finally {
            closeSync(descriptor);
        }
        renameSync(temporary, to);
    } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
    }
    return { from, to, sizeBytes: statSync(to).size };
}
