import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads that stay the same cost as the database grows (npm run bench:scale found each of these
 * sorting or counting every row of a table at 100,000 requests):
 * - a list filtered by state, in its default order (updated), and its count, as one index range
 *   for the roles that see submitted requests (`is_draft = 0`);
 * - the submitted requests by registration number (drafts have none and would otherwise be walked
 *   first, all of them, by every role that does not see them); also the smallest index a count of
 *   the submitted requests can read;
 * - whether a request is a draft, beside its id, so a text search's count checks its matches in
 *   the index alone;
 * - the organisations a municipality acts for, with the requests they made, so counting its list
 *   reads only the link index (list-query.ts counts through it);
 * - the work queue's order (nearest due first, then undated, by received), over open requests,
 *   so the queue's first candidates are the first entries of an index (my-tasks.service.ts);
 * - a recipient's notifications by read time: the unread count without reading the rows;
 * - the weekly report's open requests, longest in their state first, across states;
 * - deadlines by due date with what decides whether one was open at an instant, so the report's
 *   overdue deadlines are read in due order from the index alone.
 * The expression is exactly the one my-tasks orders by.
 */
export class ReadScale1764810100000 implements MigrationInterface {
  name = 'ReadScale1764810100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_change_requests_state_updated ON change_requests (state, is_draft, updated_at, id)`);
    // Partial, not led by is_draft: an index led by it would tempt the planner to read every
    // submitted request and sort them for the other orders.
    await q.query(
      `CREATE INDEX ix_change_requests_submitted_reference ON change_requests ((COALESCE(reference, '')), id) WHERE is_draft = 0`,
    );
    await q.query(`CREATE INDEX ix_change_requests_id_draft ON change_requests (id, is_draft)`);
    await q.query(`DROP INDEX ix_change_request_organisations_org`);
    await q.query(
      `CREATE INDEX ix_change_request_organisations_org ON change_request_organisations (organisation_id, change_request_id)`,
    );
    await q.query(`CREATE INDEX ix_change_requests_tasks ON change_requests
      ((CASE WHEN next_due_on IS NULL THEN 1 ELSE 0 END), next_due_on, received_at, id) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX ix_notifications_read ON notifications (recipient_id, read_at)`);
    await q.query(
      `CREATE INDEX ix_change_requests_open_entered ON change_requests (state_entered_at, id) WHERE closed_at IS NULL AND is_draft = 0`,
    );
    await q.query(`CREATE INDEX ix_deadlines_due ON deadlines (due_on, started_at, met_at, paused_at, change_request_id, kind)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_deadlines_due`);
    await q.query(`DROP INDEX ix_change_requests_open_entered`);
    await q.query(`DROP INDEX ix_notifications_read`);
    await q.query(`DROP INDEX ix_change_requests_tasks`);
    await q.query(`DROP INDEX ix_change_request_organisations_org`);
    await q.query(`CREATE INDEX ix_change_request_organisations_org ON change_request_organisations (organisation_id)`);
    await q.query(`DROP INDEX ix_change_requests_id_draft`);
    await q.query(`DROP INDEX ix_change_requests_submitted_reference`);
    await q.query(`DROP INDEX ix_change_requests_state_updated`);
  }
}
