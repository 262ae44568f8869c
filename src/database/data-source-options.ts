import { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';
import { sqliteDriverWithPragmas } from './sqlite-driver';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Session settings of every PostgreSQL connection: the app's name and, for tests, its schema. */
export function postgresSessionOptions(schema: string | undefined): { application_name: string; options?: string } {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error('Invalid PostgreSQL schema name');
  }
  return {
    application_name: 'andringsbegaran',
    // Unqualified table names resolve in the isolated schema.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
}

/**
 * TypeORM options for the configured database. TypeORM opens the connection and runs the
 * migrations (never synchronize); queries go through the product's own Database.
 */
export function buildDataSourceOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  const common = {
    entities: [] as string[],
    migrations: MIGRATIONS,
    // Run by migrate() at start-up, under a lock on PostgreSQL.
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;

  const database = config.database;
  if (database.type === 'sqlite') {
    return {
      ...common,
      type: 'sqlite',
      database: database.path,
      driver: sqliteDriverWithPragmas(),
      enableWAL: true,
      busyTimeout: 5000,
    };
  }
  const session = postgresSessionOptions(database.schema);
  return {
    ...common,
    type: 'postgres',
    url: database.url,
    applicationName: session.application_name,
    ...(database.schema ? { schema: database.schema } : {}),
    extra: { max: 10, ...(session.options ? { options: session.options } : {}) },
  };
}
