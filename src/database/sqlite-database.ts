import { Logger } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Database, DatabaseStats, ReadContext, ReadOptions, WriteContext } from './database';
import { sql } from './sql';
import { SqliteConnection } from './sqlite-connection';

/** Group-commit bounds: at most this many units, open at most this long, per transaction. */
export const MAX_BATCH = 64;
export const MAX_BATCH_MS = 10;

const BEGIN = sql('BEGIN IMMEDIATE');
const COMMIT = sql('COMMIT');
const ROLLBACK = sql('ROLLBACK');
/** One savepoint name per unit of a batch: they nest, so each unit can be rolled back alone. */
const SAVEPOINTS = Array.from({ length: MAX_BATCH }, (_, i) => sql(`SAVEPOINT unit${i}`));
const ROLLBACK_TO = Array.from({ length: MAX_BATCH }, (_, i) => sql(`ROLLBACK TO unit${i}`));
const BEGIN_READ = sql('BEGIN');
const END_READ = sql('COMMIT');
const PING = sql('SELECT 1 AS ok');

interface Pending {
  work: (ctx: WriteContext) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Done {
  pending: Pending;
  result: unknown;
  hooks: (() => void)[];
}

/** A fixed set of connections handed out one unit of work at a time. */
class Pool {
  private readonly idle: SqliteConnection[];
  private readonly waiting: ((connection: SqliteConnection) => void)[] = [];

  constructor(readonly connections: SqliteConnection[]) {
    this.idle = [...connections];
  }

  async use<T>(work: (connection: SqliteConnection) => Promise<T>): Promise<T> {
    const connection =
      this.idle.pop() ?? (await new Promise<SqliteConnection>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }
}

interface FileIdentity {
  path: string;
  dev: number;
  ino: number;
}

/** The file's device and inode; null when there is no such file (or an in-memory database). */
async function fileIdentity(path: string): Promise<FileIdentity | null> {
  try {
    const { dev, ino } = await stat(path);
    return { path, dev, ino };
  } catch {
    return null;
  }
}

export interface SqliteDatabaseOptions {
  /** Connections for short reads (pages, API) and for long ones (reports, exports, verify). */
  readers?: number;
  longReaders?: number;
}

/**
 * SQLite in WAL mode: one writer connection with group commit, and read-only connections that
 * see only committed data and never wait for the writer (see {@link Database}).
 */
export class SqliteDatabase extends Database {
  readonly dialect = 'sqlite' as const;
  private readonly logger = new Logger('Database');
  private readonly queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private closed = false;
  private readonly batchSizes: number[] = [];

  private constructor(
    private readonly writer: SqliteConnection,
    private readonly readers: Pool,
    private readonly longReaders: Pool,
    private readonly file: FileIdentity | null,
  ) {
    super();
  }

  /**
   * `writer` is the application's one read-write connection (opened with the product's pragmas);
   * readers are opened here on the same file.
   */
  static async open(writer: SqliteConnection, path: string, options: SqliteDatabaseOptions = {}): Promise<SqliteDatabase> {
    const open = (n: number) => Promise.all(Array.from({ length: n }, () => SqliteConnection.openReader(path)));
    const [readers, longReaders] = await Promise.all([open(options.readers ?? 4), open(options.longReaders ?? 2)]);
    writer.serialize();
    return new SqliteDatabase(writer, new Pool(readers), new Pool(longReaders), await fileIdentity(path));
  }

