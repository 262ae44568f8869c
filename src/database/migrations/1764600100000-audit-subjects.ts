import { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = `seq, at, change_request_id, reference, event_type, payload, actor_id, actor_name,
  actor_organisation, actor_role, state_before, state_after, prev_hash, hash`;

/**
 * Hashing scheme 2 of the decision history: an entry names its subject (`subject_type`,
 * `subject_id`: a change request, a meeting, an organisation, a user …), so changes that are not
 * a change request's events (reference data, users, meetings) join the one chain, and
 * `on_behalf_of` records a delegate's principal. `change_request_id` becomes optional. Entries
 * written before keep scheme 1 (no subject columns), which is how the verifier tells them apart.
 * Indexes serve the history's browsing by request, subject, person, event and period.
 */
export class AuditSubjects1764600100000 implements MigrationInterface {
  name = 'AuditSubjects1764600100000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query(`ALTER TABLE audit_log ALTER COLUMN change_request_id DROP NOT NULL`);
      await q.query(`ALTER TABLE audit_log ADD COLUMN subject_type varchar(40) NULL`);
      await q.query(`ALTER TABLE audit_log ADD COLUMN subject_id varchar(128) NULL`);
      await q.query(`ALTER TABLE audit_log ADD COLUMN on_behalf_of text NULL`);
      await q.query(`DROP INDEX ix_audit_log_change_request`);
    } else {
      // SQLite cannot drop NOT NULL in place: rebuild the table (its triggers go with it).
      await q.query(`CREATE TABLE audit_log_v2 (
        seq integer PRIMARY KEY,
        at varchar(30) NOT NULL,
        subject_type varchar(40) NULL,
        subject_id varchar(128) NULL,
        change_request_id varchar(36) NULL,
        reference varchar(40) NULL,
        event_type varchar(60) NOT NULL,
        payload text NOT NULL,
        actor_id varchar(100) NOT NULL,
        actor_name varchar(200) NOT NULL,
        actor_organisation varchar(60) NOT NULL,
        actor_role varchar(30) NOT NULL,
        on_behalf_of text NULL,
        state_before text NULL,
        state_after text NOT NULL,
        prev_hash varchar(64) NOT NULL,
        hash varchar(64) NOT NULL UNIQUE
      )`);
      await q.query(`INSERT INTO audit_log_v2 (${COLUMNS}) SELECT ${COLUMNS} FROM audit_log ORDER BY seq`);
      await q.query(`DROP TABLE audit_log`);
      await q.query(`ALTER TABLE audit_log_v2 RENAME TO audit_log`);
      await q.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END`);
      await q.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END`);
      await q.query(`CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
        WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq OR hash = NEW.hash)
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: REPLACE refused'); END`);
    }
    await q.query(`CREATE INDEX ix_audit_log_request ON audit_log (change_request_id, seq)`);
    await q.query(`CREATE INDEX ix_audit_log_subject ON audit_log (subject_type, subject_id, seq)`);
    await q.query(`CREATE INDEX ix_audit_log_actor ON audit_log (actor_id, seq)`);
    await q.query(`CREATE INDEX ix_audit_log_event ON audit_log (event_type, seq)`);
    if (q.connection.options.type !== 'postgres') {
      await q.query(`CREATE INDEX ix_audit_log_at ON audit_log (at)`);
    }
  }

  async down(): Promise<void> {
    throw new Error('AuditSubjects1764600100000 cannot be reverted: scheme 2 entries need the subject columns');
  }
}
