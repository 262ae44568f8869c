import { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalEntry } from '../../audit/audit-hash';
import { AUDIT_INDEXES, DERIVED_COLUMNS, postgresDerivedColumns, sqliteAuditTable } from '../../audit/audit-schema';
import { AuditRow, toAuditEntry } from '../../audit/audit.repository';

const OLD_COLUMNS = `seq, at, subject_type, subject_id, change_request_id, reference, event_type, payload, actor_id,
  actor_name, actor_organisation, actor_role, on_behalf_of, state_before, state_after, prev_hash, hash, canonical`;

/**
 * The text canonicalEntry gives for a row, built by the database from the columns (SQLite
 * `json_quote`, PostgreSQL `to_json`); where the database quotes a character differently from
 * JSON.stringify, a row that agrees is merely taken the slow way (below).
 */
function builtFromColumns(dialect: 'sqlite' | 'postgres'): string {
  const quote = dialect === 'sqlite' ? (c: string) => `json_quote(${c})` : (c: string) => `coalesce(to_json(${c})::text, 'null')`;
  const digits = dialect === 'sqlite' ? 'seq' : 'seq::text';
  const member = (key: string, value: string) => [`'${key === 'actorId' ? '{' : ','}"${key}":'`, value];
  const q = (key: string, column: string) => member(key, quote(column));
  const head = [
    ...q('actorId', 'actor_id'),
    ...q('actorName', 'actor_name'),
    ...q('actorOrganisation', 'actor_organisation'),
    ...q('actorRole', 'actor_role'),
    ...q('at', 'at'),
    ...q('changeRequestId', 'change_request_id'),
    ...q('eventType', 'event_type'),
  ];
  const middle = [
    ...member('payload', 'payload'),
    ...q('prevHash', 'prev_hash'),
    ...q('reference', 'reference'),
    ...member('seq', digits),
    ...q('stateAfter', 'state_after'),
    ...q('stateBefore', 'state_before'),
  ];
  const scheme1 = [...head, ...middle, `'}'`];
  const scheme2 = [
    ...head,
    ...member('onBehalfOf', "coalesce(on_behalf_of, 'null')"),
    ...middle,
    ...q('subjectId', 'subject_id'),
    ...q('subjectType', 'subject_type'),
    `'}'`,
  ];
  return `CASE WHEN subject_type IS NULL THEN concat(${scheme1.join(', ')}) ELSE concat(${scheme2.join(', ')}) END`;
}

/**
 * The text an entry keeps from now on. Its stored canonical text where that agrees with its
 * columns; otherwise (an entry written before the text was kept, or one whose columns were edited
 * behind the app's back) the text its columns give, so the history goes on showing what it showed
 * and the entry's hash judges it: an edited entry still fails verification, at the same entry.
 */
function keptText(row: AuditRow & { canonical: string | null }): string {
  const entry = toAuditEntry(row);
  try {
    return canonicalEntry(entry);
  } catch {
    // Not canonical JSON any more (a column edited to an unpaired surrogate, say): keep what is
    // stored, so the entry fails verification rather than the migration.
    return row.canonical ?? JSON.stringify(entry);
  }
}

const BATCH = 500;

/**
 * The decision history keeps one copy of each entry: the canonical text its hash is computed
 * over. Its other columns are generated from that text by the database (see audit-schema.ts), so
 * they cannot disagree with what was hashed, and verifying the chain is hashing the stored texts.
 *
 * SQLite rebuilds the table (VIRTUAL columns: a row holds only seq, text and hash). PostgreSQL
 * replaces the columns by STORED generated ones. Entries whose stored text does not agree with
 * their columns (or that have none) get the text of their columns first (keptText).
 */
export class AuditDerivedColumns1764830000000 implements MigrationInterface {
  name = 'AuditDerivedColumns1764830000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') return this.postgres(q);
    await q.query(`ALTER TABLE audit_log RENAME TO audit_log_before_derived`);
    await q.query(sqliteAuditTable('audit_log'));
    await q.query(`INSERT INTO audit_log (seq, canonical, hash)
      SELECT seq, canonical, hash FROM audit_log_before_derived
      WHERE canonical IS NOT NULL AND canonical = ${builtFromColumns('sqlite')} ORDER BY seq`);
    for (let after = -2_147_483_648; ; ) {
      const rows: (AuditRow & { canonical: string | null })[] = await q.query(
        `SELECT ${OLD_COLUMNS} FROM audit_log_before_derived o
         WHERE o.seq > ? AND NOT EXISTS (SELECT 1 FROM audit_log n WHERE n.seq = o.seq) ORDER BY o.seq LIMIT ${BATCH}`,
        [after],
      );
      for (const row of rows) {
        await q.query(`INSERT INTO audit_log (seq, canonical, hash) VALUES (?, ?, ?)`, [row.seq, keptText(row), row.hash]);
      }
      if (rows.length < BATCH) break;
      after = Number(rows[rows.length - 1].seq);
    }
    await q.query(`DROP TABLE audit_log_before_derived`);
    await this.appendOnly(q);
  }

  private async postgres(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
    for (let after = -2_147_483_648; ; ) {
      const rows: (AuditRow & { canonical: string | null })[] = await q.query(
        `SELECT ${OLD_COLUMNS} FROM audit_log
         WHERE seq > $1 AND (canonical IS NULL OR canonical <> ${builtFromColumns('postgres')}) ORDER BY seq LIMIT ${BATCH}`,
        [after],
      );
      for (const row of rows) {
        await q.query(`UPDATE audit_log SET canonical = $2 WHERE seq = $1`, [row.seq, keptText(row)]);
      }
      if (rows.length < BATCH) break;
      after = Number(rows[rows.length - 1].seq);
    }
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`);
    const dropped = DERIVED_COLUMNS.map(({ column }) => `DROP COLUMN ${column}`);
    await q.query(
      `ALTER TABLE audit_log ALTER COLUMN canonical SET NOT NULL, ${dropped.join(', ')}, ${postgresDerivedColumns().join(', ')}`,
    );
    for (const index of AUDIT_INDEXES) await q.query(index);
  }

  /** Back to columns of their own, each holding what it was derived from; the text stays beside them. */
  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      const own = DERIVED_COLUMNS.map(({ column }) => `ALTER COLUMN ${column} DROP EXPRESSION`);
      await q.query(`ALTER TABLE audit_log ${own.join(', ')}, ALTER COLUMN canonical DROP NOT NULL`);
      return;
    }
    await q.query(`ALTER TABLE audit_log RENAME TO audit_log_derived`);
    await q.query(`CREATE TABLE audit_log (
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
      hash varchar(64) NOT NULL UNIQUE,
      canonical text NULL
    )`);
    await q.query(`INSERT INTO audit_log (${OLD_COLUMNS}) SELECT ${OLD_COLUMNS} FROM audit_log_derived ORDER BY seq`);
    await q.query(`DROP TABLE audit_log_derived`);
    await this.appendOnly(q);
  }

  /** SQLite's triggers that refuse UPDATE, DELETE and an INSERT that would replace an entry; and the indexes. */
  private async appendOnly(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END`);
    await q.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END`);
    await q.query(`CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
      WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq OR hash = NEW.hash)
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: REPLACE refused'); END`);
    for (const index of AUDIT_INDEXES) await q.query(index);
  }
}
