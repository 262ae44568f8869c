import { Injectable } from '@nestjs/common';
import { canonicalEntry } from './audit-hash';
import type { Param, Sql } from '../database/sql';
import { sql, statementFor } from '../database/sql';
import type { AuditSchemaRows } from './audit-schema';
import { AuditEntry, GENESIS_HASH } from './audit.types';

/** What the auditor's log browser filters on (all optional; instants as ISO UTC). */
export interface AuditBrowseFilter {
  changeRequestId?: string;
  actorId?: string;
  /** Any of these actors (a person filter's matches). */
  actorIds?: string[];
  eventType?: string;
  from?: string;
  to?: string;
  beforeSeq?: number;
}

/** The stored row (snake_case columns). */
export interface AuditRow {
  seq: number;
  at: string;
  subject_type: string | null;
  subject_id: string | null;
  change_request_id: string | null;
  reference: string | null;
  event_type: string;
  payload: string;
  actor_id: string;
  actor_name: string;
  actor_organisation: string;
  actor_role: string;
  on_behalf_of: string | null;
  state_before: string | null;
  state_after: string;
  prev_hash: string;
  hash: string;
}

/** An entry as stored: its seq, its hash and the text the hash is computed over. */
export interface StoredText {
  seq: number;
  hash: string;
  canonical: string;
}

/** A stored row with the canonical text it was hashed over (null: written before it was kept). */
export interface CanonicalAuditRow extends AuditRow {
  canonical: string | null;
}

const ROW = `seq, at, subject_type, subject_id, change_request_id, reference, event_type, payload, actor_id,
  actor_name, actor_organisation, actor_role, on_behalf_of, state_before, state_after, prev_hash, hash`;

