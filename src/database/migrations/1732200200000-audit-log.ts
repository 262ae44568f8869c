import { MigrationInterface, QueryRunner } from 'typeorm';

/** The decision history and the triggers that make it append-only in the database itself. */
export class AuditLog1732200200000 implements MigrationInterface {
  name = 'AuditLog1732200200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_log (
      seq integer PRIMARY KEY,
      at varchar(30) NOT NULL,
      change_request_id varchar(36) NOT NULL,
      reference varchar(40) NULL,
      event_type varchar(60) NOT NULL,
      payload text NOT NULL,
      actor_id varchar(100) NOT NULL,
      actor_name varchar(200) NOT NULL,
      actor_organisation varchar(60) NOT NULL,
      actor_role varchar(30) NOT NULL,
      state_before text NULL,
      state_after text NOT NULL,
      prev_hash varchar(64) NOT NULL,
      hash varchar(64) NOT NULL UNIQUE
    )`);
    await q.query(`CREATE INDEX ix_audit_log_change_request ON audit_log (change_request_id)`);
    await q.query(`CREATE INDEX ix_audit_log_at ON audit_log (at)`);
    if (q.connection.options.type === 'postgres') {
      await q.query(`CREATE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
        END;
        $$ LANGUAGE plpgsql`);
      await q.query(`CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
      await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
    } else {
      await q.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END`);
      await q.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query(`DROP TABLE audit_log`);
      await q.query(`DROP FUNCTION audit_log_refuse_change()`);
    } else {
      await q.query(`DROP TABLE audit_log`);
    }
  }
}
