import { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';
import { decodeSubject, mailsSettled, mailText, startSmtp, type TestSmtp } from '../support/smtp';

/**
 * SPEC §9 reminders from the clock: on the working day before a deadline's due date and on the
 * day it has passed, each user it awaits is told once — in the app and by e-mail, in Swedish —
 * per deadline, phase and due date; across several instances on PostgreSQL, still once.
 */

const REMINDERS = sql(`SELECT delivery_key, recipient_id FROM email_deliveries WHERE kind = 'reminder' ORDER BY delivery_key`);

async function at(t: TestApp, now: string): Promise<void> {
  await api(t).put('vgr.handlaggare', '/api/test/clock', { now }).expect(200);
}

/** Waits until the reminders the clock move started have been written and every mail sent. */
async function remindersSettled(t: TestApp, smtp: TestSmtp, expectedReminderMails: number): Promise<void> {
  const end = Date.now() + 20_000;
  const reminderMails = () => smtp.received.filter((m) => /^\[[^\]]+\] (Påminnelse|Försenad) – /.test(decodeSubject(m.subject))).length;
  while (reminderMails() < expectedReminderMails && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  await mailsSettled(t.app.get(Database));
  // Every timer and dispatcher keeps looking a while longer: nothing more arrives.
  await new Promise((r) => setTimeout(r, 400));
}

const reminderSubjects = (smtp: TestSmtp) =>
  smtp.received
    .map((m) => ({ to: m.to, subject: decodeSubject(m.subject), text: mailText(m.raw) }))
    .filter((m) => / (Påminnelse|Försenad) – /.test(m.subject))
    .sort((a, b) => a.to.localeCompare(b.to) || a.subject.localeCompare(b.subject));

describe('reminders (e2e)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let id: string;
  let reference: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({
      config: { clockControl: true, publicUrl: 'https://andringar.example.org', mail: { smtpUrl: smtp.url, from: 'noreply@example.org', retryBaseMs: 50, pollMs: 100 } },
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('an information request on Friday 2024-12-20 without an answer: one "due tomorrow" reminder on 2 January, one "overdue" on 8 January, to VästKom and the requesting municipality', async () => {
    const call = api(t);
    await at(t, '2024-12-20T09:00:00+01:00');
    id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id as string;
    reference = (await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200)).body.reference as string;
    await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
    await call.event('vgr.handlaggare', id, { type: 'REQUEST_INFO', text: 'Vilka kommuner berörs?' }).expect(200);
    const respond = ((await call.get('vgr.handlaggare', `/api/change-requests/${id}`).expect(200)).body.deadlines as { kind: string; dueAt: string }[]).find(
      (d) => d.kind === 'respond',
    );
    expect(respond?.dueAt).toBe('2025-01-03');
    await remindersSettled(t, smtp, 0);
    expect(reminderSubjects(smtp)).toEqual([]);

    // 2 January is a working day and the last before 3 January.
    await at(t, '2025-01-02T08:00:00+01:00');
    await remindersSettled(t, smtp, 2);
    const name = `${reference} ${SJUHARAD_DRAFT.title}`;
    const before = reminderSubjects(smtp);
    expect(before.map((m) => [m.to, m.subject])).toEqual([
      ['sjuharad.handlaggare@example.org', `[${reference}] Påminnelse – Svar på begärd komplettering senast 3 januari 2025: ${name}`],
      ['vastkom.handlaggare@example.org', `[${reference}] Påminnelse – Svar på begärd komplettering senast 3 januari 2025: ${name}`],
    ]);
    expect(before[0].text).toContain('Fristen ”Svar på begärd komplettering” för');
    expect(before[0].text).toContain(`https://andringar.example.org/#/arende/${id}`);

    // Later the same day and the next: no second reminder.
    await at(t, '2025-01-02T15:00:00+01:00');
    await at(t, '2025-01-03T09:00:00+01:00');
    await remindersSettled(t, smtp, 2);
    expect(reminderSubjects(smtp)).toHaveLength(2);

    await at(t, '2025-01-08T08:00:00+01:00');
    await remindersSettled(t, smtp, 4);
    await at(t, '2025-01-09T08:00:00+01:00');
    await remindersSettled(t, smtp, 4);
    const all = reminderSubjects(smtp);
    expect(all.filter((m) => m.subject.includes('Försenad')).map((m) => [m.to, m.subject])).toEqual([
      ['sjuharad.handlaggare@example.org', `[${reference}] Försenad – Svar på begärd komplettering: ${name}`],
      ['vastkom.handlaggare@example.org', `[${reference}] Försenad – Svar på begärd komplettering: ${name}`],
    ]);
    expect(all.find((m) => m.subject.includes('Försenad'))!.text).toContain('gick ut 3 januari 2025 och är överskriden');
    // Nobody else was reminded: not VGR (not theirs to answer), not another municipality, not admin.
    expect(new Set(all.map((m) => m.to))).toEqual(new Set(['sjuharad.handlaggare@example.org', 'vastkom.handlaggare@example.org']));
  });

  it('the reminders are in the app too, marked as reminders, and the request is overdue in the list, on the request and in Att göra', async () => {
    const call = api(t);
    const mine = (await call.get('sjuharad.handlaggare', '/api/me/notifications').expect(200)).body.items as { kind: string; seq: number | null; title: string }[];
    const reminders = mine.filter((n) => n.kind === 'reminder');
    expect(reminders.map((n) => n.title.split(' – ')[0])).toEqual(['Försenad', 'Påminnelse']);
    expect(reminders.every((n) => n.seq === null)).toBe(true);
    expect((await call.get('uddevalla.handlaggare', '/api/me/notifications').expect(200)).body.items).toEqual([]);
    const overdue = (await call.get('vastkom.handlaggare', '/api/change-requests?overdue=true').expect(200)).body.items as { id: string }[];
    expect(overdue.map((r) => r.id)).toContain(id);
    const tasks = (await call.get('sjuharad.handlaggare', '/api/me/tasks').expect(200)).body.items as { changeRequest: { id: string }; overdue: boolean }[];
    expect(tasks.find((task) => task.changeRequest.id === id)?.overdue).toBe(true);
  });

  it('an answer meets the deadline; a new information request with a later date is reminded afresh for its own date', async () => {
    const call = api(t);
    await call.event('sjuharad.handlaggare', id, { type: 'PROVIDE_INFO', text: 'Alla åtta kommuner.' }).expect(200);
    await call.event('vgr.handlaggare', id, { type: 'REQUEST_INFO', text: 'Och tidplanen?', respondBy: '2025-01-15' }).expect(200);
    await at(t, '2025-01-14T08:00:00+01:00');
    await remindersSettled(t, smtp, 6);
    const fresh = reminderSubjects(smtp).filter((m) => m.subject.includes('senast 15 januari 2025'));
    expect(fresh.map((m) => m.to)).toEqual(['sjuharad.handlaggare@example.org', 'vastkom.handlaggare@example.org']);
    expect(reminderSubjects(smtp)).toHaveLength(6);
  });

  it('an administrator sees the outbox by status and may try a failed mail again; nobody else may', async () => {
    const call = api(t);
    const page = (await call.get('admin', '/api/admin/email-deliveries?status=sent&limit=5').expect(200)).body;
    expect(page).toMatchObject({ limit: 5, offset: 0, failed: 0, pending: 0 });
    expect(page.total).toBe(page.sent);
    expect(page.items).toHaveLength(5);
    expect(page.items.some((m: { kind: string }) => m.kind === 'reminder')).toBe(true);
    await call.get('vgr.handlaggare', '/api/admin/email-deliveries').expect(403);
    await call.get('admin', '/api/admin/email-deliveries?status=lost').expect(400);
    await call.post('admin', `/api/admin/email-deliveries/${page.items[0].id}/retry`, {}).expect(409);
    await call.post('admin', '/api/admin/email-deliveries/00000000-0000-4000-8000-000000000000/retry', {}).expect(404);
  });
});

describe('failed mails (e2e)', () => {
  it('a mail the server kept refusing shows as failed to the administrator and is sent when tried again', async () => {
    const smtp = await startSmtp(2);
    const t = await createTestApp({ config: { mail: { smtpUrl: smtp.url, from: 'noreply@example.org', retryBaseMs: 20, pollMs: 100, maxAttempts: 2 } } });
    try {
      const call = api(t);
      const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id as string;
      await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
      await mailsSettled(t.app.get(Database));
      const failed = (await call.get('admin', '/api/admin/email-deliveries?status=failed').expect(200)).body;
      expect(failed).toMatchObject({ total: 1, failed: 1 });
      expect(failed.items[0]).toMatchObject({ kind: 'event', recipientId: 'vgr.handlaggare', status: 'failed', attempts: 2 });
      expect(failed.items[0].lastError).toContain('451');
      const retried = (await call.post('admin', `/api/admin/email-deliveries/${failed.items[0].id}/retry`, {}).expect(200)).body;
      expect(retried).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
      await mailsSettled(t.app.get(Database));
      expect(smtp.received.map((m) => m.to)).toEqual(['vgr.handlaggare@example.org']);
      expect((await call.get('admin', '/api/admin/email-deliveries?status=failed').expect(200)).body.total).toBe(0);
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});

if (process.env.TEST_DATABASE === 'postgres') {
  describe('reminders across instances (e2e, PostgreSQL)', () => {
    it('two instances on one schema, clocks moved at once past 50 deadlines: exactly 50 × 2 reminder mails, none twice, none missing', async () => {
      const smtp = await startSmtp();
      const mail = { smtpUrl: smtp.url, from: 'noreply@example.org', retryBaseMs: 50, pollMs: 50 };
      const first = await createTestApp({ config: { clockControl: true, mail } });
      const others = [await createTestApp({ databaseUrl: first.databaseUrl, schema: first.schema, config: { clockControl: true, mail } })];
      const all = [first, ...others];
      try {
        await Promise.all(all.map((t) => at(t, '2024-12-20T09:00:00+01:00')));
        const call = api(first);
        const requests = 50;
        for (let i = 0; i < requests; i++) {
          const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title: `Begäran ${i}` }).expect(201)).body.id as string;
          await api(all[i % 2]).event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
          await api(all[(i + 1) % 2]).event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
          await api(all[i % 2]).event('vgr.handlaggare', id, { type: 'REQUEST_INFO', text: 'Fler uppgifter?' }).expect(200);
        }
        await Promise.all(all.map((t) => at(t, '2025-01-08T08:00:00+01:00')));
        // 50 overdue "respond" deadlines × 2 users, the acknowledge deadlines having been met.
        await remindersSettled(first, smtp, requests * 2);
        const rows = await first.app.get(Database).read(({ sql: db }) => db.all<{ delivery_key: string }>(REMINDERS));
        expect(rows).toHaveLength(requests * 2);
        const subjects = reminderSubjects(smtp).map((m) => `${m.to} ${m.subject}`);
        expect(subjects).toHaveLength(requests * 2);
        expect(new Set(subjects).size).toBe(requests * 2);
      } finally {
        for (const t of all) await t.close();
        await smtp.close();
      }
    });
  });
}
