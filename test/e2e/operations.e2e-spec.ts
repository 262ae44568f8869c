import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';
import { api, expectNoLeak, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TEST_POSTGRES_URL, TestApp, withPostgres } from '../support/create-test-app';

const ON_POSTGRES = process.env.TEST_DATABASE === 'postgres';
const METRICS_TOKEN = 'ops-metrics-token-0123456789abcdef';

/** Parses the Prometheus text format: the value of `name` with exactly `labels` (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    const wanted = Object.entries(labels);
    if (Object.keys(found).length === wanted.length && wanted.every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

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

  describe('metrics', () => {
    let t: TestApp;
    const scrape = async (): Promise<string> => {
      const response = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.headers['cache-control']).toBe('no-store');
      return response.text;
    };

    beforeAll(async () => {
      t = await createTestApp({ config: { metricsToken: METRICS_TOKEN } });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('refuses /metrics without the token, with a wrong one, and with a user\'s JWT (401)', async () => {
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', `Bearer ${t.token('admin')}`, METRICS_TOKEN]) {
        const request = t.http.get('/metrics');
        const response = await (authorization === undefined ? request : request.set('Authorization', authorization));
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        expect(response.text).not.toContain('http_requests_total');
        expectNoLeak(response);
      }
    });

    it('shows the counters moving after a SUBMIT, labelled by route template and event type, never by id', async () => {
      const call = api(t);
      const before = await scrape();
      const created = await call.post('vastkom.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201);
      const id = created.body.id as string;
      await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
      await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(409);
      await call.event('vastkom.handlaggare', id, { type: 'NO_SUCH_EVENT_4711' }).expect(400);
      await t.http.get('/api/no-such-route/4711').expect(404);
      const after = await scrape();

      const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
      expect(moved('andringsbegaran_events_total', { type: 'SUBMIT', outcome: 'applied' })).toBe(1);
      expect(moved('andringsbegaran_events_total', { type: 'SUBMIT', outcome: 'state_conflict' })).toBe(1);
      expect(moved('andringsbegaran_events_total', { type: '(unknown)', outcome: 'unknown_event' })).toBe(1);

      const events = { method: 'POST', route: '/api/change-requests/:id/events' };
      expect(moved('http_requests_total', { ...events, status_code: '200' })).toBe(1);
      expect(moved('http_requests_total', { ...events, status_code: '409' })).toBe(1);
      expect(moved('http_requests_total', { ...events, status_code: '400' })).toBe(1);
      expect(moved('http_requests_total', { method: 'POST', route: '/api/change-requests', status_code: '201' })).toBe(1);
      expect(moved('http_requests_total', { method: 'GET', route: '(unmatched)', status_code: '404' })).toBe(1);
      expect(moved('http_request_duration_seconds_count', { ...events, status_code: '200' })).toBe(1);
      expect(moved('http_request_duration_seconds_bucket', { ...events, status_code: '200', le: '+Inf' })).toBe(1);
      expect(sample(after, 'http_request_duration_seconds_sum', { ...events, status_code: '200' })).toBeGreaterThan(0);

      // On SQLite the create and the submit were each committed in a group-commit transaction
      // (the refused events rolled back); PostgreSQL commits each unit alone and reports none.
      const groups = moved('andringsbegaran_group_commit_units_count', {});
      if (ON_POSTGRES) expect(sample(after, 'andringsbegaran_group_commit_units_count')).toBe(0);
      else expect(groups).toBeGreaterThanOrEqual(2);

      // The SUBMIT queued one e-mail (to VGR's handläggare): the outbox backlog shows it pending.
      expect(moved('andringsbegaran_outbox_emails', { status: 'pending' })).toBe(1);

      // Process metrics from prom-client's defaults.
      expect(sample(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      // No id, path or event name the callers sent is a label (sample values are numbers and may hold any digits).
      const labels = (after.match(/\{[^}\n]*\}/g) ?? []).join('\n');
      expect(labels).toContain('route="/api/change-requests/:id/events"');
      for (const raw of [id, '4711', 'NO_SUCH_EVENT', 'no-such-route']) expect(labels).not.toContain(raw);
      expect(after).not.toContain(id);
    });
  });

  describe('access to /metrics and the API documents by configuration', () => {
    it('outside production without a token: /metrics answers callers on this machine; docs are served', async () => {
      const t = await createTestApp();
      try {
        const response = await t.http.get('/metrics').expect(200);
        expect(response.text).toContain('# TYPE http_requests_total counter');
        await t.http.get('/api/docs-json').expect(200);
        await t.http.get('/api/docs').expect(200);
      } finally {
        await t.close();
      }
    });

    it('in production without a token /metrics does not exist (404), and API_DOCS=false takes the docs away', async () => {
      const t = await createTestApp({ config: { nodeEnv: 'production', isProduction: true, apiDocs: false } });
      try {
        const metrics = await t.http.get('/metrics').expect(404);
        expect(metrics.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
        expect(metrics.text).not.toContain('http_requests_total');
        // Exactly the answer of a path that does not exist.
        const missing = await t.http.get('/no-such-path').expect(404);
        expect(metrics.body.message).toBe(missing.body.message.replace('/no-such-path', '/metrics'));
        for (const path of ['/api/docs', '/api/docs-json', '/api/docs/']) await t.http.get(path).expect(404);
        // The probes stay public.
        await t.http.get('/health/ready').expect(200);
      } finally {
        await t.close();
      }
    });
  });

  describe('shutdown', () => {
    it('waits SHUTDOWN_TIMEOUT_MS for a request in flight, then closes its connection', async () => {
      const t = await createTestApp({ config: { shutdownTimeoutMs: 600 } });
      let release = (): void => undefined;
      try {
        const created = await api(t).post('vastkom.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201);
        const id = created.body.id as string;
        await t.app.listen(0, '127.0.0.1');
        const server = t.app.getHttpServer() as Server;
        const { port } = server.address() as AddressInfo;

        // Hold the request's row (PostgreSQL) or the writer (SQLite), so a SUBMIT stays in flight.
        const gate = new Promise<void>((resolve) => (release = resolve));
        const database = t.app.get(Database);
        const lock = sql('SELECT id FROM change_requests WHERE id = ? FOR UPDATE');
        const held = database.write(async (ctx) => {
          if (ctx.sql.dialect === 'postgres') await ctx.sql.get(lock, [id]);
          await gate;
        });
        const answer = new Promise<{ status: number; error?: string }>((resolve) => {
          const req = httpRequest(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: `/api/change-requests/${id}/events`,
              headers: { authorization: `Bearer ${t.token('vastkom.handlaggare')}`, 'content-type': 'application/json' },
              agent: false,
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
            },
          );
          req.on('error', (error) => resolve({ status: 0, error: error.message }));
          req.end(JSON.stringify({ type: 'SUBMIT' }));
        });
        // The request has arrived and is waiting for the database.
        const connections = (): Promise<number> => new Promise((resolve) => server.getConnections((_e, n) => resolve(n)));
        while ((await connections()) < 1) await sleep(5);
        await sleep(200);

        const started = Date.now();
        const closing = t.close();
        const result = await answer;
        const waited = Date.now() - started;
        release();
        await held;
        await closing;
        expect(result).toEqual({ status: 0, error: expect.stringMatching(/socket hang up|ECONNRESET/) });
        // Not at once, and not the 10 s default.
        expect(waited).toBeGreaterThanOrEqual(550);
        expect(waited).toBeLessThan(5000);
      } finally {
        release();
        await t.close();
      }
    });
  });
});
