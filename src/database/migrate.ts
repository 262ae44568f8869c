import { DataSource } from 'typeorm';

/** Names the migration lock; any constant both instances agree on. */
const MIGRATION_LOCK_KEY = 727_27_2;

/**
 * Runs pending migrations. On PostgreSQL several app instances may start at once, so they take
 * turns under a session advisory lock: the first migrates, the others then find nothing to do.
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations();
    return;
  }
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}
