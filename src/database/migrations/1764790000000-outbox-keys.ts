import { MigrationInterface, QueryRunner } from 'typeorm';

const NOTIFICATION_COLUMNS = 'id, recipient_id, change_request_id, audit_seq, event_type, title, body, created_at, read_at';
const EMAIL_COLUMNS = `id, audit_seq, recipient_id, address, subject, body, status, attempts, next_attempt_at, last_error,
  created_at, sent_at`;

/**
 * The outbox carries more than events: a reminder of a deadline, a scheduled report. Each
 * in-app notification and e-mail gets a `delivery_key` (UNIQUE) naming what it is about and for
 * whom — `event:<audit seq>:<user>` as before, `reminder:<deadline>:<phase>:<due date>:<user>` —
 * so each is queued once however many instances try; `audit_seq` (and for a mail to a
 * distribution list, the user) become optional. Deadlines remember which reminders went out for
 * their current due date (a moved due date is reminded again).
 */
export class OutboxKeys1764790000000 implements MigrationInterface {
  name = 'OutboxKeys1764790000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query(`ALTER TABLE notifications ALTER COLUMN audit_seq DROP NOT NULL`);
      await q.query(`ALTER TABLE notifications ALTER COLUMN change_request_id DROP NOT NULL`);
      await q.query(`ALTER TABLE notifications ADD COLUMN kind varchar(20) NOT NULL DEFAULT 'event'`);
      await q.query(`ALTER TABLE notifications ADD COLUMN delivery_key varchar(240) NULL`);
      await q.query(`UPDATE notifications SET delivery_key = 'event:' || audit_seq || ':' || recipient_id`);
      await q.query(`ALTER TABLE notifications ALTER COLUMN delivery_key SET NOT NULL`);
      await q.query(`ALTER TABLE email_deliveries ALTER COLUMN audit_seq DROP NOT NULL`);
      await q.query(`ALTER TABLE email_deliveries ALTER COLUMN recipient_id DROP NOT NULL`);
      await q.query(`ALTER TABLE email_deliveries ADD COLUMN kind varchar(20) NOT NULL DEFAULT 'event'`);
      await q.query(`ALTER TABLE email_deliveries ADD COLUMN delivery_key varchar(240) NULL`);
      await q.query(`UPDATE email_deliveries SET delivery_key = 'event:' || audit_seq || ':' || recipient_id`);
      await q.query(`ALTER TABLE email_deliveries ALTER COLUMN delivery_key SET NOT NULL`);
    } else {
      // SQLite cannot drop NOT NULL in place: rebuild both tables.
      await q.query(`CREATE TABLE notifications_v2 (
        id varchar(36) NOT NULL PRIMARY KEY,
        delivery_key varchar(240) NOT NULL,
        kind varchar(20) NOT NULL DEFAULT 'event',
        recipient_id varchar(128) NOT NULL REFERENCES users (id),
        change_request_id varchar(36) NULL,
        audit_seq integer NULL,
        event_type varchar(64) NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        created_at varchar(30) NOT NULL,
        read_at varchar(30) NULL
      )`);
      await q.query(`INSERT INTO notifications_v2 (delivery_key, ${NOTIFICATION_COLUMNS})
        SELECT 'event:' || audit_seq || ':' || recipient_id, ${NOTIFICATION_COLUMNS} FROM notifications`);
      await q.query(`DROP TABLE notifications`);
      await q.query(`ALTER TABLE notifications_v2 RENAME TO notifications`);
      await q.query(`CREATE INDEX ix_notifications_recipient ON notifications (recipient_id, created_at, id)`);
      await q.query(`CREATE TABLE email_deliveries_v2 (
        id varchar(36) NOT NULL PRIMARY KEY,
        delivery_key varchar(240) NOT NULL,
        kind varchar(20) NOT NULL DEFAULT 'event',
        audit_seq integer NULL,
        recipient_id varchar(128) NULL REFERENCES users (id),
        address text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at varchar(30) NOT NULL,
        last_error varchar(200) NULL,
        created_at varchar(30) NOT NULL,
        sent_at varchar(30) NULL
      )`);
      await q.query(`INSERT INTO email_deliveries_v2 (delivery_key, ${EMAIL_COLUMNS})
        SELECT 'event:' || audit_seq || ':' || recipient_id, ${EMAIL_COLUMNS} FROM email_deliveries`);
      await q.query(`DROP TABLE email_deliveries`);
      await q.query(`ALTER TABLE email_deliveries_v2 RENAME TO email_deliveries`);
      await q.query(`CREATE INDEX ix_email_deliveries_due ON email_deliveries (next_attempt_at) WHERE status = 'pending'`);
    }
    await q.query(`CREATE UNIQUE INDEX ux_notifications_key ON notifications (delivery_key)`);
    await q.query(`CREATE UNIQUE INDEX ux_email_deliveries_key ON email_deliveries (delivery_key)`);
    await q.query(`CREATE INDEX ix_email_deliveries_status ON email_deliveries (status, created_at)`);
    await q.query(`ALTER TABLE deadlines ADD COLUMN reminded_before_on varchar(10) NULL`);
    await q.query(`ALTER TABLE deadlines ADD COLUMN reminded_overdue_on varchar(10) NULL`);
    await q.query(`CREATE INDEX ix_deadlines_unreminded ON deadlines (due_on, id) WHERE met_at IS NULL AND reminded_overdue_on IS NULL`);
  }

  async down(): Promise<void> {
    throw new Error('OutboxKeys1764790000000 cannot be reverted: reminders and reports have no audit seq');
  }
}
