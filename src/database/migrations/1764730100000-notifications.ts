import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification outbox (SPEC §9), written in the accepted event's own transaction: one in-app
 * notification per recipient and audit entry, and one e-mail delivery per recipient and audit
 * entry (UNIQUE, so a mail is never queued twice), which a dispatcher delivers after commit.
 */
export class Notifications1764730100000 implements MigrationInterface {
  name = 'Notifications1764730100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id varchar(36) NOT NULL PRIMARY KEY,
        recipient_id varchar(128) NOT NULL REFERENCES users (id),
        change_request_id varchar(36) NOT NULL,
        audit_seq integer NOT NULL,
        event_type varchar(64) NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        created_at varchar(30) NOT NULL,
        read_at varchar(30) NULL,
        UNIQUE (audit_seq, recipient_id)
      )`);
    await q.query(`CREATE INDEX ix_notifications_recipient ON notifications (recipient_id, created_at, id)`);
    await q.query(`
      CREATE TABLE email_deliveries (
        id varchar(36) NOT NULL PRIMARY KEY,
        audit_seq integer NOT NULL,
        recipient_id varchar(128) NOT NULL REFERENCES users (id),
        address text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at varchar(30) NOT NULL,
        last_error varchar(200) NULL,
        created_at varchar(30) NOT NULL,
        sent_at varchar(30) NULL,
        UNIQUE (audit_seq, recipient_id)
      )`);
    await q.query(`CREATE INDEX ix_email_deliveries_due ON email_deliveries (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_deliveries`);
    await q.query(`DROP TABLE notifications`);
  }
}
