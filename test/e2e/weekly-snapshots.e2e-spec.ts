import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import type { AppConfig, WeeklyReportConfig } from '../../src/config/app-config';
import { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';
import { Scheduler } from '../../src/scheduler/scheduler';
import { api, expectNoLeak, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';
import { decodeSubject, mailsSettled, mailText, startSmtp, type TestSmtp } from '../support/smtp';

/**
 * SPEC §9 "Weekly report on schedule": the Regional rapport is compiled on Thursday at the
 * configured time, stored once per week as an immutable snapshot with its sha256, served byte for
 * byte, recorded in the decision history and mailed once to each address on the distribution
 * list — across instances on one PostgreSQL schema too.
 */

const RECIPIENTS = ['ledning@example.org', 'kommunikation@example.org'];
const WEEKLY: WeeklyReportConfig = { schedule: { weekday: 4, hour: 7, minute: 0 }, recipients: RECIPIENTS };
const WEEK_41 = 'Regional rapport Millennium — vecka 41, 2024';
const SNAPSHOTS = sql(`SELECT week, md_sha256 FROM weekly_report_snapshots ORDER BY week`);
const REPORT_MAILS = sql(`SELECT delivery_key, address, recipient_id, audit_seq FROM email_deliveries WHERE kind = 'report' ORDER BY delivery_key`);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function at(t: TestApp, now: string): Promise<void> {
  await api(t).put('vgr.handlaggare', '/api/test/clock', { now }).expect(200);
}

/** The clock move's runs are done, every queued mail is sent, and nothing more arrives after a while. */
async function settled(apps: TestApp[]): Promise<void> {
  for (const t of apps) await t.app.get(Scheduler).settled();
  await mailsSettled(apps[0].app.get(Database));
  await new Promise((r) => setTimeout(r, 300));
  for (const t of apps) await t.app.get(Scheduler).settled();
  await mailsSettled(apps[0].app.get(Database));
}

/** The raw bytes of a response, however its content type would be parsed. */
function raw(res: Response & { body: Buffer }): Buffer {
  return res.body;
}

const bytesOf = (request: ReturnType<TestApp['http']['get']>) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

const reportMails = (smtp: TestSmtp, title = WEEK_41) =>
  smtp.received
    .map((m) => ({ to: m.to, subject: decodeSubject(m.subject), text: mailText(m.raw) }))
    .filter((m) => m.subject === title)
    .sort((a, b) => a.to.localeCompare(b.to));

/** Apps with the weekly report on schedule (sharing one database) whose clocks start at `now`, not the real time. */
async function startAt(now: string, config: Partial<AppConfig>, count = 1): Promise<{ apps: TestApp[]; close: () => Promise<void> }> {
  const first = await createTestApp({ clockAt: now, config: { clockControl: true, ...config } });
  const apps = [first];
  for (let i = 1; i < count; i++) {
    apps.push(await createTestApp({ databaseUrl: first.databaseUrl, schema: first.schema, clockAt: now, config: { clockControl: true, ...config } }));
  }
  return {
    apps,
    close: async () => {
      for (const t of apps.reverse()) await t.close();
    },
  };
}

describe('weekly report on schedule (e2e)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let close: () => Promise<void>;
  let reference: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    const mail = { smtpUrl: smtp.url, from: 'noreply@example.org', retryBaseMs: 50, pollMs: 100 };
    ({ apps: [t], close } = await startAt('2024-10-09T12:00:00+02:00', { publicUrl: 'https://andringar.example.org', mail, weeklyReport: WEEKLY }));
  });
  afterAll(async () => {
    await close?.();
    await smtp?.close();
  });

  it('on Wednesday of week 41 nothing is compiled yet', async () => {
    const call = api(t);
    const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id as string;
    reference = (await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200)).body.reference as string;
    await at(t, '2024-10-10T06:59:00+02:00');
    await settled([t]);
    expect((await call.get('kommunikator', '/api/reports/weekly/snapshots').expect(200)).body).toEqual({ items: [], total: 0, limit: 20, offset: 0 });
    await call.get('kommunikator', '/api/reports/weekly/snapshots/2024-W41?format=md').expect(404);
    expect(reportMails(smtp)).toEqual([]);
  });

  it('on Thursday at 07:01 the week is compiled once, stored with the sha256 of the body it serves, and mailed to each address in Swedish', async () => {
    const call = api(t);
    await at(t, '2024-10-10T07:01:00+02:00');
    await settled([t]);
    const list = (await call.get('kommunikator', '/api/reports/weekly/snapshots').expect(200)).body;
    expect(list).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect(list.items).toEqual([
      {
        week: '2024-W41',
        compiledAt: expect.stringMatching(/^2024-10-10T05:01:/),
        md: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number) },
        html: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number) },
      },
    ]);
    const [snapshot] = list.items;

    for (const format of ['md', 'html'] as const) {
      const res = await bytesOf(call.get('revisor', `/api/reports/weekly/snapshots/2024-W41?format=${format}`)).expect(200);
      const body = raw(res as Response & { body: Buffer });
      expect(res.headers['content-type']).toBe(format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8');
      expect(sha256(body)).toBe(snapshot[format].sha256);
      expect(body.length).toBe(snapshot[format].bytes);
      expect(res.headers['x-content-sha256']).toBe(snapshot[format].sha256);
      expect(res.headers['repr-digest']).toBe(`sha-256=:${Buffer.from(snapshot[format].sha256, 'hex').toString('base64')}:`);
      const text = body.toString('utf8');
      expect(text).toContain(format === 'md' ? `# ${WEEK_41}` : `<title>${WEEK_41}</title>`);
      expect(text).toContain('Sammanställd: 2024-10-10 klockan 07:01');
      expect(text).toContain(reference);
    }
    // html is the default, as for the report compiled on demand.
    const html = await call.get('vastkom.handlaggare', '/api/reports/weekly/snapshots/2024-W41').expect(200);
    expect(html.headers['x-content-sha256']).toBe(snapshot.html.sha256);

    const mails = reportMails(smtp);
    expect(mails.map((m) => m.to)).toEqual(['kommunikation@example.org', 'ledning@example.org']);
    for (const mail of mails) {
      expect(mail.text).toContain(`Här är veckans ${WEEK_41}, sammanställd 2024-10-10 klockan 07:01.`);
      expect(mail.text).toContain('https://andringar.example.org/#/rapporter?sammanstalld=2024-W41');
      expect(mail.text).toContain(`Kontrollsumma (SHA-256) för Markdown-versionen: ${snapshot.md.sha256}`);
      expect(mail.text).toContain('## Mottagna ändringsbegäranden');
      expect(mail.text).toContain(reference);
    }
    const rows = await t.app.get(Database).read(({ sql: db }) => db.all<{ delivery_key: string; address: string; recipient_id: string | null; audit_seq: number | null }>(REPORT_MAILS));
    expect(rows).toEqual([
      { delivery_key: 'weekly-report:2024-W41:kommunikation@example.org', address: 'kommunikation@example.org', recipient_id: null, audit_seq: null },
      { delivery_key: 'weekly-report:2024-W41:ledning@example.org', address: 'ledning@example.org', recipient_id: null, audit_seq: null },
    ]);
  });

  it('the decision history records the compilation with the week and both sha256, and still verifies', async () => {
    const call = api(t);
    const snapshot = (await call.get('revisor', '/api/reports/weekly/snapshots').expect(200)).body.items[0];
    const entries = (await call.get('revisor', '/api/audit/entries?eventType=WEEKLY_REPORT_COMPILED').expect(200)).body.items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      subjectType: 'weekly_report',
      subjectId: '2024-W41',
      changeRequestId: null,
      actorId: 'system:weekly-report',
      actorRole: 'system',
      at: snapshot.compiledAt,
      payload: { week: '2024-W41', compiledAt: snapshot.compiledAt, md: snapshot.md, html: snapshot.html, recipients: RECIPIENTS },
    });
    expect((await call.get('revisor', '/api/audit/verify').expect(200)).body.ok).toBe(true);
  });

  it('moving the clock again within the week compiles nothing more and mails nobody again', async () => {
    const call = api(t);
    const before = (await call.get('kommunikator', '/api/reports/weekly/snapshots').expect(200)).body.items;
    await at(t, '2024-10-10T15:00:00+02:00');
    await at(t, '2024-10-13T23:59:00+02:00');
    await settled([t]);
    expect((await call.get('kommunikator', '/api/reports/weekly/snapshots').expect(200)).body.items).toEqual(before);
    expect(reportMails(smtp)).toHaveLength(2);
    expect(await t.app.get(Database).read(({ sql: db }) => db.all(REPORT_MAILS))).toHaveLength(2);
    expect((await call.get('revisor', '/api/audit/entries?eventType=WEEKLY_REPORT_COMPILED').expect(200)).body.items).toHaveLength(1);
  });

  it('the database refuses to change or remove a stored report', async () => {
    const database = t.app.get(Database);
    const statements = [
      `UPDATE weekly_report_snapshots SET md_body = 'omskriven' WHERE week = '2024-W41'`,
      `UPDATE weekly_report_snapshots SET md_sha256 = html_sha256`,
      `DELETE FROM weekly_report_snapshots WHERE week = '2024-W41'`,
      database.dialect === 'postgres'
        ? 'TRUNCATE weekly_report_snapshots'
        : `INSERT OR REPLACE INTO weekly_report_snapshots SELECT week, compiled_at, 'omskriven', md_sha256, md_bytes, html_body, html_sha256, html_bytes FROM weekly_report_snapshots`,
    ];
    const before = await database.read(({ sql: db }) => db.all(SNAPSHOTS));
    for (const statement of statements) {
      await expect(database.write(({ sql: db }) => db.run(sql(statement)))).rejects.toThrow(/weekly_report_snapshots is immutable/);
    }
    expect(await database.read(({ sql: db }) => db.all(SNAPSHOTS))).toEqual(before);
    const served = await bytesOf(api(t).get('revisor', '/api/reports/weekly/snapshots/2024-W41?format=md')).expect(200);
    expect(raw(served as Response & { body: Buffer }).toString('utf8')).not.toContain('omskriven');
  });

  it('the next Thursday compiles week 42; the list is newest first and paged', async () => {
    const call = api(t);
    await at(t, '2024-10-17T07:00:00+02:00');
    await settled([t]);
    const list = (await call.get('styrgrupp.ordforande', '/api/reports/weekly/snapshots').expect(200)).body;
    expect(list.items.map((s: { week: string }) => s.week)).toEqual(['2024-W42', '2024-W41']);
    const page = (await call.get('kommunikator', '/api/reports/weekly/snapshots?limit=1&offset=1').expect(200)).body;
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.items.map((s: { week: string }) => s.week)).toEqual(['2024-W41']);
    expect(reportMails(smtp, 'Regional rapport Millennium — vecka 42, 2024').map((m) => m.to)).toEqual(['kommunikation@example.org', 'ledning@example.org']);
  });

  it('who may read the stored reports is who may read the weekly report; bad input is a 400 naming the field', async () => {
    const call = api(t);
    for (const user of ['sjuharad.handlaggare', 'admin']) {
      await call.get(user, '/api/reports/weekly/snapshots').expect(403);
      await call.get(user, '/api/reports/weekly/snapshots/2024-W41').expect(403);
    }
    await t.http.get('/api/reports/weekly/snapshots').expect(401);
    await call.get('kommunikator', '/api/reports/weekly/snapshots/2024-W40?format=md').expect(404);
    for (const week of ['2024-41', '2024-W53', '2024-W00', 'vecka%2041']) {
      const res = await call.get('kommunikator', `/api/reports/weekly/snapshots/${week}`).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'week' })]);
      expectNoLeak(res);
    }
    const format = await call.get('kommunikator', '/api/reports/weekly/snapshots/2024-W41?format=pdf').expect(400);
    expect(format.body.fields).toEqual([{ field: 'format', message: 'format must be md or html' }]);
    for (const query of ['limit=0', 'limit=101', 'offset=-1', 'limit=x']) {
      await call.get('kommunikator', `/api/reports/weekly/snapshots?${query}`).expect(400);
    }
  });
});

