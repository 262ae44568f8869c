import type { Dialect, Sql } from './sql';

/** What a unit of work that writes gets: its connection, a memo, and post-commit hooks. */
export interface WriteContext {
  readonly sql: Sql;
  /**
   * Values kept for the rest of the database transaction, e.g. the decision history's chain head
   * once it has been read. When a unit fails, its changes to the memo are rolled back with it.
   */
  readonly memo: Map<symbol, unknown>;
  /** Runs after the unit's transaction has committed (never if it rolls back). */
  afterCommit(hook: () => void): void;
}

export interface ReadContext {
  readonly sql: Sql;
}

export interface ReadOptions {
  /**
   * A long read (a report, an export, a verify batch): runs on connections of its own, so it
   * never holds up the short reads that pages and the API make.
   */
  long?: boolean;
  /**
   * false: the work issues one statement (or does not need its statements to agree), so no
   * explicit transaction is opened around it; each statement still sees only committed data.
   */
  transaction?: boolean;
}

/** Counters for /metrics and the benchmarks. */
export interface DatabaseStats {
  /** Units of work committed per transaction (group commit); empty on PostgreSQL. */
  batchSizes: number[];
}

/**
 * The product's only way to the database.
 *
 * - `write(work)`: `work` runs inside a read-write transaction and its result is returned only
 *   after COMMIT, so an acknowledged change survives a crash. On SQLite one writer connection
 *   runs units one after another and groups the units that arrive while it is busy into one
 *   transaction (each in its own SAVEPOINT, one COMMIT and one fsync for the group); a unit that
 *   fails rolls back alone. On PostgreSQL each unit is a transaction on a pooled connection.
 * - `read(work)`: a consistent read-only snapshot of committed data, on connections that never
 *   wait for the writer (SQLite WAL readers; PostgreSQL REPEATABLE READ READ ONLY).
 *
 * Units of work contain database work only: no network calls, no waiting on other units.
 */
export abstract class Database {
  abstract readonly dialect: Dialect;
  private readonly batchListeners: ((units: number) => void)[] = [];

  /**
   * Calls `listener` after each committed group-commit transaction with the number of units it
   * committed (SQLite); never on PostgreSQL, where each unit is a transaction of its own.
   */
  onBatchCommitted(listener: (units: number) => void): void {
    this.batchListeners.push(listener);
  }

  protected batchCommitted(units: number): void {
    for (const listener of this.batchListeners) listener(units);
  }

  abstract write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T>;

  abstract read<T>(work: (ctx: ReadContext) => Promise<T>, options?: ReadOptions): Promise<T>;

  /** Answers when the database does; throws otherwise. */
  abstract ping(): Promise<void>;

  /** Finishes queued writes, then closes every connection of its own. */
  abstract close(): Promise<void>;

  abstract stats(): DatabaseStats;
}
