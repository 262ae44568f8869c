import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';
import { expectNoLeak } from '../support/api';
import { createTestApp, TEST_POSTGRES_URL, TestApp, withPostgres } from '../support/create-test-app';

const ON_POSTGRES = process.env.TEST_DATABASE === 'postgres';

/** Polls `probe` until `done` holds of its answer (an outage takes effect, or ends, asynchronously). */
async function until(probe: () => Promise<Response>, done: (r: Response) => boolean, ms = 15_000): Promise<Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    const response = await probe();
    if (done(response) || Date.now() > deadline) return response;
    await sleep(100);
  }
}

/**
 * An outage of the app's database, really caused: on SQLite the database file leaves its
 * configured path (a volume unmounted, a file moved away); on PostgreSQL the database stops
 * accepting connections and the app's connections are terminated.
 */
interface Outage {
  app: TestApp;
  start(): Promise<void>;
  end(): Promise<void>;
  dispose(): Promise<void>;
}

async function sqliteOutage(): Promise<Outage> {
  const app = await createTestApp();
  const file = app.config.database.type === 'sqlite' ? app.config.database.path : '';
  return {
    app,
    start: async () => renameSync(file, `${file}.away`),
    end: async () => renameSync(`${file}.away`, file),
    dispose: () => app.close(),
  };
}

async function postgresOutage(): Promise<Outage> {
  const name = `ops_${randomBytes(6).toString('hex')}`;
  await withPostgres(TEST_POSTGRES_URL, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const admin = (statement: string) => withPostgres(TEST_POSTGRES_URL, (c) => c.query(statement));
  let app: TestApp;
  try {
    app = await createTestApp({ databaseUrl: url.toString() });
  } catch (error) {
    await admin(`DROP DATABASE ${name} WITH (FORCE)`);
    throw error;
  }
  return {
    app,
    start: async () => {
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
    },
    end: async () => {
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    },
    dispose: async () => {
      try {
        await app.close();
      } finally {
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    },
  };
}

describe('operations (e2e)', () => {
  describe('health probes', () => {
    let outage: Outage;
    let t: TestApp;

    beforeAll(async () => {
      outage = await (ON_POSTGRES ? postgresOutage() : sqliteOutage());
      t = outage.app;
    });
    afterAll(async () => {
      await outage?.dispose();
    });

    it('live and ready answer 200 without a token when the database is up and migrated', async () => {
      expect((await t.http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
      expect((await t.http.get('/health/ready').expect(200)).body).toEqual({
        status: 'ok',
        database: 'ok',
        migrations: 'ok',
      });
      expect((await t.http.get('/health').expect(200)).body).toEqual({ status: 'ok', database: 'ok' });
    });

    it('ready is 503 naming the database while it is unreachable, and 200 once it is back; live stays 200', async () => {
      await outage.start();
      try {
        const down = await until(
          () => t.http.get('/health/ready'),
          (r) => r.status === 503,
        );
        expect(down.status).toBe(503);
        expect(down.body).toEqual({ status: 'error', database: 'error', migrations: 'unknown' });
        expectNoLeak(down);
        expect((await t.http.get('/health')).body).toEqual({ status: 'error', database: 'error' });
        await t.http.get('/health').expect(503);
        // The process itself is fine: restarting it would not help.
        await t.http.get('/health/live').expect(200);
      } finally {
        await outage.end();
      }
      const up = await until(
        () => t.http.get('/health/ready'),
        (r) => r.status === 200,
      );
      expect(up.status).toBe(200);
      expect(up.body).toEqual({ status: 'ok', database: 'ok', migrations: 'ok' });
      await t.http.get('/health').expect(200);
    });

    it('ready is 503 naming the migrations a database lacks, and 200 once they are applied', async () => {
      const database = t.app.get(Database);
      const last = await database.read((ctx) =>
        ctx.sql.get<{ id: number; timestamp: number | string; name: string }>(
          sql('SELECT id, timestamp, name FROM migrations ORDER BY timestamp DESC LIMIT 1'),
        ),
      );
      expect(last?.name).toMatch(/^[A-Za-z]+\d{13}$/);
      await database.write((ctx) => ctx.sql.run(sql('DELETE FROM migrations WHERE name = ?'), [last!.name]));
      try {
        const response = await t.http.get('/health/ready').expect(503);
        expect(response.body).toEqual({
          status: 'error',
          database: 'ok',
          migrations: 'error',
          pendingMigrations: [last!.name],
        });
        await t.http.get('/health/live').expect(200);
      } finally {
        await database.write((ctx) =>
          ctx.sql.run(sql('INSERT INTO migrations (id, timestamp, name) VALUES (?, ?, ?)'), [
            last!.id,
            Number(last!.timestamp),
            last!.name,
          ]),
        );
      }
      await t.http.get('/health/ready').expect(200);
    });
  });
});
