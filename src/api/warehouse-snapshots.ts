// The published warehouse as the server reads it: one read-only DuckDB instance per snapshot of the file.
//
// A pipeline publishes a new snapshot by writing a complete copy beside the served path and renaming it over the
// path (src/db/publish-snapshot.ts), so the path always names a whole file. The server polls the path; when its
// inode, size or modification time changes, it opens the new file read-only and sends new requests there. Requests
// in flight hold a reference to the snapshot they started on; the old instance is closed when the last of them
// finishes (on Linux the renamed-over file stays readable while it is open).
import { stat } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { UserError } from '../user-error.js';
import { ApiError } from './api-error.js';
import { readResult, type QueryResult } from './query-result.js';
import { memoryLimit } from '../db/warehouse.js';

export interface SnapshotOptions {
    /** How often to look for a new snapshot, in milliseconds. */
    pollMs?: number;
    /** Connections per snapshot: how many queries run at once. */
    connections?: number;
    /** A query running longer than this is interrupted and answered with 503. */
    queryTimeoutMs?: number;
    /** DuckDB memory_limit per snapshot; default CUSTOMS_MEMORY_LIMIT, else 3GB, as for every warehouse opened. */
    memoryLimit?: string;
    onSwap?: (snapshot: SnapshotInfo) => void;
    onError?: (error: Error) => void;
}

export interface SnapshotInfo {
    /** Identifies the file: inode, size and modification time. */
    id: string;
    openedAt: string;
    tables: string[];
}

/** Answers kept per snapshot: a snapshot never changes, so a repeated query is answered from memory. */
const CACHE_ENTRIES = 512;
const CACHE_MAX_ROWS = 5_000;

/** A value bound to a query parameter. */
export type Parameter = string | number | boolean;

interface PooledConnection {
    connection: DuckDBConnection;
    statements: Map<string, DuckDBPreparedStatement>;
}

/** One opened file. Reads go through `query`; `release` ends the reader's hold on it. */
export class Snapshot {
    readonly info: SnapshotInfo;
    private references = 0;
    private retired = false;
    private closed = false;
    private readonly idle: PooledConnection[];
    private readonly waiting: ((connection: PooledConnection) => void)[] = [];
    /** Least recently used first (a Map keeps insertion order; a hit is moved to the end). */
    private readonly answers = new Map<string, Promise<unknown>>();

    constructor(private readonly instance: DuckDBInstance, connections: DuckDBConnection[], info: SnapshotInfo, private readonly queryTimeoutMs: number) {
        this.info = info;
        this.idle = connections.map((connection) => ({ connection, statements: new Map() }));
    }

    hasTable(name: string): boolean {
        return this.info.tables.includes(name);
    }

    /**
     * Runs one statement with its parameters bound (never spliced into the SQL). Answers of up to 5,000 rows are
     * kept for the life of the snapshot; callers must not change what they get.
     */
    query(sql: string, values: Parameter[] = []): Promise<QueryResult> {
        return this.remember(JSON.stringify(['query', sql, values]), () => this.run(sql, values), (result) => result.rows.length <= CACHE_MAX_ROWS);
    }

    /**
     * What `compute` gives for `key`, computed once per snapshot while among the 512 most recently used and
     * `keep` accepts it: a snapshot never changes, so neither does an answer made from it.
     */
    remember<T>(key: string, compute: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
        const cached = this.answers.get(key) as Promise<T> | undefined;
        if (cached) {
            this.answers.delete(key);
            this.answers.set(key, cached);
            return cached;
        }
        const answer = compute();
        this.answers.set(key, answer);
        if (this.answers.size > CACHE_ENTRIES) this.answers.delete(this.answers.keys().next().value!);
        answer.then((value) => {
            if (!keep(value)) this.answers.delete(key);
        }, () => this.answers.delete(key));
        return answer;
    }

    private async run(sql: string, values: Parameter[]): Promise<QueryResult> {
        const pooled = await this.takeConnection();
        const timer = setTimeout(() => pooled.connection.interrupt(), this.queryTimeoutMs);
        try {
            let statement = pooled.statements.get(sql);
            if (!statement) {
                statement = await pooled.connection.prepare(sql);
                pooled.statements.set(sql, statement);
            }
            statement.clearBindings();
            if (values.length > 0) statement.bind(values);
            return readResult(await statement.runAndReadAll());
        } catch (error) {
            if (/interrupt/i.test(String((error as Error).message))) {
                throw new ApiError(503, 'query_timeout', `The query took longer than ${this.queryTimeoutMs} ms and was stopped. Narrow it with filters or a smaller page, then retry.`);
            }
            throw error;
        } finally {
            clearTimeout(timer);
            this.giveBack(pooled);
        }
    }

