import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/app.setup';
import { Clock } from '../../src/clock/clock';
import { APP_CONFIG, AppConfig, parseDatabaseUrl } from '../../src/config/app-config';
import { ContractViolation, watchResponseContract, type Document as ContractDocument } from './response-contract';
import { testLogger } from './test-logger';
import { tokenFor, TEST_JWT_SECRET } from './tokens';

export const TEST_POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestAppOptions {
  /** Share a database with another app: `sqlite:<file>` or a postgres:// URL. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (shared with another app); created if missing. */
  schema?: string;
  /** Overrides on top of the test configuration (e.g. nodeEnv, jwt). */
  config?: Partial<AppConfig>;
  /**
   * Start with the (controllable) clock already at this instant, so the timers' first run at
   * start-up sees it rather than the real time.
   */
  clockAt?: string;
  /** Do not fail close() on responses that break the served OpenAPI document (tests of the checker). */
  allowContractViolations?: boolean;
}

/** Responses that did not match the served OpenAPI document, reported when the app closes. */
export class ContractError extends Error {
  constructor(readonly violations: ContractViolation[]) {
    const unique = [...new Set(violations.map((v) => `${v.method.toUpperCase()} ${v.path} → ${v.status}: ${v.problem}`))];
    super(`${violations.length} response(s) broke the served OpenAPI document:\n${unique.slice(0, 40).join('\n')}`);
  }
}

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest agent on the app's HTTP server. */
  http: ReturnType<typeof supertest>;
  /** A valid development token for a user id (any id; unknown ids are rejected by the app). */
  token(userId: string, claims?: Record<string, unknown>): string;
  dataSource: DataSource;
  config: AppConfig;
  /** Pass these to another createTestApp to share the database. */
  databaseUrl: string;
  schema?: string;
  /** Closes the app; removes the temp database/schema if this app created it; fails on contract violations. */
  close(): Promise<void>;
  /** The contract violations seen so far (and forgets them). */
  contractViolations(): ContractViolation[];
  /** Reloads the served document the responses are checked against, changed by `adjust` (tests of the checker). */
  reloadContract(adjust: (served: ContractDocument) => void): Promise<void>;
}

export async function withPostgres<T>(url: string, work: (admin: DataSource) => Promise<T>): Promise<T> {
  const admin = new DataSource({ type: 'postgres', url, extra: { max: 1 } });
  await admin.initialize();
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

/**
 * The real AppModule on a throw-away database: a temp SQLite file, or a fresh PostgreSQL schema
 * when TEST_DATABASE=postgres. Configured exactly like main.ts (configureApp).
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const usePostgres =
    options.databaseUrl !== undefined
      ? !options.databaseUrl.startsWith('sqlite:')
      : process.env.TEST_DATABASE === 'postgres';
  const cleanups: (() => Promise<void> | void)[] = [];

  const dataDir = mkdtempSync(join(tmpdir(), 'andringsbegaran-test-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

  let databaseUrl: string;
  let schema: string | undefined;
  if (usePostgres) {
    databaseUrl = options.databaseUrl ?? TEST_POSTGRES_URL;
    schema = options.schema ?? `t_${randomBytes(6).toString('hex')}`;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    const ownsSchema = options.schema === undefined;
    const name = schema;
    await withPostgres(databaseUrl, (c) => c.query(`CREATE SCHEMA IF NOT EXISTS ${name}`));
    if (ownsSchema) {
      cleanups.push(() =>
        withPostgres(databaseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)).then(
          () => undefined,
        ),
      );
    }
  } else {
    databaseUrl = options.databaseUrl ?? `sqlite:${join(dataDir, 'test.sqlite')}`;
  }

  const parsed = parseDatabaseUrl(databaseUrl);
  const config: AppConfig = {
    port: 0,
    nodeEnv: 'test',
    isProduction: false,
    database: parsed.type === 'postgres' ? { ...parsed, schema } : parsed,
    dataDir,
    jwt: { mode: 'dev-secret', secret: TEST_JWT_SECRET, generated: false },
    referencePrefix: 'ÄB',
    logLevel: 'error',
    ...options.config,
  };

  const runCleanups = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  let app: NestFastifyApplication;
  let contract: ReturnType<typeof watchResponseContract>;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
      bodyParser: false,
      logger: testLogger,
    });
    configureApp(app, config);
    if (options.clockAt !== undefined) await app.get(Clock).set(new Date(options.clockAt));
    contract = watchResponseContract(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    // With the documents switched off (API_DOCS=false) there is no contract to check against.
    if (config.apiDocs !== false) await contract.load();
  } catch (error) {
    await runCleanups();
    throw error;
  }

  let closed = false;
  return {
    app,
    http: supertest(app.getHttpServer()),
    token: (userId, claims = {}) => tokenFor(userId, claims),
    dataSource: app.get(DataSource),
    config,
    databaseUrl,
    schema,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await app.close();
      } finally {
        await runCleanups();
      }
      if (contract.violations.length > 0 && !options.allowContractViolations) throw new ContractError(contract.violations);
    },
    contractViolations: () => contract.violations.splice(0),
    reloadContract: (adjust) => contract.load(adjust),
  };
}
