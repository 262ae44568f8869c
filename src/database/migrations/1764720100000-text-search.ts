import { MigrationInterface, QueryRunner } from 'typeorm';
import { searchable } from '../../change-requests/search-text';

const BATCH = 1000;

/**
 * Text search through an index instead of `LIKE '%word%'` over every row.
 *
 * First the stored search text is folded the way the code now folds it (search-text.ts: no
 * diacritics, words separated by spaces), in batches. Then:
 * - SQLite: an FTS5 table holding only the index (contentless; its rows are deleted and updated
 *   by rowid), keyed through change_request_search_keys, since change_requests has no integer
 *   key that survives VACUUM. Triggers keep it in step with change_requests.search_text inside
 *   the statement that writes the row, so in the same transaction.
 * - PostgreSQL: a generated tsvector column (`simple` configuration: the folding is done in
 *   code) with a GIN index; it is computed in the same UPDATE or INSERT as the row.
 */
export class TextSearch1764720100000 implements MigrationInterface {
  name = 'TextSearch1764720100000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    const p = (n: number) => (postgres ? `$${n}` : '?');
    let last = '';
    for (;;) {
      const rows = (await q.query(
        `SELECT id, search_text FROM change_requests WHERE id > ${p(1)} ORDER BY id LIMIT ${BATCH}`,
        [last],
      )) as { id: string; search_text: string }[];
      for (const row of rows) {
        const folded = searchable(row.search_text);
        if (folded !== row.search_text) {
          await q.query(`UPDATE change_requests SET search_text = ${p(1)} WHERE id = ${p(2)}`, [folded, row.id]);
        }
      }
      if (rows.length < BATCH) break;
      last = rows[rows.length - 1].id;
    }

    if (postgres) {
      await q.query(`ALTER TABLE change_requests
        ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED`);
      await q.query(`CREATE INDEX ix_change_requests_search ON change_requests USING GIN (search_vector)`);
      return;
    }
    await q.query(`CREATE TABLE change_request_search_keys (
      n INTEGER PRIMARY KEY,
      change_request_id varchar(36) NOT NULL UNIQUE
    )`);
    // Short prefixes are indexed too, so "bo" does not walk every word starting with it.
    await q.query(`CREATE VIRTUAL TABLE change_requests_fts USING fts5(
      search_text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
    )`);
    await q.query(`INSERT INTO change_request_search_keys (change_request_id) SELECT id FROM change_requests ORDER BY id`);
    await q.query(`INSERT INTO change_requests_fts (rowid, search_text)
      SELECT k.n, cr.search_text FROM change_request_search_keys k JOIN change_requests cr ON cr.id = k.change_request_id`);
    await q.query(`CREATE TRIGGER change_requests_search_insert AFTER INSERT ON change_requests BEGIN
      INSERT INTO change_request_search_keys (change_request_id) VALUES (new.id);
      INSERT INTO change_requests_fts (rowid, search_text) VALUES (last_insert_rowid(), new.search_text);
    END`);
    await q.query(`CREATE TRIGGER change_requests_search_update AFTER UPDATE OF search_text ON change_requests
      WHEN new.search_text IS NOT old.search_text BEGIN
      UPDATE change_requests_fts SET search_text = new.search_text
        WHERE rowid = (SELECT n FROM change_request_search_keys WHERE change_request_id = new.id);
    END`);
    await q.query(`CREATE TRIGGER change_requests_search_delete AFTER DELETE ON change_requests BEGIN
      DELETE FROM change_requests_fts WHERE rowid = (SELECT n FROM change_request_search_keys WHERE change_request_id = old.id);
      DELETE FROM change_request_search_keys WHERE change_request_id = old.id;
    END`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query(`DROP INDEX ix_change_requests_search`);
      await q.query(`ALTER TABLE change_requests DROP COLUMN search_vector`);
      return;
    }
    await q.query(`DROP TRIGGER change_requests_search_delete`);
    await q.query(`DROP TRIGGER change_requests_search_update`);
    await q.query(`DROP TRIGGER change_requests_search_insert`);
    await q.query(`DROP TABLE change_requests_fts`);
    await q.query(`DROP TABLE change_request_search_keys`);
  }
}
