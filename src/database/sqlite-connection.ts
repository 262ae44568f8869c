import * as sqlite3 from 'sqlite3';
import type { Param, Sql, Statement } from './sql';

interface Prepared {
  statement: sqlite3.Statement;
  /** Settles when SQLite has compiled it; a statement that failed to compile never calls back. */
  ready: Promise<void>;
}

/** Pragmas every connection of the product runs first. */
export const SQLITE_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  // An acknowledged commit must survive power loss, not only a process crash.
  'PRAGMA synchronous = FULL',
  'PRAGMA foreign_keys = ON',
  'PRAGMA busy_timeout = 5000',
];

const DONE = Promise.resolve();

/**
 * The statement with its values written in as literals, for a script of deferred writes (the
 * driver binds parameters only to single prepared statements). Text goes in as hex-encoded UTF-8
 * cast to TEXT, so nothing a value contains (quotes, NUL, any character) can reach the SQL
 * itself; numbers must be finite.
 */
export function inline(text: string, params: readonly Param[]): string {
  let i = 0;
  const result = text.replace(/\?/g, () => {
    if (i >= params.length) throw new Error(`Statement has more placeholders than the ${params.length} values given`);
    return literal(params[i++]);
  });
  if (i !== params.length) throw new Error(`Statement has ${i} placeholders for ${params.length} values`);
  return result;
}

function literal(value: Param | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} to SQLite`);
    return String(value);
  }
  return `CAST(X'${Buffer.from(value, 'utf8').toString('hex')}' AS TEXT)`;
}

const READER_PRAGMAS = ['PRAGMA busy_timeout = 5000', 'PRAGMA query_only = ON'];

/**
 * One sqlite3 connection with its prepared statements: each {@link Statement} is compiled once
 * per connection and reused, so a hot query costs one trip to the driver's thread, not a parse.
 */
export class SqliteConnection implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly prepared = new Map<string, Prepared>();
  /** Deferred writes, as SQL text with their values written in (see {@link inline}). */
  private deferred: string[] = [];

  constructor(readonly db: sqlite3.Database) {}

  /** Opens a read-only connection on a WAL database (it never takes the write lock). */
  static async openReader(path: string): Promise<SqliteConnection> {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened: sqlite3.Database = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (error) =>
        error ? reject(error) : resolve(opened),
      );
    });
    const connection = new SqliteConnection(db);
    await connection.exec(READER_PRAGMAS.join(';\n'));
    return connection;
  }

  /**
   * Deferred writes (on the writer, which is in serialized mode: see {@link serialize}) are handed
   * to the driver first, as one script, and run just before this statement: one trip for all of
   * them, and the statement does not wait for the script's answer to be issued.
   */
  async all<T>(statement: Statement, params: readonly Param[] = []): Promise<T[]> {
    const flushed = this.flush();
    const { statement: prepared, ready } = this.prepare(statement);
    const rows = ready.then(
      () =>
        new Promise<T[]>((resolve, reject) =>
          prepared.all(params, (error: Error | null, result: T[]) => (error ? reject(error) : resolve(result))),
        ),
    );
    return (await Promise.all([flushed, rows]))[1];
  }

  async get<T>(statement: Statement, params: readonly Param[] = []): Promise<T | undefined> {
    const rows = await this.all<T>(statement, params);
    return rows[0];
  }

  async run(statement: Statement, params: readonly Param[] = []): Promise<number> {
    const flushed = this.flush();
    const { statement: prepared, ready } = this.prepare(statement);
    const changes = ready.then(
      () =>
        new Promise<number>((resolve, reject) =>
          prepared.run(params, function (this: sqlite3.RunResult, error: Error | null) {
            if (error) reject(error);
            else resolve(this.changes);
          }),
        ),
    );
    return (await Promise.all([flushed, changes]))[1];
  }

  defer(statement: Statement, params: readonly Param[] = []): void {
    this.deferred.push(inline(statement.sqlite, params));
  }

  flush(): Promise<void> {
    if (this.deferred.length === 0) return DONE;
    const script = this.deferred.join(';\n');
    this.deferred = [];
    return this.exec(script);
  }

  /** Drops the deferred writes not yet handed to the driver (their unit of work failed). */
  discard(): void {
    this.deferred = [];
  }

  /**
   * From now on the driver runs this connection's statements strictly one after another in the
   * order they were issued, which is what lets deferred writes go ahead of the next statement
   * without waiting for them. For the writer (one unit of work at a time anyway).
   */
  serialize(): void {
    this.db.serialize();
  }

  /** Runs SQL text without parameters (several statements allowed); for pragmas and migrations. */
  exec(text: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(text, (error) => (error ? reject(error) : resolve())));
  }

  close(): Promise<void> {
    return this.finalize().then(
      () => new Promise<void>((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve()))),
    );
  }

  /** Finalizes the prepared statements (a connection with live statements cannot be closed). */
  finalize(): Promise<void> {
    const statements = [...this.prepared.values()];
    this.prepared.clear();
    return Promise.all(
      statements.map(
        (p) =>
          new Promise<void>((resolve) =>
            p.ready.then(
              () => p.statement.finalize(() => resolve()),
              () => resolve(),
            ),
          ),
      ),
    ).then(() => undefined);
  }

  private prepare(statement: Statement): Prepared {
    const cached = this.prepared.get(statement.sqlite);
    if (cached) return cached;
    let prepared!: sqlite3.Statement;
    const ready = new Promise<void>((resolve, reject) => {
      prepared = this.db.prepare(statement.sqlite, (error: Error | null) => {
        if (error) {
          this.prepared.delete(statement.sqlite);
          reject(error);
        } else resolve();
      });
    });
    // A failure is reported to whoever awaits `ready`; never an unhandled rejection meanwhile.
    ready.catch(() => undefined);
    const entry = { statement: prepared, ready };
    this.prepared.set(statement.sqlite, entry);
    return entry;
  }
}
