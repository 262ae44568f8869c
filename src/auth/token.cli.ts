/**
 * Prints a development token for a seeded user:  npm run --silent token -- <userId>
 * Uses the same DATABASE_URL / JWT_SECRET / DATA_DIR as the server; migrates and seeds a new
 * database first. Exit codes: 0 token printed, 1 configuration or database error, 2 usage or
 * unknown user.
 */
import 'reflect-metadata';
import { ConfigError, loadAppConfig } from '../config/app-config';
import { openStandaloneDatabase } from '../database/standalone';
import { seedReferenceData } from '../organisations/reference-data.seeder';
import { seedDemoUsers } from '../users/demo-users.seeder';
import { UsersRepository } from '../users/users.repository';
import { DevTokenSigner, devIdentityProviderEnabled } from './dev-token';

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
    fail(
      2,
      'the development identity provider is disabled (NODE_ENV=production, JWT_PUBLIC_KEY or JWKS_URL)',
    );
  }

  const signer = await DevTokenSigner.create(config);
  const { database, close } = await openStandaloneDatabase(config);
  try {
    await seedReferenceData(database);
    await seedDemoUsers(database);
    const user = await database.read(({ sql }) => new UsersRepository().find(sql, userId));
    if (!user || !user.active) fail(2, `unknown user "${userId}" (see GET /api/auth/demo-users or the README)`);
    process.stdout.write(`${await signer.sign(user)}\n`);
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  fail(1, error instanceof Error ? error.message : String(error));
});
