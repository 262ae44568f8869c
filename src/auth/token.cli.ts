/**
 * Prints a development token for a seeded user:  npm run --silent token -- <userId>
 * Uses the same DATABASE_URL / JWT_SECRET / DATA_DIR as the server; migrates and seeds a new
 * database first. Exit codes: 0 token printed, 1 configuration or database error, 2 usage or
 * unknown user.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadAppConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { migrate } from '../database/migrate';
import { seedReferenceData } from '../database/seed';
import { UserEntity } from '../users/user.entity';
import { devIdentityProviderEnabled, signDevToken } from './dev-token';

function fail(code: number, message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  const userId = argv.find((arg) => arg !== '--');
  if (!userId || argv.filter((arg) => arg !== '--').length !== 1) {
    fail(2, 'usage: npm run --silent token -- <userId>');
  }

  let config;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(1, error.message);
    throw error;
  }
  if (!devIdentityProviderEnabled(config)) {
    fail(2, 'the development identity provider is disabled (JWT_PUBLIC_KEY or JWKS_URL is set)');
  }

  const dataSource = new DataSource(buildDataSourceOptions(config));
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    await seedReferenceData(dataSource);
    const user = await dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) fail(2, `unknown user "${userId}" (see GET /api/auth/demo-users or the README)`);
    process.stdout.write(`${signDevToken(config, user)}\n`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  fail(1, error instanceof Error ? error.message : String(error));
});
