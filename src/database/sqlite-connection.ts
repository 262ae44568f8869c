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

const READER_PRAGMAS = ['PRAGMA busy_timeout = 5000', 'PRAGMA query_only = ON'];

/**
 * One sqlite3 connection with its prepared statements: each {@link Statement} is compiled once
 * per connection and reused, so a hot query costs one trip to the driver's thread, not a parse.
 */
export class SqliteConnection implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly prepared = new Map<string, Prepared>();

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

  async all<T>(statement: Statement, params: readonly Param[] = []): Promise<T[]> {
    const { statement: prepared, ready } = this.prepare(statement);
    await ready;
    return new Promise<T[]>((resolve, reject) =>
      prepared.all(params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows))),
    );
  }

  async get<T>(statement: Statement, params: readonly Param[] = []): Promise<T | undefined> {
    const rows = await this.all<T>(statement, params);
    return rows[0];
  }

  async run(statement: Statement, params: readonly Param[] = []): Promise<number> {
    const { statement: prepared, ready } = this.prepare(statement);
    await ready;
    return new Promise<number>((resolve, reject) =>
      prepared.run(params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve(this.changes);
      }),
    );
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
