import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The weekly Regional rapport as it was compiled on schedule and mailed: one row per ISO week
 * (UNIQUE, so instances compiling at the same moment store it once), both bodies with their
 * sha256 and byte sizes. Immutable in the database itself, like the decision history: UPDATE and
 * DELETE are refused (and TRUNCATE on PostgreSQL; on SQLite an INSERT OR REPLACE, which deletes
 * without firing DELETE triggers).
 */
export class WeeklyReportSnapshots1764800300000 implements MigrationInterface {
  name = 'WeeklyReportSnapshots1764800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE weekly_report_snapshots (
      week varchar(8) NOT NULL PRIMARY KEY,
      compiled_at varchar(30) NOT NULL,
      md_body text NOT NULL,
      md_sha256 varchar(64) NOT NULL,
      md_bytes integer NOT NULL,
      html_body text NOT NULL,
      html_sha256 varchar(64) NOT NULL,
      html_bytes integer NOT NULL
    )`);
    if (q.connection.options.type === 'postgres') {
      await q.query(`CREATE FUNCTION weekly_report_snapshots_refuse_change() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION 'weekly_report_snapshots is immutable: % refused', TG_OP;
        END;
        $$ LANGUAGE plpgsql`);
      await q.query(`CREATE TRIGGER weekly_report_snapshots_no_update_delete BEFORE UPDATE OR DELETE ON weekly_report_snapshots
        FOR EACH ROW EXECUTE FUNCTION weekly_report_snapshots_refuse_change()`);
      await q.query(`CREATE TRIGGER weekly_report_snapshots_no_truncate BEFORE TRUNCATE ON weekly_report_snapshots
        FOR EACH STATEMENT EXECUTE FUNCTION weekly_report_snapshots_refuse_change()`);
    } else {
      await q.query(`CREATE TRIGGER weekly_report_snapshots_no_update BEFORE UPDATE ON weekly_report_snapshots
        BEGIN SELECT RAISE(ABORT, 'weekly_report_snapshots is immutable: UPDATE refused'); END`);
      await q.query(`CREATE TRIGGER weekly_report_snapshots_no_delete BEFORE DELETE ON weekly_report_snapshots
        BEGIN SELECT RAISE(ABORT, 'weekly_report_snapshots is immutable: DELETE refused'); END`);
      await q.query(`CREATE TRIGGER weekly_report_snapshots_no_replace BEFORE INSERT ON weekly_report_snapshots
        WHEN EXISTS (SELECT 1 FROM weekly_report_snapshots WHERE week = NEW.week)
        BEGIN SELECT RAISE(ABORT, 'weekly_report_snapshots is immutable: REPLACE refused'); END`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query(`DROP TABLE weekly_report_snapshots`);
      await q.query(`DROP FUNCTION weekly_report_snapshots_refuse_change()`);
    } else {
      await q.query(`DROP TABLE weekly_report_snapshots`);
    }
  }
}
