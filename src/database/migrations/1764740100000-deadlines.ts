import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines as data (SPEC §9): each one a row with its due date (Europe/Stockholm, a working
 * day), whom it awaits, and when it was met; the change request carries its nearest open due
 * date, so lists sort and filter on it by index.
 */
export class Deadlines1764740100000 implements MigrationInterface {
  name = 'Deadlines1764740100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE deadlines (
      id varchar(36) PRIMARY KEY,
      change_request_id varchar(36) NOT NULL REFERENCES change_requests (id),
      kind varchar(40) NOT NULL,
      awaits varchar(20) NOT NULL,
      started_at varchar(30) NOT NULL,
      due_on varchar(10) NOT NULL,
      paused_at varchar(30) NULL,
      met_at varchar(30) NULL,
      met_by varchar(60) NULL
    )`);
    await q.query(`CREATE INDEX ix_deadlines_request ON deadlines (change_request_id, started_at)`);
    await q.query(`CREATE INDEX ix_deadlines_open ON deadlines (due_on, change_request_id) WHERE met_at IS NULL`);
    await q.query(`ALTER TABLE change_requests ADD COLUMN next_due_on varchar(10) NULL`);
    await q.query(`CREATE INDEX ix_change_requests_next_due ON change_requests (next_due_on, id) WHERE next_due_on IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_change_requests_next_due`);
    await q.query(`ALTER TABLE change_requests DROP COLUMN next_due_on`);
    await q.query(`DROP TABLE deadlines`);
  }
}
