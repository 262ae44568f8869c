import { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { Database, DatabaseStats, ReadContext, ReadOptions, WriteContext } from './database';
import type { Param, Sql, Statement } from './sql';

/** One pooled connection; statements run as named prepared statements (parsed once per connection). */
export class PostgresConnection implements Sql {
  readonly dialect = 'postgres' as const;
  private pending: Promise<unknown>[] = [];

  constructor(private readonly client: PoolClient) {}

  async all<T>(statement: Statement, params: readonly Param[] = []): Promise<T[]> {
    await this.flush();
    const result = await this.client.query({ name: statement.name, text: statement.postgres, values: [...params] });
    return result.rows as T[];
  }

  async get<T>(statement: Statement, params: readonly Param[] = []): Promise<T | undefined> {
    return (await this.all<T>(statement, params))[0];
  }

  async run(statement: Statement, params: readonly Param[] = []): Promise<number> {
    await this.flush();
    const result = await this.client.query({ name: statement.name, text: statement.postgres, values: [...params] });
    return result.rowCount ?? 0;
  }

  /** Sent at once: the client sends its queries in order, one after another. */
  defer(statement: Statement, params: readonly Param[] = []): void {
    const query = this.client.query({ name: statement.name, text: statement.postgres, values: [...params] });
    // Reported by flush (or by the next statement); never an unhandled rejection meanwhile.
    query.catch(() => undefined);
    this.pending.push(query);
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }
}

/**
 * PostgreSQL: each write is a READ COMMITTED transaction on a pooled connection (rows a unit
 * changes are locked with `SELECT … FOR UPDATE`, so concurrent events on one request take turns
 * across every app instance); reads are REPEATABLE READ READ ONLY snapshots. Long reads use a
 * pool of their own so they never take the connections short requests need.
 */
export class PostgresDatabase extends Database {
  readonly dialect = 'postgres' as const;
  private readonly logger = new Logger('Database');

  constructor(
    private readonly pool: Pool,
    private readonly longPool: Pool,
  ) {
    super();
  }

  async write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const hooks: (() => void)[] = [];
    let result: T;
    try {
      await client.query('BEGIN');
      const connection = new PostgresConnection(client);
      result = await work({ sql: connection, memo: new Map(), afterCommit: (hook) => hooks.push(hook) });
      await connection.flush();
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
    client.release();
    for (const hook of hooks) {
      try {
        hook();
      } catch (error) {
        this.logger.error(`After-commit hook failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return result;
  }

  async read<T>(work: (ctx: ReadContext) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const client = await (options.long ? this.longPool : this.pool).connect();
    if (options.transaction === false) {
      try {
        return await work({ sql: new PostgresConnection(client) });
      } finally {
        client.release();
      }
    }
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await work({ sql: new PostgresConnection(client) });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async ping(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      client.release();
    }
  }

  stats(): DatabaseStats {
    return { batchSizes: [] };
  }

  async close(): Promise<void> {
    await this.longPool.end();
  }
}