const INSERT = sql(`INSERT INTO audit_log (seq, canonical, hash) VALUES (?, ?, ?)`);
const HEAD = sql(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
const HEAD_BEFORE = sql(`SELECT seq, hash FROM audit_log WHERE at < ? ORDER BY at DESC, seq DESC LIMIT 1`);
const FOR_REQUEST = sql(`SELECT ${ROW} FROM audit_log WHERE change_request_id = ? AND seq > ? ORDER BY seq LIMIT ?`);
const FOR_SUBJECT = sql(
  `SELECT ${ROW} FROM audit_log WHERE subject_type = ? AND subject_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
);
const REQUEST_BY_REFERENCE = sql(`SELECT id FROM change_requests WHERE reference = ?`);
const PEOPLE = sql(`SELECT id, name FROM users ORDER BY id`);
const AFTER = sql(`SELECT ${ROW} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`);
const RANGE = sql(`SELECT ${ROW}, canonical FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`);
const TEXTS = sql(`SELECT seq, hash, canonical FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`);
const LAST_SEQ = sql(`SELECT max(seq) AS seq FROM audit_log`);
const SCHEMA = {
  sqlite: sql(`SELECT sql AS "tableSql" FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'`),
  postgres: sql(`SELECT column_name, data_type, is_generated, generation_expression FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'audit_log'`),
};

/**
 * A page of the chain for the verifier as one value (UTF-8 bytes): per entry
 * `<seq> <hash bytes> <text bytes> <hash><text>`, the entries one after another. The lengths let
 * the verifier cut the value exactly whatever a hash or text holds. One value a page, not a row
 * object an entry: the driver's per-row and per-column cost was most of the verifier's time.
 * The entries are aggregated in the order the page is read (seq order), without an ORDER BY
 * inside the aggregate, which would copy every line; the verifier sorts them should they ever
 * not be in order.
 */
function packedPage(dialect: 'sqlite' | 'postgres'): string {
  const line =
    dialect === 'sqlite'
      ? `concat(seq, ' ', length(CAST(hash AS BLOB)), ' ', length(CAST(canonical AS BLOB)), ' ', hash, canonical)`
      : `concat(seq, ' ', octet_length(hash), ' ', octet_length(canonical), ' ', hash, canonical)`;
  const lines = dialect === 'sqlite' ? `CAST(group_concat(line, '') AS BLOB)` : `string_agg(line, '')`;
  return `SELECT ${lines} AS lines, count(*) AS n, max(seq) AS last FROM (
    SELECT seq, ${line} AS line FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?
  ) AS page`;
}

const PACKED = { sqlite: sql(packedPage('sqlite')), postgres: sql(packedPage('postgres')) };

/** One page of {@link AuditRepository.packed}: `lines` is null when it is empty. */
export interface PackedPage {
  lines: Buffer | null;
  n: number;
  last: number | null;
}

const LOCK_CHAIN = sql(`SELECT pg_advisory_xact_lock(?) AS locked`);

/** Any number that both PostgreSQL sessions agree on; it names the chain head lock. */
const CHAIN_LOCK_KEY = 727_27_1;

/**
 * A payload or delegation that is not JSON any more (edited behind the app's back) is passed on as
 * its raw text, so verification reports that entry as a `hash_mismatch` and an export shows what
 * is stored, instead of the read failing.
 */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The stored row as an entry; scheme 1 rows (no subject) have no subject or delegation fields. */
export function toAuditEntry(row: AuditRow): AuditEntry {
  const entry: AuditEntry = {
    seq: Number(row.seq),
    at: row.at,
    changeRequestId: row.change_request_id,
    reference: row.reference,
    eventType: row.event_type,
    payload: parseJson(row.payload) as Record<string, unknown>,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorOrganisation: row.actor_organisation,
    actorRole: row.actor_role,
    stateBefore: row.state_before,
    stateAfter: row.state_after,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (row.subject_type !== null) {
    entry.subjectType = row.subject_type;
    entry.subjectId = row.subject_id ?? undefined;
    entry.onBehalfOf = row.on_behalf_of === null ? null : (parseJson(row.on_behalf_of) as AuditEntry['onBehalfOf']);
  }
  return entry;
}

export interface ChainHead {
  /** The newest entry's seq: the number of entries in an intact log. */
  seq: number;
  hash: string;
}

export const AUDIT_STREAM_BATCH = 1000;

/** Insert-only: the application never updates or deletes an entry (and triggers refuse it). */
@Injectable()
export class AuditRepository {
  /**
   * Writes the entry as the canonical text its hash is computed over, and that hash: the
   * database derives the other columns from the text (audit-schema.ts).
   */
  insert(db: Sql, entry: AuditEntry): void {
    db.defer(INSERT, [entry.seq, canonicalEntry(entry), entry.hash]);
  }

  /**
   * Locks the chain head for the rest of the caller's transaction (PostgreSQL: several app
   * instances append to one chain; SQLite has a single writer) and returns it.
   */
  async lockHead(db: Sql): Promise<ChainHead> {
    if (db.dialect === 'postgres') await db.all(LOCK_CHAIN, [CHAIN_LOCK_KEY]);
    return this.head(db);
  }

  async head(db: Sql): Promise<ChainHead> {
    const row = await db.get<{ seq: number; hash: string }>(HEAD);
    return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** The chain as it stood just before `at` (the newest entry written before it). */
  async headBefore(db: Sql, at: string): Promise<ChainHead> {
    const row = await db.get<{ seq: number; hash: string }>(HEAD_BEFORE, [at]);
    return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Entries matching every given filter, newest first, before `beforeSeq` (keyset paging); each
   * filter walks its own (column, seq) index.
   */
  async browse(db: Sql, filter: AuditBrowseFilter, limit: number): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: Param[] = [];
    const add = (clause: string, value: Param) => {
      where.push(clause);
      params.push(value);
    };
    if (filter.changeRequestId !== undefined) add('change_request_id = ?', filter.changeRequestId);
    if (filter.actorId !== undefined) add('actor_id = ?', filter.actorId);
    if (filter.actorIds !== undefined) {
      where.push(`actor_id IN (${filter.actorIds.map(() => '?').join(', ')})`);
      params.push(...filter.actorIds);
    }
    if (filter.eventType !== undefined) add('event_type = ?', filter.eventType);
    if (filter.from !== undefined) add('at >= ?', filter.from);
    if (filter.to !== undefined) add('at < ?', filter.to);
    if (filter.beforeSeq !== undefined) add('seq < ?', filter.beforeSeq);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await db.all<AuditRow>(statementFor(`SELECT ${ROW} FROM audit_log ${clause} ORDER BY seq DESC LIMIT ?`), [...params, limit]);
    return rows.map(toAuditEntry);
  }

  /**
   * The change request a registration number names. The one read of another module's table here:
   * the log itself has no index on reference, and a draft's entries carry none.
   */
  async requestIdOf(db: Sql, reference: string): Promise<string | undefined> {
    return (await db.get<{ id: string }>(REQUEST_BY_REFERENCE, [reference]))?.id;
  }

  /**
   * Every user's id and name, for a person filter. The other read of another module's table: the
   * register is small, and the log's names are as they were when each entry was written.
   */
  people(db: Sql): Promise<{ id: string; name: string }[]> {
    return db.all<{ id: string; name: string }>(PEOPLE);
  }

  async forChangeRequest(db: Sql, changeRequestId: string, afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const rows = await db.all<AuditRow>(FOR_REQUEST, [changeRequestId, afterSeq, limit]);
    return rows.map(toAuditEntry);
  }

  async forSubject(db: Sql, type: string, id: string, afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const rows = await db.all<AuditRow>(FOR_SUBJECT, [type, id, afterSeq, limit]);
    return rows.map(toAuditEntry);
  }

  /** The newest entry's seq (0 for an empty log). */
  async lastSeq(db: Sql): Promise<number> {
    const row = await db.get<{ seq: number | null }>(LAST_SEQ);
    return Number(row?.seq ?? 0);
  }

  /** The verifier's page of entries with `afterSeq < seq <= upToSeq`, at most `limit` (see packedPage). */
  async packed(db: Sql, afterSeq: number, upToSeq: number, limit: number): Promise<PackedPage> {
    const row = await db.get<{ lines: Buffer | string | null; n: number | string; last: number | string | null }>(
      PACKED[db.dialect],
      [afterSeq, upToSeq, limit],
    );
    const lines = row?.lines == null ? null : typeof row.lines === 'string' ? Buffer.from(row.lines, 'utf8') : row.lines;
    return { lines, n: Number(row?.n ?? 0), last: row?.last == null ? null : Number(row.last) };
  }

  /** The stored rows with `afterSeq < seq <= upToSeq`, with their canonical text, in seq order, at most `limit`. */
  async canonicalRows(db: Sql, afterSeq: number, upToSeq: number, limit: number): Promise<CanonicalAuditRow[]> {
    return db.all<CanonicalAuditRow>(RANGE, [afterSeq, upToSeq, limit]);
  }

  /** The stored texts and hashes with `afterSeq < seq <= upToSeq`, in seq order, at most `limit`. */
  async texts(db: Sql, afterSeq: number, upToSeq: number, limit: number): Promise<StoredText[]> {
    const rows = await db.all<StoredText>(TEXTS, [afterSeq, upToSeq, limit]);
    return rows.map((row) => ({ seq: Number(row.seq), hash: row.hash, canonical: row.canonical }));
  }

  /** What the verifier reads of the table's definition (derivedColumnsIntact). */
  async schema(db: Sql): Promise<AuditSchemaRows> {
    if (db.dialect === 'sqlite') {
      const row = await db.get<{ tableSql: string }>(SCHEMA.sqlite);
      return { dialect: 'sqlite', tableSql: row?.tableSql ?? null };
    }
    return { dialect: 'postgres', columns: await db.all(SCHEMA.postgres) };
  }

  /** Entries after `afterSeq` in seq order, at most `limit`. */
  async after(db: Sql, afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const rows = await db.all<AuditRow>(AFTER, [afterSeq, limit]);
    return rows.map(toAuditEntry);
  }
}
