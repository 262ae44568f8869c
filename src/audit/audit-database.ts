import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import type { DatabaseConfig } from '../config/app-config';
import type { Sql } from '../database/sql';
import { sql } from '../database/sql';
import { PostgresConnection } from '../database/postgres-database';
import { SqliteConnection } from '../database/sqlite-connection';
import { verifyAuditStream } from './audit-verifier';
import { AUDIT_STREAM_BATCH, AuditRepository } from './audit.repository';
import type { AuditEntry, VerifyResult } from './audit.types';

/** The database cannot be opened, or holds no decision history. The message is safe to print. */
export class AuditDatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditDatabaseUnavailableError';
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const PROBE = sql('SELECT seq FROM audit_log LIMIT 1');

/** A read-only connection to a database's decision history, outside the app. */
export interface AuditReader {
  read<T>(work: (db: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens a database to read its decision history, outside the app: no migrations, no seeding,
 * read-only (SQLite `OPEN_READONLY`; PostgreSQL sessions in read-only transactions). A missing
 * SQLite file is an error, never created.
 */
export async function openAuditDatabase(database: DatabaseConfig, schema?: string): Promise<AuditReader> {
  const reader = await connect(database, schema);
  try {
    await reader.read((db) => db.all(PROBE));
  } catch (error) {
    await reader.close();
    throw new AuditDatabaseUnavailableError(`no decision history in this database (table audit_log: ${describe(error)})`);
  }
  return reader;
}

async function connect(database: DatabaseConfig, schema?: string): Promise<AuditReader> {
  if (database.type === 'sqlite') {
    if (schema !== undefined) throw new AuditDatabaseUnavailableError('--schema applies to PostgreSQL only');
    const path = resolve(database.path);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new AuditDatabaseUnavailableError(`no SQLite database at ${path}`);
    }
    let connection: SqliteConnection;
    try {
      connection = await SqliteConnection.openReader(path);
    } catch (error) {
      throw new AuditDatabaseUnavailableError(`cannot open the database: ${describe(error)}`);
    }
    return {
      read: async (work) => {
        await connection.exec('BEGIN');
        try {
          return await work(connection);
        } finally {
          await connection.exec('COMMIT');
        }
      },
      close: () => connection.close(),
    };
  }
  const searchSchema = schema ?? database.schema;
  if (searchSchema !== undefined && !SCHEMA_NAME.test(searchSchema)) {
    throw new AuditDatabaseUnavailableError('the schema name must be lowercase letters, digits and underscores');
  }
  const settings = ['-c default_transaction_read_only=on'];
  if (searchSchema) settings.push(`-c search_path=${searchSchema}`);
  const pool = new Pool({
    connectionString: database.url,
    max: 1,
    connectionTimeoutMillis: 10_000,
    application_name: 'andringsbegaran-audit-verify',
    options: settings.join(' '),
  });
  pool.on('error', () => undefined);
  let client;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new AuditDatabaseUnavailableError(`cannot open the database: ${describe(error)}`);
  }
  const connection = new PostgresConnection(client);
  return {
    read: async (work) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        return await work(connection);
      } finally {
        await client.query('COMMIT');
      }
    },
    close: async () => {
      client.release();
      await pool.end();
    },
  };
}

/** Verifies the whole chain of an open database in batches by key (flat memory). */
export function verifyAuditDatabase(reader: AuditReader, batchSize = AUDIT_STREAM_BATCH): Promise<VerifyResult> {
  const repository = new AuditRepository();
  async function* stream(): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const entries = await reader.read((db) => repository.after(db, after, batchSize));
      yield* entries;
      if (entries.length < batchSize) return;
      after = entries[entries.length - 1].seq;
    }
  }
  return verifyAuditStream(stream());
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
