import { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';
import { decodeSubject, mailsSettled as settled, startSmtp } from '../support/smtp';

/**
 * SPEC §9, notifications through an outbox: an accepted event writes its notifications and its
 * e-mail deliveries in its own transaction; a refused one writes nothing. Recipients follow
 * visibility and whose turn it is; never the actor, never admin.
 */

type Api = ReturnType<typeof api>;

const STATUSES = sql(`SELECT recipient_id, status, attempts, last_error FROM email_deliveries ORDER BY recipient_id`);
const EMAILS = sql(`SELECT recipient_id, address, subject, body, status FROM email_deliveries ORDER BY recipient_id`);
const COUNT_ALL = sql(`SELECT (SELECT COUNT(*) FROM notifications) AS n, (SELECT COUNT(*) FROM email_deliveries) AS e`);

describe('notifications (e2e)', () => {
  let t: TestApp;
  let call: Api;
  let database: Database;

  const counts = () =>
    database.read(async ({ sql: db }) => {
      const row = await db.get<{ n: number | string; e: number | string }>(COUNT_ALL);
      return { notifications: Number(row!.n), emails: Number(row!.e) };
    });

  beforeAll(async () => {
    t = await createTestApp({ config: { publicUrl: 'https://andringar.example.org' } });
    call = api(t);
    database = t.app.get(Database);
  });
  afterAll(() => t?.close());

  let id: string;

  it('after SUBMIT vgr.handlaggare has one notification and one queued mail; uddevalla, admin and the actor none', async () => {
    id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id as string;
    expect(await counts()).toEqual({ notifications: 0, emails: 0 });
    const submitted = await call.post('vastkom.handlaggare', `/api/change-requests/${id}/events`, { type: 'SUBMIT' }).expect(200);
    const reference = submitted.body.reference as string;
    expect(reference).toMatch(/^ÄB-\d{4}-\d{4}$/);

    const vgr = await call.get('vgr.handlaggare', '/api/me/notifications').expect(200);
    expect(vgr.body.unread).toBe(1);
    expect(vgr.body.total).toBe(1);
    expect(vgr.body.items).toHaveLength(1);
    expect(vgr.body.items[0]).toMatchObject({ changeRequestId: id, eventType: 'SUBMIT', readAt: null });
    expect(vgr.body.items[0].title).toBe(`Att göra – Bekräfta mottagande och öppna dialog: ${reference} ${SJUHARAD_DRAFT.title}`);
    expect(vgr.body.items[0].text).toContain('Formellt inlämnad');

    for (const user of ['uddevalla.handlaggare', 'admin', 'vastkom.handlaggare', 'sjuharad.handlaggare', 'styrgrupp.ordforande']) {
      const none = await call.get(user, '/api/me/notifications').expect(200);
      expect({ user, unread: none.body.unread, items: none.body.items }).toEqual({ user, unread: 0, items: [] });
    }

    const emails = await database.read(({ sql: db }) => db.all<Record<string, string>>(EMAILS));
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ recipient_id: 'vgr.handlaggare', address: 'vgr.handlaggare@example.org', status: 'pending' });
    expect(emails[0].subject).toContain(`[${reference}]`);
    expect(emails[0].body).toContain(`https://andringar.example.org/#/arende/${id}`);
  });

  it('a refused event (403, 409) writes no notification and no mail', async () => {
    const before = await counts();
    await call.post('styrgrupp.ordforande', `/api/change-requests/${id}/events`, { type: 'ACKNOWLEDGE' }).expect(403);
    await call.post('vastkom.handlaggare', `/api/change-requests/${id}/events`, { type: 'SUBMIT' }).expect(409);
    expect(await counts()).toEqual(before);
  });

  it('a comment gives nobody new work and tells nobody; read marks the given ids or all, only your own', async () => {
    const before = await counts();
    await call.post('sjuharad.handlaggare', `/api/change-requests/${id}/events`, { type: 'COMMENT', text: 'En fråga' }).expect(200);
    expect(await counts()).toEqual(before);
    // A second submitted request is new work for VGR again.
    const second = (await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title: 'Andra begäran' }).expect(201)).body.id;
    await call.post('vastkom.handlaggare', `/api/change-requests/${second}/events`, { type: 'SUBMIT' }).expect(200);
    const page = (await call.get('vgr.handlaggare', '/api/me/notifications?limit=1').expect(200)).body;
    expect(page).toMatchObject({ total: 2, totalExact: true, unread: 2, unreadExact: true, limit: 1, offset: 0 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ eventType: 'SUBMIT', changeRequestId: second });
    expect((await call.get('sjuharad.handlaggare', '/api/me/notifications').expect(200)).body.total).toBe(0);

    // Someone else's id is ignored.
    expect((await call.post('uddevalla.handlaggare', '/api/me/notifications/read', { ids: [page.items[0].id] }).expect(200)).body).toEqual({
      marked: 0,
      unread: 0,
      unreadExact: true,
    });
    expect((await call.post('vgr.handlaggare', '/api/me/notifications/read', { ids: [page.items[0].id] }).expect(200)).body).toEqual({
      marked: 1,
      unread: 1,
      unreadExact: true,
    });
    const after = (await call.get('vgr.handlaggare', '/api/me/notifications').expect(200)).body;
    expect(after.items.map((n: { changeRequestId: string; readAt: string | null }) => [n.changeRequestId, n.readAt !== null])).toEqual([
      [second, true],
      [id, false],
    ]);
    expect((await call.post('vgr.handlaggare', '/api/me/notifications/read', {}).expect(200)).body).toEqual({ marked: 1, unread: 0, unreadExact: true });
  });

  it('after a decision communications is told it has the communication plan to carry out', async () => {
    await call.post('vgr.handlaggare', `/api/change-requests/${id}/events`, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
    await call.post('vgr.handlaggare', `/api/change-requests/${id}/events`, { type: 'RECORD_IMPACT', text: 'Ingen påverkan.' }).expect(200);
    await call.decide('styrgrupp.ordforande', id, { outcome: 'approved', rationale: 'Bifall.', meetingReference: 'PSG § 1' }).expect(200);
    const told = (await call.get('kommunikator', '/api/me/notifications').expect(200)).body.items as { eventType: string; title: string }[];
    expect(told.map((n) => n.eventType)).toEqual(['DECIDE']);
    expect(told[0].title).toMatch(/^Att göra – /);
    // The requesting municipality hears of the decision too.
    expect(((await call.get('sjuharad.handlaggare', '/api/me/notifications').expect(200)).body.items as { eventType: string }[]).map((n) => n.eventType)).toEqual(['DECIDE']);
  });

  it('refuses a page size over the maximum and unknown fields with a 400', async () => {
    await call.get('vgr.handlaggare', '/api/me/notifications?limit=101').expect(400);
    await call.post('vgr.handlaggare', '/api/me/notifications/read', { all: true }).expect(400);
  });
});

