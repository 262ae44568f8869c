import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SJUHARAD_DRAFT } from '../support/api';
import { freePort, kill9, serverOn, startServer } from '../support/server-process';
import { decodeSubject, startSmtp } from '../support/smtp';
import { tokenFor } from '../support/tokens';

const auth = (user: string) => ({ Authorization: `Bearer ${tokenFor(user)}` });

/**
 * The outbox survives a crash between commit and delivery (SPEC §9): the notification and its
 * mail are committed with the event; the server is killed (-9) before the mail could go out (the
 * mail server is down); after a restart the mail is delivered, exactly once.
 */
describe('mail delivery across a crash (SQLite, separate server process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mail-durability-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a mail committed with SUBMIT and not yet sent when the server is killed is delivered once after the restart', async () => {
    const { env: base, base: url } = await serverOn(dir, 'db.sqlite');
    const smtpPort = await freePort();
    const env = {
      ...base,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'noreply@example.org',
      MAIL_RETRY_BASE_MS: '200',
      MAIL_MAX_ATTEMPTS: '20',
    };

    let server = await startServer(env);
    let reference: string;
    try {
      const created = await request(url).post('/api/change-requests').set(auth('sjuharad.handlaggare')).send(SJUHARAD_DRAFT).expect(201);
      reference = (await request(url).post(`/api/change-requests/${created.body.id}/events`).set(auth('vastkom.handlaggare')).send({ type: 'SUBMIT' }).expect(200))
        .body.reference;
      // Committed: the notification is there; the mail cannot go out (nothing listens on the SMTP port).
      const told = await request(url).get('/api/me/notifications').set(auth('vgr.handlaggare')).expect(200);
      expect(told.body.unread).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await kill9(server);
    }

    const smtp = await startSmtp(0, smtpPort);
    server = await startServer(env);
    try {
      const end = Date.now() + 30_000;
      while (smtp.received.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      // The dispatcher keeps polling: nothing is sent a second time.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(smtp.received.map((m) => [m.to, decodeSubject(m.subject).startsWith(`[${reference}] Att göra – `)])).toEqual([['vgr.handlaggare@example.org', true]]);
    } finally {
      await kill9(server);
      await smtp.close();
    }
  }, 150_000);
});
