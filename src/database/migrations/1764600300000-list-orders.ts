import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One index per list order (received, updated, state, reference), each ending in the id that
 * breaks ties, so a page in any order — and the keyset cursor to the next — is an index range.
 * The expressions are exactly those the list query orders by (see list-order.ts).
 */
export class ListOrders1764600300000 implements MigrationInterface {
  name = 'ListOrders1764600300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_change_requests_updated`);
    await q.query(`DROP INDEX ix_change_requests_state`);
    await q.query(`CREATE INDEX ix_change_requests_updated ON change_requests (updated_at, id)`);
    await q.query(`CREATE INDEX ix_change_requests_state ON change_requests (state, id)`);
    await q.query(
      `CREATE INDEX ix_change_requests_received ON change_requests ((COALESCE(received_at, created_at)), id)`,
    );
    await q.query(`CREATE INDEX ix_change_requests_reference ON change_requests ((COALESCE(reference, '')), id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_change_requests_reference`);
    await q.query(`DROP INDEX ix_change_requests_received`);
    await q.query(`DROP INDEX ix_change_requests_state`);
    await q.query(`DROP INDEX ix_change_requests_updated`);
    await q.query(`CREATE INDEX ix_change_requests_state ON change_requests (state)`);
    await q.query(`CREATE INDEX ix_change_requests_updated ON change_requests (updated_at)`);
  }
}