describe('e-mail delivery over SMTP (e2e)', () => {
  it('an SMTP server that refuses twice gets the mail once, on the third try, in Swedish with a link', async () => {
    const smtp = await startSmtp(2);
    const t = await createTestApp({
      config: { publicUrl: 'https://andringar.example.org', mail: { smtpUrl: smtp.url, from: 'Ändringsbegäran <noreply@example.org>', retryBaseMs: 50, pollMs: 100 } },
    });
    try {
      const call = api(t);
      const database = t.app.get(Database);
      const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id as string;
      const reference = (await call.post('vastkom.handlaggare', `/api/change-requests/${id}/events`, { type: 'SUBMIT' }).expect(200)).body
        .reference as string;
      await settled(database);
      expect(smtp.refused()).toBe(2);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0].to).toBe('vgr.handlaggare@example.org');
      expect(decodeSubject(smtp.received[0].subject)).toBe(
        `[${reference}] Att göra – Bekräfta mottagande och öppna dialog: ${reference} ${SJUHARAD_DRAFT.title}`,
      );
      expect(smtp.received[0].raw.replace(/=\r\n/g, '')).toContain(`#/arende/${id}`);
      expect(await database.read(({ sql: db }) => db.all(STATUSES))).toEqual([
        { recipient_id: 'vgr.handlaggare', status: 'sent', attempts: 3, last_error: null },
      ]);
    } finally {
      await t.close();
      await smtp.close();
    }
  });

  it('a mail the server keeps refusing is marked failed after the last try, with a short reason', async () => {
    const smtp = await startSmtp(100);
    const t = await createTestApp({
      config: { mail: { smtpUrl: smtp.url, from: 'noreply@example.org', retryBaseMs: 20, pollMs: 100, maxAttempts: 3 } },
    });
    try {
      const call = api(t);
      const database = t.app.get(Database);
      const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id as string;
      await call.post('vastkom.handlaggare', `/api/change-requests/${id}/events`, { type: 'SUBMIT' }).expect(200);
      await settled(database);
      expect(smtp.received).toHaveLength(0);
      expect(smtp.refused()).toBe(3);
      const rows = await database.read(({ sql: db }) => db.all<{ status: string; attempts: number; last_error: string }>(STATUSES));
      expect(rows).toMatchObject([{ recipient_id: 'vgr.handlaggare', status: 'failed', attempts: 3 }]);
      expect(rows[0].last_error).toContain('451');
      expect(rows[0].last_error).not.toContain('@');
    } finally {
      await t.close();
      await smtp.close();
    }
  });

  if (process.env.TEST_DATABASE === 'postgres') {
    it('two instances on one PostgreSQL schema deliver each mail exactly once', async () => {
      const smtp = await startSmtp();
      const mail = { smtpUrl: smtp.url, from: 'noreply@example.org', retryBaseMs: 50, pollMs: 20 };
      const first = await createTestApp({ config: { mail } });
      const second = await createTestApp({ databaseUrl: first.databaseUrl, schema: first.schema, config: { mail } });
      try {
        const calls = [api(first), api(second)];
        const references: string[] = [];
        for (let i = 0; i < 12; i++) {
          const call = calls[i % 2];
          const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title: `Begäran ${i}` }).expect(201)).body
            .id as string;
          references.push((await calls[(i + 1) % 2].post('vastkom.handlaggare', `/api/change-requests/${id}/events`, { type: 'SUBMIT' }).expect(200)).body.reference);
        }
        await settled(first.app.get(Database));
        // Both dispatchers keep polling a while longer: nothing is sent again.
        await new Promise((r) => setTimeout(r, 300));
        const subjects = smtp.received.map((m) => decodeSubject(m.subject));
        expect(subjects).toHaveLength(12);
        expect(new Set(subjects).size).toBe(12);
        for (const reference of references) expect(subjects.filter((s) => s.startsWith(`[${reference}]`))).toHaveLength(1);
      } finally {
        await second.close();
        await first.close();
        await smtp.close();
      }
    });
  }
});
