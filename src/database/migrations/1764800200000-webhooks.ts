import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (SPEC §9): the hooks an administrator registers, one delivery per hook and audit entry
 * (UNIQUE, written in the accepted event's own transaction: an outbox), and every attempt to
 * deliver one. A deleted hook is deactivated, never removed, so its delivery history stays.
 *
 * The secret is kept in plain text: each delivery is signed with it (HMAC), so it cannot be
 * stored as a one-way hash. It is never returned by the API, logged or written to the history.
 */
export class Webhooks1764800200000 implements MigrationInterface {
  name = 'Webhooks1764800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id varchar(36) NOT NULL PRIMARY KEY,
        url text NOT NULL,
        events text NOT NULL,
        secret text NOT NULL,
        active integer NOT NULL DEFAULT 1,
        created_at varchar(30) NOT NULL,
        created_by varchar(128) NOT NULL,
        deactivated_at varchar(30) NULL
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id varchar(36) NOT NULL PRIMARY KEY,
        webhook_id varchar(36) NOT NULL REFERENCES webhooks (id),
        audit_seq integer NOT NULL,
        change_request_id varchar(36) NOT NULL,
        event_type varchar(64) NOT NULL,
        body text NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at varchar(30) NOT NULL,
        created_at varchar(30) NOT NULL,
        delivered_at varchar(30) NULL,
        UNIQUE (webhook_id, audit_seq)
      )`);
    await q.query(`CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE webhook_attempts (
        delivery_id varchar(36) NOT NULL REFERENCES webhook_deliveries (id),
        n integer NOT NULL,
        started_at varchar(30) NOT NULL,
        status_code integer NULL,
        error varchar(60) NULL,
        duration_ms integer NULL,
        PRIMARY KEY (delivery_id, n)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhooks`);
  }
}
