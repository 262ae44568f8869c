import { MigrationInterface, QueryRunner } from 'typeorm';
import { swedishListSortKey, swedishSortKey } from '../../common/swedish-sort-key';

const BATCH = 1000;

/**
 * The list's title and organisation orders: a Swedish sort key per request (see
 * swedish-sort-key.ts) for its title and for the names of its requesting organisations, each
 * indexed with the id after it, like the other orders (ListOrders1764600300000). On PostgreSQL
 * the columns compare byte by byte (COLLATE "C"), as SQLite's BINARY does, whatever the
 * database's own collation. Existing rows get their keys in batches.
 */
export class ListSortKeys1764810500000 implements MigrationInterface {
  name = 'ListSortKeys1764810500000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    const p = (n: number) => (postgres ? `$${n}` : '?');
    const text = postgres ? `text COLLATE "C"` : 'text';
    await q.query(`ALTER TABLE change_requests ADD COLUMN title_key ${text} NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE change_requests ADD COLUMN organisation_key ${text} NOT NULL DEFAULT ''`);
    let last = '';
    for (;;) {
      const rows = (await q.query(`SELECT id, title FROM change_requests WHERE id > ${p(1)} ORDER BY id LIMIT ${BATCH}`, [last])) as {
        id: string;
        title: string;
      }[];
      for (const row of rows) {
        const names = (await q.query(
          `SELECT o.name FROM change_request_organisations l JOIN organisations o ON o.id = l.organisation_id
           WHERE l.change_request_id = ${p(1)}`,
          [row.id],
        )) as { name: string }[];
        await q.query(`UPDATE change_requests SET title_key = ${p(1)}, organisation_key = ${p(2)} WHERE id = ${p(3)}`, [
          swedishSortKey(row.title),
          swedishListSortKey(names.map((n) => n.name)),
          row.id,
        ]);
      }
      if (rows.length < BATCH) break;
      last = rows[rows.length - 1].id;
    }
    await q.query(`CREATE INDEX ix_change_requests_title ON change_requests (title_key, id)`);
    await q.query(`CREATE INDEX ix_change_requests_organisation ON change_requests (organisation_key, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_change_requests_organisation`);
    await q.query(`DROP INDEX ix_change_requests_title`);
    await q.query(`ALTER TABLE change_requests DROP COLUMN organisation_key`);
    await q.query(`ALTER TABLE change_requests DROP COLUMN title_key`);
  }
}
