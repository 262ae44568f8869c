import { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { sqliteDriverWithPragmas } from './sqlite-driver';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** TypeORM options for the configured database: never synchronize; migrate() runs migrations. */
export function buildDataSourceOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  const common = {
    entities: ENTITIES,
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

  const schema = database.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error('Invalid PostgreSQL schema name');
  }
  return {
    ...common,
    type: 'postgres',
    url: database.url,
    applicationName: 'andringsbegaran',
    ...(schema ? { schema } : {}),
    extra: {
      max: 10,
      // Raw SQL (migrations, reports) resolves unqualified tables in the isolated schema too.
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    },
  };
}
