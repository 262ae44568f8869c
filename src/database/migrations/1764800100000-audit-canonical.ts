import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every decision history entry is stored with `canonical`, the exact text its hash is computed
 * over (canonicalEntry), beside its columns. The verifier hashes that text as it is, and checks
 * that it agrees with the columns, instead of rebuilding it from them. It is `text` on both
 * databases, never `jsonb` (which would reorder keys and change what was hashed).
 *
 * Entries written before have no canonical text and are verified from their columns, as
 * before: back-filling would mean lifting the append-only triggers on the history. Those
 * triggers fire on an UPDATE of any column, so the new one is as unchangeable as the others.
 */
export class AuditCanonical1764800100000 implements MigrationInterface {
  name = 'AuditCanonical1764800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN canonical text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP COLUMN canonical`);
  }
}
