import { createHash } from 'node:crypto';

export type Dialect = 'sqlite' | 'postgres';

/**
 * One SQL statement, written once with `?` placeholders and kept for the life of the process:
 * SQLite prepares it once per connection, PostgreSQL once per pooled connection (a named
 * prepared statement). Build statements at module level, or through {@link statementFor} for
 * the few whose text depends on a request (list filters), never per call.
 */
export class Statement {
  /** The text for PostgreSQL: `?` → `$1, $2, …`. */
  readonly postgres: string;
  /** A name for the PostgreSQL prepared statement, stable for the same text. */
  readonly name: string;

  constructor(readonly sqlite: string) {
    let n = 0;
    this.postgres = sqlite.replace(/\?/g, () => `$${++n}`);
    this.name = `s${createHash('sha1').update(sqlite).digest('hex').slice(0, 16)}`;
  }

  text(dialect: Dialect): string {
    return dialect === 'sqlite' ? this.sqlite : this.postgres;
  }
}

/** A statement written once at module level. */
export function sql(text: string): Statement {
  return new Statement(text.replace(/\s+/g, ' ').trim());
}

const dynamic = new Map<string, Statement>();
const DYNAMIC_LIMIT = 2000;

/**
 * The statement for a text assembled at run time from a bounded set of fragments (a list's
 * filters): the same text gives the same, already prepared, statement.
 */
export function statementFor(text: string): Statement {
  let statement = dynamic.get(text);
  if (!statement) {
    if (dynamic.size >= DYNAMIC_LIMIT) dynamic.clear();
    statement = sql(text);
    dynamic.set(text, statement);
  }
  return statement;
}

export type Param = string | number | null;

/** Runs statements on one connection, inside the unit of work that handed it out. */
export interface Sql {
  readonly dialect: Dialect;
  all<T>(statement: Statement, params?: readonly Param[]): Promise<T[]>;
  get<T>(statement: Statement, params?: readonly Param[]): Promise<T | undefined>;
  /** Returns the number of rows changed. */
  run(statement: Statement, params?: readonly Param[]): Promise<number>;
  /**
   * Queues a write whose result the caller does not need (an INSERT of a history row, say). It
   * runs, in order, just before the next statement on this connection or at {@link flush}, so
   * several writes cost one trip to the database instead of one each; if it fails, that next
   * statement or flush fails with its error. Only for writes inside a unit of work.
   */
  defer(statement: Statement, params?: readonly Param[]): void;
  /** Runs the queued writes now; rejects with the first one's error. */
  flush(): Promise<void>;
}

/** `?, ?, ?` for an IN list of n values (n ≥ 1); bound the lists so the statements stay few. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
