import { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/**
 * SPEC §9, notifications through an outbox: an accepted event writes its notifications and its
 * e-mail deliveries in its own transaction; a refused one writes nothing. Recipients follow
 * visibility and whose turn it is; never the actor, never admin.
 */

type Api = ReturnType<typeof api>;

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

  it('a comment notifies whose turn it is, not the commenter; read marks the given ids or all, only your own', async () => {
    await call.post('sjuharad.handlaggare', `/api/change-requests/${id}/events`, { type: 'COMMENT', text: 'En fråga' }).expect(200);
    const page = (await call.get('vgr.handlaggare', '/api/me/notifications?limit=1').expect(200)).body;
    expect(page).toMatchObject({ total: 2, unread: 2, limit: 1, offset: 0 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0].eventType).toBe('COMMENT');
    expect((await call.get('sjuharad.handlaggare', '/api/me/notifications').expect(200)).body.total).toBe(0);

    // Someone else's id is ignored.
    expect((await call.post('uddevalla.handlaggare', '/api/me/notifications/read', { ids: [page.items[0].id] }).expect(200)).body).toEqual({
      marked: 0,
      unread: 0,
    });
    expect((await call.post('vgr.handlaggare', '/api/me/notifications/read', { ids: [page.items[0].id] }).expect(200)).body).toEqual({
      marked: 1,
      unread: 1,
    });
    const after = (await call.get('vgr.handlaggare', '/api/me/notifications').expect(200)).body;
    expect(after.items.map((n: { eventType: string; readAt: string | null }) => [n.eventType, n.readAt !== null])).toEqual([
      ['COMMENT', true],
      ['SUBMIT', false],
    ]);
    expect((await call.post('vgr.handlaggare', '/api/me/notifications/read', {}).expect(200)).body).toEqual({ marked: 1, unread: 0 });
  });

  it('refuses a page size over the maximum and unknown fields with a 400', async () => {
    await call.get('vgr.handlaggare', '/api/me/notifications?limit=101').expect(400);
    await call.post('vgr.handlaggare', '/api/me/notifications/read', { all: true }).expect(400);
  });
});
