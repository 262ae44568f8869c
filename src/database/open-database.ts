import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type * as sqlite3 from 'sqlite3';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { Database } from './database';
import { migrate } from './migrate';
import { postgresSessionOptions } from './data-source-options';
import { PostgresDatabase } from './postgres-database';
import { SqliteConnection } from './sqlite-connection';
import { SqliteDatabase } from './sqlite-database';

const logger = new Logger('Database');

/**
 * Migrates the schema, then opens the product's {@link Database} on TypeORM's connection: on
 * SQLite its one read-write connection becomes the writer and read-only readers are added; on
 * PostgreSQL its pool serves writes and short reads, and a small pool of its own serves long reads.
 */
export async function openDatabase(dataSource: DataSource, config: Pick<AppConfig, 'database'>): Promise<Database> {
  await migrate(dataSource);
  const database = config.database;
  if (database.type === 'sqlite') {
    const connection = (dataSource.driver as unknown as { databaseConnection: sqlite3.Database }).databaseConnection;
    return SqliteDatabase.open(new SqliteConnection(connection), database.path);
  }
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const longPool = new Pool({ connectionString: database.url, max: 3, ...postgresSessionOptions(database.schema) });
  // An idle connection the server ends (a restart, pg_terminate_backend) is dropped from the
  // pool, which reports it here; without a listener that report would end the process.
  longPool.on('error', (error) => logger.warn(`Idle long-read connection lost: ${error.message}`));
  return new PostgresDatabase(pool, longPool);
}
