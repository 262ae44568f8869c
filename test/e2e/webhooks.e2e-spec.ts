import { Logger } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/**
 * SPEC §9, webhooks: an administrator registers a URL, the event types and a secret; every
 * accepted change-request event of those types is delivered as a signed JSON POST (an outbox row
 * written in the event's transaction, sent after commit), retried with backoff by the product's
 * clock and recorded per attempt. A refused event delivers nothing; the secret is never shown.
 */

type Api = ReturnType<typeof api>;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers to its n-th POST (1-based): a status, a redirect, or no answer at all. */
type Answer = number | { redirect: string } | 'hang';

/** A real HTTP receiver in the test process, on a free port. */
async function startReceiver(answer: (n: number) => Answer = () => 200) {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const a = answer(received.length);
      if (a === 'hang') return void hanging.push(res);
      if (typeof a === 'object') return void res.writeHead(302, { Location: a.redirect }).end();
      res.writeHead(a, { 'Content-Type': 'text/plain' }).end(a < 300 ? 'ok' : 'nej');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/andringar?source=ab`,
    received,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const SECRET = 'hemlig-nyckel-for-test-0123456789';
const BODY_KEYS = ['id', 'reference', 'changeRequestId', 'eventType', 'seq', 'hash', 'at'];
const COUNT = sql(`SELECT (SELECT COUNT(*) FROM webhooks) AS hooks, (SELECT COUNT(*) FROM webhook_deliveries) AS deliveries`);
const STATUSES = sql(`SELECT id, status FROM webhook_deliveries`);

function verifies(r: Received, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(Buffer.from(r.body, 'utf8')).digest('hex')}`);
  const given = Buffer.from(String(r.headers['x-signature'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function expectNoSecret(res: Response, secret = SECRET): void {
  expect(res.text).not.toContain(secret);
  expect(JSON.stringify(res.headers)).not.toContain(secret);
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface HistoryEntry {
  seq: number;
  hash: string;
  at: string;
  subjectType?: string;
  subjectId?: string;
  changeRequestId: string | null;
  eventType: string;
  payload: Record<string, unknown>;
}

async function history(call: Api): Promise<{ entries: HistoryEntry[]; text: string }> {
  const text = (await call.get('revisor', '/api/audit/export?format=jsonl').expect(200)).text;
  return { text, entries: text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as HistoryEntry) };
}

async function submitted(call: Api, title = SJUHARAD_DRAFT.title): Promise<{ id: string; reference: string }> {
  const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title }).expect(201)).body.id as string;
  const reference = (await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200)).body.reference as string;
  return { id, reference };
}

interface DeliveryItem {
  id: string;
  seq: number;
  changeRequestId: string;
  eventType: string;
  status: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  attempts: { n: number; at: string; statusCode: number | null; error: string | null; durationMs: number | null }[];
}

async function deliveries(call: Api, hookId: string): Promise<DeliveryItem[]> {
  const res = await call.get('admin', `/api/webhooks/${hookId}/deliveries`).expect(200);
  expectNoSecret(res);
  return res.body.items as DeliveryItem[];
}