  write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The database is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.startDraining();
    });
  }

  /**
   * Starts the writer unless it runs. A caller answered by the last batch may queue its next
   * unit after the drain loop saw an empty queue but before the drain settled (its `finally`
   * comes a microtask later): the restart in `finally` picks that unit up, so no unit waits
   * for some later write to come along.
   */
  private startDraining(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length > 0) this.startDraining();
    });
  }

  read<T>(work: (ctx: ReadContext) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const pool = options.long ? this.longReaders : this.readers;
    return pool.use(async (connection) => {
      if (options.transaction === false) return work({ sql: connection });
      await connection.run(BEGIN_READ);
      try {
        return await work({ sql: connection });
      } finally {
        await connection.run(END_READ);
      }
    });
  }

  /**
   * The connections answer, and the file at the configured path is still the one they have open:
   * a file moved, deleted or replaced underneath (a volume unmounted, a careless restore) leaves
   * open connections working on a file the next start will not find, so that is a failure too.
   */
  async ping(): Promise<void> {
    await this.readers.use((connection) => connection.get(PING));
    if (this.file === null) return;
    const now = await fileIdentity(this.file.path);
    if (now === null || now.dev !== this.file.dev || now.ino !== this.file.ino) {
      throw new Error('The database file is no longer at its configured path');
    }
  }

  stats(): DatabaseStats {
    return { batchSizes: this.batchSizes.splice(0) };
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.draining) await this.draining;
    await Promise.all([...this.readers.connections, ...this.longReaders.connections].map((c) => c.close()));
    // The writer is TypeORM's connection, which TypeORM closes; its statements are ours.
    await this.writer.finalize();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) await this.batch();
  }

  /**
   * One transaction over the units queued now and those that arrive while it runs, up to
   * MAX_BATCH units; arrivals are taken for MAX_BATCH_MS from the batch's start. The first unit runs without a savepoint (if it fails, the
   * transaction holds nothing else and is simply rolled back); every later one in a SAVEPOINT of
   * its own, so a failing unit rolls back alone. The savepoints are never released, only nested
   * (COMMIT ends them all): that spares a trip per unit, and the SAVEPOINT itself is deferred to
   * go with the unit's first statement. Callers are answered after COMMIT.
   */
  private async batch(): Promise<void> {
    const memo = new Map<symbol, unknown>();
    const done: Done[] = [];
    const started = performance.now();
    let open = false;
    let units = 0;
    // The units already waiting all go in (up to MAX_BATCH); later arrivals for MAX_BATCH_MS.
    const waiting = this.queue.length;
    while (this.queue.length > 0 && units < MAX_BATCH && (units < waiting || performance.now() - started < MAX_BATCH_MS)) {
      const pending = this.queue.shift()!;
      if (!open) {
        try {
          await this.writer.run(BEGIN);
        } catch (error) {
          pending.reject(error);
          continue;
        }
        open = true;
        memo.clear();
      }
      const unit = units++;
      const savepoint = done.length > 0;
      const memoBefore = savepoint ? new Map(memo) : null;
      const hooks: (() => void)[] = [];
      try {
        if (savepoint) this.writer.defer(SAVEPOINTS[unit]);
        const result = await pending.work({ sql: this.writer, memo, afterCommit: (hook) => hooks.push(hook) });
        // The unit's own deferred writes run now, so a failure among them is the unit's.
        await this.writer.flush();
        done.push({ pending, result, hooks });
      } catch (error) {
        this.writer.discard();
        pending.reject(error);
        if (!savepoint) {
          await this.writer.run(ROLLBACK).catch(() => undefined);
          open = false;
          units = 0;
          continue;
        }
        try {
          await this.writer.run(ROLLBACK_TO[unit]);
          memo.clear();
          for (const [key, value] of memoBefore!) memo.set(key, value);
        } catch (rollbackError) {
          // SQLite rolled the whole transaction back by itself (disk full, I/O error), or the
          // unit's savepoint was never taken: the units before this one are gone too.
          this.fail(done, rollbackError);
          await this.writer.run(ROLLBACK).catch(() => undefined);
          return;
        }
      }
    }
    if (!open) return;
    try {
      await this.writer.run(COMMIT);
    } catch (error) {
      await this.writer.run(ROLLBACK).catch(() => undefined);
      this.fail(done, error);
      return;
    }
    this.batchSizes.push(done.length);
    if (this.batchSizes.length > 10_000) this.batchSizes.splice(0, 5_000);
    for (const { pending, result, hooks } of done) {
      pending.resolve(result);
      for (const hook of hooks) this.runHook(hook);
    }
    this.runHook(() => this.batchCommitted(done.length));
  }

  private fail(done: Done[], error: unknown): void {
    for (const { pending } of done) pending.reject(error);
  }

  private runHook(hook: () => void): void {
    try {
      hook();
    } catch (error) {
      this.logger.error(`After-commit hook failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