describe('weekly report switched off (e2e)', () => {
  it('without WEEKLY_REPORT_SCHEDULE nothing is compiled, whatever the clock says', async () => {
    const { apps: [t], close } = await startAt('2024-10-10T08:00:00+02:00', {});
    try {
      await at(t, '2024-10-11T08:00:00+02:00');
      await t.app.get(Scheduler).settled();
      expect((await api(t).get('kommunikator', '/api/reports/weekly/snapshots').expect(200)).body.total).toBe(0);
    } finally {
      await close();
    }
  });
});

if (process.env.TEST_DATABASE === 'postgres') {
  describe('weekly report across instances (e2e, PostgreSQL)', () => {
    it('two instances on one schema, both clocks moved past Thursday 07:00 at once: one snapshot, one mail per address', async () => {
      const smtp = await startSmtp();
      const mail = { smtpUrl: smtp.url, from: 'noreply@example.org', retryBaseMs: 50, pollMs: 50 };
      const { apps, close } = await startAt('2024-10-09T12:00:00+02:00', { mail, weeklyReport: WEEKLY }, 2);
      try {
        await settled(apps);
        expect(await apps[0].app.get(Database).read(({ sql: db }) => db.all(SNAPSHOTS))).toEqual([]);
        await Promise.all(apps.map((t) => at(t, '2024-10-10T07:05:00+02:00')));
        await settled(apps);
        const snapshots = await apps[1].app.get(Database).read(({ sql: db }) => db.all<{ week: string }>(SNAPSHOTS));
        expect(snapshots.map((s) => s.week)).toEqual(['2024-W41']);
        expect(await apps[0].app.get(Database).read(({ sql: db }) => db.all(REPORT_MAILS))).toHaveLength(2);
        expect(reportMails(smtp).map((m) => m.to)).toEqual(['kommunikation@example.org', 'ledning@example.org']);
        const entries = (await api(apps[1]).get('revisor', '/api/audit/entries?eventType=WEEKLY_REPORT_COMPILED').expect(200)).body.items;
        expect(entries).toHaveLength(1);
      } finally {
        await close();
        await smtp.close();
      }
    });
  });
}