describe('webhooks (e2e)', () => {
  let t: TestApp;
  let call: Api;
  let database: Database;
  const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];

  // The clock of this app is moved only by `move`: it is ahead of real time by the sum of the steps.
  let offset = 0;
  const move = async (ms: number) => {
    offset += ms;
    await call.put('admin', '/api/test/clock', { now: new Date(Date.now() + offset).toISOString() }).expect(200);
  };

  const counts = () =>
    database.read(async ({ sql: db }) => {
      const row = (await db.get<{ hooks: number | string; deliveries: number | string }>(COUNT))!;
      return { hooks: Number(row.hooks), deliveries: Number(row.deliveries) };
    });

  beforeAll(async () => {
    // The default 30 s first retry: retries come due only when the test moves the clock.
    t = await createTestApp({ config: { clockControl: true, webhooks: { pollMs: 25, timeoutMs: 2000 } } });
    call = api(t);
    database = t.app.get(Database);
  });
  afterAll(async () => {
    await t?.close();
    for (const r of receivers) await r.close();
  });

  it('is for administrators only: everyone else gets 403 and nothing is stored', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    for (const user of ['vgr.handlaggare', 'vastkom.handlaggare', 'sjuharad.handlaggare', 'revisor', 'styrgrupp.ordforande']) {
      await call.post(user, '/api/webhooks', { url: receiver.url, events: ['SUBMIT'], secret: SECRET }).expect(403);
      await call.get(user, '/api/webhooks').expect(403);
      await call.get(user, '/api/webhooks/x').expect(403);
      await call.get(user, '/api/webhooks/x/deliveries').expect(403);
      await t.http.delete('/api/webhooks/x').set('Authorization', `Bearer ${t.token(user)}`).expect(403);
    }
    await t.http.get('/api/webhooks').expect(401);
    expect(await counts()).toEqual({ hooks: 0, deliveries: 0 });
  });

  it('refuses bad input with a 400 naming the field, stores nothing and never echoes the secret', async () => {
    const good = { url: 'https://integration.example.org/hook', events: ['SUBMIT'], secret: SECRET };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, url: 'ftp://integration.example.org/hook' }, 'url'],
      [{ ...good, url: '/relative/hook' }, 'url'],
      [{ ...good, url: 'integration.example.org/hook' }, 'url'],
      [{ ...good, url: 'https://user:pass@integration.example.org/hook' }, 'url'],
      [{ ...good, url: 42 }, 'url'],
      [{ ...good, events: [] }, 'events'],
      [{ ...good, events: 'SUBMIT' }, 'events'],
      [{ ...good, events: ['SUBMIT', 'NO_SUCH_EVENT'] }, 'events'],
      [{ ...good, events: ['*', 'SUBMIT'] }, 'events'],
      [{ ...good, secret: 'kort-hemlighet' }, 'secret'],
      [{ url: good.url, events: good.events }, 'secret'],
      [{ ...good, active: false }, 'active'],
    ];
    for (const [body, field] of cases) {
      const res = await call.post('admin', '/api/webhooks', body).expect(400);
      expect({ field, fields: (res.body.fields as { field: string }[]).map((f) => f.field) }).toEqual({ field, fields: expect.arrayContaining([field]) });
      expectNoSecret(res);
      expect(res.text).not.toContain('kort-hemlighet');
    }
    expect((await call.post('admin', '/api/webhooks', { ...good, events: ['NO_SUCH_EVENT'] }).expect(400)).body.fields[0].message).toContain('NO_SUCH_EVENT');
    expect(await counts()).toEqual({ hooks: 0, deliveries: 0 });
    expect((await history(call)).entries.filter((e) => e.subjectType === 'webhook')).toEqual([]);
    await call.get('admin', '/api/webhooks/00000000-0000-0000-0000-000000000000').expect(404);
    await call.get('admin', '/api/webhooks/00000000-0000-0000-0000-000000000000/deliveries').expect(404);
    await t.http.delete('/api/webhooks/00000000-0000-0000-0000-000000000000').set('Authorization', `Bearer ${t.token('admin')}`).expect(404);
  });

  let hookId: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  it('creates a hook for SUBMIT, audited without the secret; no response shows the secret', async () => {
    receiver = await startReceiver();
    receivers.push(receiver);
    const created = await call.post('admin', '/api/webhooks', { url: receiver.url, events: ['SUBMIT'], secret: SECRET }).expect(201);
    expectNoSecret(created);
    expect(created.body).toEqual({
      id: expect.any(String),
      url: receiver.url,
      events: ['SUBMIT'],
      active: true,
      createdAt: expect.any(String),
      createdBy: 'admin',
      deactivatedAt: null,
    });
    hookId = created.body.id as string;
    const list = await call.get('admin', '/api/webhooks').expect(200);
    expectNoSecret(list);
    expect(list.body).toEqual([created.body]);
    const one = await call.get('admin', `/api/webhooks/${hookId}`).expect(200);
    expectNoSecret(one);
    expect(one.body).toEqual(created.body);

    const { entries, text } = await history(call);
    expect(text).not.toContain(SECRET);
    const audited = entries.filter((e) => e.subjectType === 'webhook');
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      subjectId: hookId,
      eventType: 'WEBHOOK_CREATED',
      changeRequestId: null,
      payload: { webhook: { id: hookId, url: receiver.url, events: ['SUBMIT'], active: true } },
    });
  });

  let first: { id: string; reference: string };

  it('a submission is POSTed once: signed with the secret, exactly the seven keys, matching its audit entry', async () => {
    first = await submitted(call);
    await until('the POST', () => receiver.received.length >= 1);
    await until('the delivery to be recorded', async () => (await deliveries(call, hookId))[0]?.status === 'delivered');
    // The dispatcher keeps polling: nothing is sent again.
    await pause(300);
    expect(receiver.received).toHaveLength(1);
    const [post] = receiver.received;

    expect(post.headers['content-type']).toBe('application/json');
    expect(post.headers['user-agent']).toMatch(/^Andringsbegaran/);
    expect(verifies(post, SECRET)).toBe(true);
    expect(verifies(post, `${SECRET}x`)).toBe(false);

    const body = JSON.parse(post.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(BODY_KEYS);
    const entry = (await history(call)).entries.find((e) => e.changeRequestId === first.id && e.eventType === 'SUBMIT')!;
    expect(body).toEqual({
      id: post.headers['idempotency-key'],
      reference: first.reference,
      changeRequestId: first.id,
      eventType: 'SUBMIT',
      seq: entry.seq,
      hash: entry.hash,
      at: entry.at,
    });
    expect(post.body).not.toContain(SECRET);
    expect(post.body).not.toContain(SJUHARAD_DRAFT.title);

    const [delivery] = await deliveries(call, hookId);
    expect(delivery).toMatchObject({ id: body.id, seq: entry.seq, changeRequestId: first.id, eventType: 'SUBMIT', status: 'delivered', nextAttemptAt: null });
    expect(delivery.attempts).toEqual([{ n: 1, at: expect.any(String), statusCode: 200, error: null, durationMs: expect.any(Number) }]);
  });

  it('an event the hook does not subscribe to, and a refused one (409, 403), write no delivery', async () => {
    const before = await counts();
    await call.event('sjuharad.handlaggare', first.id, { type: 'COMMENT', text: 'En fråga om tidplanen.' }).expect(200);
    await call.event('vastkom.handlaggare', first.id, { type: 'SUBMIT' }).expect(409);
    await call.event('styrgrupp.ordforande', first.id, { type: 'ACKNOWLEDGE' }).expect(403);
    expect(await counts()).toEqual(before);
    await pause(150);
    expect(receiver.received).toHaveLength(1);
  });

  let retrying: Awaited<ReturnType<typeof startReceiver>>;
  let retryHook: string;

  it('a deleted hook keeps its history, gets no new deliveries and is deleted once (audited)', async () => {
    const res = await t.http.delete(`/api/webhooks/${hookId}`).set('Authorization', `Bearer ${t.token('admin')}`).expect(200);
    expectNoSecret(res);
    expect(res.body).toMatchObject({ id: hookId, active: false, deactivatedAt: expect.any(String) });
    await t.http.delete(`/api/webhooks/${hookId}`).set('Authorization', `Bearer ${t.token('admin')}`).expect(200);
    const audited = (await history(call)).entries.filter((e) => e.subjectType === 'webhook').map((e) => e.eventType);
    expect(audited).toEqual(['WEBHOOK_CREATED', 'WEBHOOK_DEACTIVATED']);

    // A receiver that fails twice, then accepts.
    retrying = await startReceiver((n) => (n <= 2 ? 500 : 200));
    receivers.push(retrying);
    retryHook = (await call.post('admin', '/api/webhooks', { url: retrying.url, events: ['SUBMIT', 'ACKNOWLEDGE'], secret: SECRET }).expect(201)).body.id;
    await submitted(call, 'Andra begäran');
    await until('the first try', () => retrying.received.length >= 1);
    await pause(200);
    expect(receiver.received).toHaveLength(1);
    expect(await deliveries(call, hookId)).toHaveLength(1);
    expect((await call.get('admin', '/api/webhooks').expect(200)).body.map((h: { active: boolean }) => h.active)).toEqual([false, true]);
  });

  it('500 twice then 200: three attempts by the clock, one Idempotency-Key and the same signed bytes, delivered', async () => {
    await until('the first attempt to be recorded', async () => (await deliveries(call, retryHook))[0]?.attempts[0]?.statusCode === 500);
    let [delivery] = await deliveries(call, retryHook);
    expect(delivery.status).toBe('pending');
    const firstTry = new Date(delivery.attempts[0].at).getTime();
    expect(new Date(delivery.nextAttemptAt!).getTime() - firstTry).toBeGreaterThanOrEqual(30_000);
    // Not due yet by the clock: nothing happens however long the dispatcher polls.
    await pause(300);
    expect(retrying.received).toHaveLength(1);

    await move(31_000);
    await until('the second try', () => retrying.received.length >= 2);
    await until('the second attempt to be recorded', async () => (await deliveries(call, retryHook))[0].attempts[1]?.statusCode === 500);
    [delivery] = await deliveries(call, retryHook);
    // The second delay doubles: 60 s after the second try.
    expect(new Date(delivery.nextAttemptAt!).getTime() - new Date(delivery.attempts[1].at).getTime()).toBeGreaterThanOrEqual(60_000);
    await move(31_000);
    await pause(200);
    expect(retrying.received).toHaveLength(2);
    await move(31_000);
    await until('the delivery', async () => (await deliveries(call, retryHook))[0].status === 'delivered');
    await pause(200);

    expect(retrying.received).toHaveLength(3);
    const keys = new Set(retrying.received.map((r) => r.headers['idempotency-key']));
    expect(keys).toEqual(new Set([delivery.id]));
    expect(new Set(retrying.received.map((r) => r.body)).size).toBe(1);
    for (const r of retrying.received) expect(verifies(r, SECRET)).toBe(true);
    [delivery] = await deliveries(call, retryHook);
    expect(delivery.attempts.map((a) => [a.n, a.statusCode, a.error])).toEqual([
      [1, 500, null],
      [2, 500, null],
      [3, 200, null],
    ]);
    for (const a of delivery.attempts) expect(a.durationMs).toBeGreaterThanOrEqual(0);
    expect(delivery.deliveredAt).not.toBeNull();
  });

  it('a delivery whose sender stopped mid-attempt is taken over when its lease runs out, by the clock', async () => {
    const takeover = await startReceiver();
    receivers.push(takeover);
    const hook = (await call.post('admin', '/api/webhooks', { url: takeover.url, events: ['SUBMIT'], secret: SECRET }).expect(201)).body.id as string;
    // What an instance that crashed during its first attempt leaves behind: the delivery claimed
    // (attempt 1 started, leased for the attempt's timeout and a minute) and no outcome.
    const id = '00000000-0000-4000-8000-00000000c0de';
    const now = Date.now() + offset;
    const body = JSON.stringify({ id, reference: first.reference, changeRequestId: first.id, eventType: 'SUBMIT', seq: 1, hash: 'f'.repeat(64), at: new Date(now).toISOString() });
    await database.write(async ({ sql: db }) => {
      await db.run(
        sql(`INSERT INTO webhook_deliveries (id, webhook_id, audit_seq, change_request_id, event_type, body, status, attempts, next_attempt_at, created_at)
          VALUES (?, ?, 1, ?, 'SUBMIT', ?, 'pending', 1, ?, ?)`),
        [id, hook, first.id, body, new Date(now + 62_000).toISOString(), new Date(now).toISOString()],
      );
      await db.run(sql(`INSERT INTO webhook_attempts (delivery_id, n, started_at) VALUES (?, 1, ?)`), [id, new Date(now).toISOString()]);
    });
    await pause(300);
    expect(takeover.received).toHaveLength(0);
    await move(63_000);
    await until('the takeover', async () => (await deliveries(call, hook))[0]?.status === 'delivered');
    expect(takeover.received.map((r) => [r.headers['idempotency-key'], r.body, verifies(r, SECRET)])).toEqual([[id, body, true]]);
    const [delivery] = await deliveries(call, hook);
    expect(delivery.attempts.map((a) => [a.n, a.statusCode, a.error])).toEqual([
      [1, null, 'LEASE_EXPIRED'],
      [2, 200, null],
    ]);
  });

  it('/metrics shows the webhook outbox by status', async () => {
    const text = (await t.http.get('/metrics').expect(200)).text;
    const sample = (status: string) => Number(new RegExp(`^andringsbegaran_outbox_webhooks\\{status="${status}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    const rows = await database.read(({ sql: db }) => db.all<{ status: string }>(STATUSES));
    for (const status of ['pending', 'delivered', 'failed']) expect([status, sample(status)]).toEqual([status, rows.filter((r) => r.status === status).length]);
    expect(sample('delivered')).toBeGreaterThanOrEqual(3);
  });
});

describe('webhooks that keep failing (e2e)', () => {
  it('end failed after the last try: an error status, no answer in time, a redirect not followed', async () => {
    const failing = await startReceiver(() => 503);
    const hanging = await startReceiver(() => 'hang');
    const target = await startReceiver();
    const redirecting = await startReceiver(() => ({ redirect: target.url }));
    const t = await createTestApp({ config: { webhooks: { pollMs: 20, retryBaseMs: 20, timeoutMs: 300, maxAttempts: 3 } } });
    const logged: string[] = [];
    const spies = (['log', 'warn', 'error'] as const).map((level) =>
      jest.spyOn(Logger.prototype, level).mockImplementation(function (this: Logger, ...args: unknown[]) {
        logged.push(args.map(String).join(' '));
      }),
    );
    try {
      const call = api(t);
      const database = t.app.get(Database);
      const hooks: string[] = [];
      for (const r of [failing, hanging, redirecting]) {
        hooks.push((await call.post('admin', '/api/webhooks', { url: r.url, events: ['*'], secret: SECRET }).expect(201)).body.id as string);
      }
      await submitted(call);
      await until(
        'every delivery to be settled',
        async () => (await database.read(({ sql: db }) => db.all<{ status: string }>(STATUSES))).every((d) => d.status !== 'pending'),
        20_000,
      );
      await pause(200);
      expect(failing.received).toHaveLength(3);
      expect(hanging.received).toHaveLength(3);
      expect(redirecting.received).toHaveLength(3);
      expect(target.received).toHaveLength(0);
      const outcomes = [];
      for (const hook of hooks) {
        const [delivery] = await deliveries(call, hook);
        expect(delivery.status).toBe('failed');
        outcomes.push(delivery.attempts.map((a) => a.statusCode ?? a.error));
      }
      expect(outcomes).toEqual([
        [503, 503, 503],
        ['TIMEOUT', 'TIMEOUT', 'TIMEOUT'],
        [302, 302, 302],
      ]);
      // Every failed attempt is logged by its delivery and reason, never with the secret or the URL.
      const warnings = logged.filter((l) => l.startsWith('Webhook delivery'));
      expect(warnings).toHaveLength(9);
      for (const line of logged) {
        expect(line).not.toContain(SECRET);
        expect(line).not.toContain('127.0.0.1');
      }
      // "*" takes every event: the edit of a draft too; the body is the same seven keys.
      const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id as string;
      await call.event('sjuharad.handlaggare', id, { type: 'EDIT', title: 'Ny rubrik' }).expect(200);
      await until('the EDIT to arrive', () => failing.received.length === 4);
      expect(Object.keys(JSON.parse(failing.received[3].body))).toEqual(BODY_KEYS);
      expect(JSON.parse(failing.received[3].body)).toMatchObject({ eventType: 'EDIT', reference: null, changeRequestId: id });
    } finally {
      for (const spy of spies) spy.mockRestore();
      await t.close();
      for (const r of [failing, hanging, target, redirecting]) await r.close();
    }
  });

  if (process.env.TEST_DATABASE === 'postgres') {
    it('two instances on one PostgreSQL schema deliver each delivery once', async () => {
      const receiver = await startReceiver();
      const webhooks = { pollMs: 10, retryBaseMs: 50, timeoutMs: 2000 };
      const first = await createTestApp({ config: { webhooks } });
      const second = await createTestApp({ databaseUrl: first.databaseUrl, schema: first.schema, config: { webhooks } });
      try {
        const calls = [api(first), api(second)];
        await calls[0].post('admin', '/api/webhooks', { url: receiver.url, events: ['SUBMIT'], secret: SECRET }).expect(201);
        await calls[1].post('admin', '/api/webhooks', { url: `${receiver.url}&second=1`, events: ['SUBMIT'], secret: `${SECRET}-2` }).expect(201);
        const requests = 12;
        for (let i = 0; i < requests; i++) {
          const id = (await calls[i % 2].post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title: `Begäran ${i}` }).expect(201)).body
            .id as string;
          await calls[(i + 1) % 2].event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
        }
        const database = first.app.get(Database);
        await until(
          'every delivery',
          async () => {
            const rows = await database.read(({ sql: db }) => db.all<{ status: string }>(STATUSES));
            return rows.length === 2 * requests && rows.every((d) => d.status === 'delivered');
          },
          20_000,
        );
        // Both dispatchers keep polling a while longer: nothing is sent again.
        await pause(300);
        const keys = receiver.received.map((r) => String(r.headers['idempotency-key']));
        expect(keys).toHaveLength(2 * requests);
        expect(new Set(keys).size).toBe(2 * requests);
        const seqs = receiver.received.map((r) => JSON.parse(r.body).seq as number);
        expect(new Set(seqs).size).toBe(requests);
        expect(receiver.received.filter((r) => verifies(r, SECRET))).toHaveLength(requests);
        expect(receiver.received.filter((r) => verifies(r, `${SECRET}-2`))).toHaveLength(requests);
        const attempts = await database.read(({ sql: db }) => db.all<{ n: number | string }>(sql(`SELECT n FROM webhook_attempts`)));
        expect(attempts.map((a) => Number(a.n))).toEqual(Array(2 * requests).fill(1));
      } finally {
        await second.close();
        await first.close();
        await receiver.close();
      }
    });
  }
});
