// The database plugin: the served warehouse, read-only, with snapshot swaps (warehouse-snapshots.ts). Routes read
// through `app.readWarehouse`, which keeps the snapshot open for the whole request and names it in a response
// header, x-warehouse-snapshot.
import type { FastifyReply } from 'fastify';
import { ApiError } from '../api-error.js';
import { WarehouseSnapshots, type Snapshot, type SnapshotOptions } from '../warehouse-snapshots.js';
import { namedPlugin } from './named-plugin.js';

declare module 'fastify' {
    interface FastifyInstance {
        snapshots: WarehouseSnapshots;
        readWarehouse<T>(reply: FastifyReply, read: (snapshot: Snapshot) => Promise<T>): Promise<T>;
    }
}

export interface DatabaseOptions extends Record<string, unknown> {
    warehouse: string;
    snapshot?: SnapshotOptions;
}

/** Answers 503 when a table the route reads is not in the served snapshot (its models have not run). */
export function requireTables(snapshot: Snapshot, ...tables: string[]): void {
    const missing = tables.filter((table) => !snapshot.hasTable(table));
    if (missing.length > 0) {
        throw new ApiError(503, 'table_missing', `The served warehouse has no table ${missing.join(', ')}. Run the models that make it (customs run) and publish a new snapshot; the server picks it up without a restart.`);
    }
}

export const databasePlugin = namedPlugin<DatabaseOptions>('database', [], async (app, options) => {
    const snapshots = await WarehouseSnapshots.open(options.warehouse, {
        onSwap: (info) => app.log.info({ snapshot: info.id }, 'serving a new warehouse snapshot'),
        onError: (error) => app.log.warn({ err: error }, 'could not open the new warehouse snapshot; still serving the previous one'),
        ...options.snapshot,
    });
    app.decorate('snapshots', snapshots);
    app.decorate('readWarehouse', function readWarehouse<T>(reply: FastifyReply, read: (snapshot: Snapshot) => Promise<T>): Promise<T> {
        return snapshots.read((snapshot) => {
            reply.header('x-warehouse-snapshot', snapshot.info.id);
            return read(snapshot);
        });
    });
    app.addHook('onClose', () => snapshots.close());
});
