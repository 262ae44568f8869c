import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { AuditLogEntity } from './audit-log.entity';
import { verifyAuditStream } from './audit-verifier';
import { AUDIT_STREAM_BATCH, AuditRepository } from './audit.repository';
import type { VerifyResult } from './audit.types';

/** The database cannot be opened, or holds no decision history. The message is safe to print. */
export class AuditDatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditDatabaseUnavailableError';
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * TypeORM options to read the decision history of an existing database, outside the app: only the
 * audit_log entity, no migrations, no seeding, no synchronize, and read-only where the driver
 * allows it (SQLite opened with OPEN_READONLY; PostgreSQL sessions default to read-only
 * transactions). A missing SQLite file is an error, never created.
 */
export function auditReaderOptions(database: DatabaseConfig, schema?: string): DataSourceOptions {
  const common = {
    entities: [AuditLogEntity],
    migrations: [],
    migrationsRun: false,
    synchronize: false,
    logging: false,
  };

  if (database.type === 'sqlite') {
    if (schema !== undefined) {
      throw new AuditDatabaseUnavailableError('--schema applies to PostgreSQL only');
    }
    const path = resolve(database.path);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new AuditDatabaseUnavailableError(`no SQLite database at ${path}`);
    }
    return {
      ...common,
      type: 'sqlite',
      database: path,
      driver: sqlite3,
      flags: sqlite3.OPEN_READONLY,
      busyTimeout: 5000,
    };
  }

  const searchSchema = schema ?? database.schema;
  if (searchSchema !== undefined && !SCHEMA_NAME.test(searchSchema)) {
    throw new AuditDatabaseUnavailableError(
      'the schema name must be lowercase letters, digits and underscores',
    );
  }
  const settings = ['-c default_transaction_read_only=on'];
  if (searchSchema) settings.push(`-c search_path=${searchSchema}`);
  return {
    ...common,
    type: 'postgres',
    url: database.url,
    applicationName: 'andringsbegaran-audit-verify',
    connectTimeoutMS: 10_000,
    ...(searchSchema ? { schema: searchSchema } : {}),
    extra: { max: 1, options: settings.join(' ') },
  };
}

/** Opens the database for reading the decision history; see {@link auditReaderOptions}. */
export async function openAuditDatabase(database: DatabaseConfig, schema?: string): Promise<DataSource> {
  const dataSource = new DataSource(auditReaderOptions(database, schema));
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new AuditDatabaseUnavailableError(`cannot open the database: ${describe(error)}`);
  }
  try {
    await dataSource.createQueryBuilder(AuditLogEntity, 'a').select('a.seq').limit(1).getRawMany();
  } catch (error) {
    await dataSource.destroy();
    throw new AuditDatabaseUnavailableError(
      `no decision history in this database (table audit_log: ${describe(error)})`,
    );
  }
  return dataSource;
}

/**
 * Verifies the whole chain of an open database with the app's own code path: the repository's
 * batched stream (flat memory) through `ChainVerifier`.
 */
export function verifyAuditDatabase(
  dataSource: DataSource,
  batchSize = AUDIT_STREAM_BATCH,
): Promise<VerifyResult> {
  const repository = new AuditRepository(new TransactionRunner(dataSource));
  return verifyAuditStream(repository.stream(batchSize));
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
