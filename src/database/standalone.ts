import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { Database } from './database';
import { buildDataSourceOptions } from './data-source-options';
import { openDatabase } from './open-database';

/** The product's Database outside the server (command-line tools): migrated, closed by `close()`. */
export async function openStandaloneDatabase(config: Pick<AppConfig, 'database'>): Promise<{ database: Database; close(): Promise<void> }> {
  const dataSource = new DataSource(buildDataSourceOptions(config));
  await dataSource.initialize();
  try {
    const database = await openDatabase(dataSource, config);
    return {
      database,
      close: async () => {
        await database.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
