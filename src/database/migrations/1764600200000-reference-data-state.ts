import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollout plan remembers which decision set an organisation's go-live, and that a decision
 * may postpone it without a date ("Senare – datum ej fastställt"); users get an e-mail address
 * and can be deactivated (never deleted: the history names them).
 */
export class ReferenceDataState1764600200000 implements MigrationInterface {
  name = 'ReferenceDataState1764600200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations ADD COLUMN go_live_postponed integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE organisations ADD COLUMN go_live_change_request_id varchar(36) NULL`);
    await q.query(`ALTER TABLE organisations ADD COLUMN go_live_reference varchar(40) NULL`);
    await q.query(`ALTER TABLE users ADD COLUMN email text NULL`);
    await q.query(`ALTER TABLE users ADD COLUMN active integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN active`);
    await q.query(`ALTER TABLE users DROP COLUMN email`);
    await q.query(`ALTER TABLE organisations DROP COLUMN go_live_reference`);
    await q.query(`ALTER TABLE organisations DROP COLUMN go_live_change_request_id`);
    await q.query(`ALTER TABLE organisations DROP COLUMN go_live_postponed`);
  }
}
