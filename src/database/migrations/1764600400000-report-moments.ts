import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the weekly report selects, as index ranges instead of scans of every request: the
 * submitted requests received, decided and communicated in a period (in time order), and the
 * open ones per state, longest in their state first (and, with created_at, what counts them per
 * state without reading the rows).
 */
export class ReportMoments1764600400000 implements MigrationInterface {
  name = 'ReportMoments1764600400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_change_requests_received_at ON change_requests (received_at, id) WHERE is_draft = 0`);
    await q.query(`CREATE INDEX ix_change_requests_decided_at ON change_requests (decided_at, id) WHERE is_draft = 0`);
    await q.query(`CREATE INDEX ix_change_requests_communicated_at ON change_requests (communicated_at, id) WHERE is_draft = 0`);
    await q.query(
      `CREATE INDEX ix_change_requests_open ON change_requests (state, state_entered_at, id, created_at) WHERE closed_at IS NULL AND is_draft = 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_change_requests_open`);
    await q.query(`DROP INDEX ix_change_requests_communicated_at`);
    await q.query(`DROP INDEX ix_change_requests_decided_at`);
    await q.query(`DROP INDEX ix_change_requests_received_at`);
  }
}