    private takeConnection(): Promise<PooledConnection> {
        const pooled = this.idle.pop();
        if (pooled) return Promise.resolve(pooled);
        return new Promise((resolve) => this.waiting.push(resolve));
    }

    private giveBack(pooled: PooledConnection): void {
        const next = this.waiting.shift();
        if (next) next(pooled);
        else this.idle.push(pooled);
    }

    acquire(): void {
        this.references += 1;
    }

    release(): void {
        this.references -= 1;
        if (this.retired && this.references === 0) this.close();
    }

    /** No new readers: close now if nobody reads, else when the last reader releases. */
    retire(): void {
        this.retired = true;
        if (this.references === 0) this.close();
    }

    get isClosed(): boolean {
        return this.closed;
    }

    private close(): void {
        if (this.closed) return;
        this.closed = true;
        for (const pooled of this.idle) {
            for (const statement of pooled.statements.values()) statement.destroySync();
            pooled.connection.closeSync();
        }
        this.instance.closeSync();
    }
}

async function fileId(path: string): Promise<string> {
    const stats = await stat(path, { bigint: true });
    return `${stats.ino}-${stats.size}-${stats.mtimeNs}`;
}

async function openSnapshot(path: string, id: string, options: Required<Pick<SnapshotOptions, 'connections' | 'queryTimeoutMs'>> & SnapshotOptions): Promise<Snapshot> {
    const config: Record<string, string> = { access_mode: 'READ_ONLY' };
    config.memory_limit = memoryLimit(options.memoryLimit);
    const instance = await DuckDBInstance.create(path, config);
    const connections: DuckDBConnection[] = [];
    for (let index = 0; index < options.connections; index += 1) connections.push(await instance.connect());
    const tableReader = await connections[0]!.runAndReadAll("select table_name from information_schema.tables where table_schema = 'main' order by table_name");
    const tables = tableReader.getRowObjectsJson().map((row) => String(row.table_name));
    return new Snapshot(instance, connections, { id, openedAt: new Date().toISOString(), tables }, options.queryTimeoutMs);
}

/** The snapshots of one served path: the current one, and older ones until their last reader finishes. */
export class WarehouseSnapshots {
    private timer: NodeJS.Timeout | undefined;
    private checking: Promise<void> | undefined;

    private constructor(readonly path: string, private current: Snapshot, private readonly options: Required<Pick<SnapshotOptions, 'connections' | 'queryTimeoutMs' | 'pollMs'>> & SnapshotOptions) {}

    static async open(path: string, options: SnapshotOptions = {}): Promise<WarehouseSnapshots> {
        const settings = { connections: 4, queryTimeoutMs: 10_000, pollMs: 1_000, ...options };
        let id: string;
        try {
            id = await fileId(path);
        } catch {
            throw new UserError('warehouse_missing', `There is no warehouse at ${path}. Publish one there (customs snapshot --warehouse FILE --to ${path}) or point --warehouse at an existing file.`);
        }
        const snapshots = new WarehouseSnapshots(path, await openSnapshot(path, id, settings), settings);
        snapshots.timer = setInterval(() => void snapshots.checkForNewSnapshot(), settings.pollMs);
        snapshots.timer.unref();
        return snapshots;
    }

    get info(): SnapshotInfo {
        return this.current.info;
    }

    /** Runs `read` on the current snapshot, which stays open until `read` settles even if a newer one arrives. */
    async read<T>(read: (snapshot: Snapshot) => Promise<T>): Promise<T> {
        const snapshot = this.current;
        snapshot.acquire();
        try {
            return await read(snapshot);
        } finally {
            snapshot.release();
        }
    }

    /** Opens the file at the path if it is not the one being served. Polling calls this; so can a caller that knows. */
    checkForNewSnapshot(): Promise<void> {
        this.checking ??= this.swapIfChanged().finally(() => {
            this.checking = undefined;
        });
        return this.checking;
    }

    private async swapIfChanged(): Promise<void> {
        try {
            const id = await fileId(this.path);
            if (id === this.current.info.id || this.timer === undefined) return;
            const next = await openSnapshot(this.path, id, this.options);
            if (this.timer === undefined) {
                next.retire();
                return;
            }
            const previous = this.current;
            this.current = next;
            previous.retire();
            this.options.onSwap?.(next.info);
        } catch (error) {
            // A missing or unreadable file keeps the current snapshot in service; the next poll tries again.
            this.options.onError?.(error as Error);
        }
    }

    async close(): Promise<void> {
        clearInterval(this.timer);
        this.timer = undefined;
        await this.checking;
        this.current.retire();
    }
}
