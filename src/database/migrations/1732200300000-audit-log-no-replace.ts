import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SQLite's INSERT OR REPLACE deletes the old row without firing DELETE triggers (unless
 * recursive_triggers is on), so an entry could be rewritten in place. Refuse any insert that would
 * collide with an existing entry. PostgreSQL needs nothing more: its ON CONFLICT DO UPDATE fires
 * the UPDATE trigger.
 */
export class AuditLogNoReplace1732200300000 implements MigrationInterface {
  name = 'AuditLogNoReplace1732200300000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') return;
    await q.query(`CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
      WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq OR hash = NEW.hash)
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: REPLACE refused'); END`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') return;
    await q.query(`DROP TRIGGER audit_log_no_replace`);
  }
}
