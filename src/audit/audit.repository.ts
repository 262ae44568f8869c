import { Injectable } from '@nestjs/common';
import { canonicalJson } from '../common/canonical-json';
import { canonicalEntry } from './audit-hash';
import type { Param, Sql } from '../database/sql';
import { sql, statementFor } from '../database/sql';
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

/** A stored row with the canonical text it was hashed over (null: written before it was kept). */
export interface CanonicalAuditRow extends AuditRow {
  canonical: string | null;
}

const ROW = `seq, at, subject_type, subject_id, change_request_id, reference, event_type, payload, actor_id,
  actor_name, actor_organisation, actor_role, on_behalf_of, state_before, state_after, prev_hash, hash`;

const INSERT = sql(
  `INSERT INTO audit_log (${ROW}, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
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
const LAST_SEQ = sql(`SELECT max(seq) AS seq FROM audit_log`);

/**
 * The text an entry's hash is computed over, built from its columns by the database itself,
 * member by member in canonicalEntry's order (keys sorted): strings JSON-quoted (SQLite
 * `json_quote`, PostgreSQL `to_json`), the payload and delegation as stored (the repository
 * writes them as canonical JSON), `seq` as its digits. Where the database's quoting differs from
 * JSON.stringify's, the text differs, the entry goes to the full check in JavaScript and passes
 * there: the database can make verification slower, never laxer.
 */
function builtCanonical(quote: (column: string) => string, digits: string): { scheme1: string; scheme2: string } {
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
  return { scheme1: `concat(${scheme1.join(', ')})`, scheme2: `concat(${scheme2.join(', ')})` };
}

/**
 * A page of the chain for the verifier as one value (UTF-8 bytes), a line per entry:
 * `<seq> 1 <prev_hash> <hash> <text>` where the entry's columns agree with `text` (its stored
 * canonical text, or for an entry stored without one the text built from its columns), else
 * `<seq> 0` (the verifier then reads the full row). The hashes must be 64 bytes and no line may
 * hold a line break, so the value splits safely. The payload and delegation go into the built
 * text as stored, so they must each be one JSON value (else an edit could move text across the
 * boundary between them and leave the whole unchanged): SQLite checks with `json_valid`;
 * PostgreSQL's cast to json fails the page instead, and the verifier checks that page in full.
 *
 * One value a page, not a row object an entry: the driver's per-row and per-column cost, and
 * decoding the text, were most of the verifier's time. The text is built once per entry and only
 * the stored text is searched for line breaks (when the two are equal, one search covers both).
 * The lines are aggregated in the order the page is read (seq order), without an ORDER BY inside
 * the aggregate: that sort copied every line and cost a third of the query; the verifier still
 * puts the lines in seq order itself when they are not (see verifySlice).
 */
function packedPage(dialect: 'sqlite' | 'postgres'): string {
  const sqlite = dialect === 'sqlite';
  const quote = sqlite ? (c: string) => `json_quote(${c})` : (c: string) => `coalesce(to_json(${c})::text, 'null')`;
  const digits = sqlite ? 'seq' : 'seq::text';
  const built = builtCanonical(quote, digits);
  const newline = sqlite ? 'char(10)' : 'chr(10)';
  const bytes = (column: string) => (sqlite ? `length(CAST(${column} AS BLOB))` : `octet_length(${column})`);
  const noNewline = (text: string) => (sqlite ? `instr(${text}, ${newline}) = 0` : `strpos(${text}, ${newline}) = 0`);
  const json = sqlite
    ? `json_valid(payload) AND (on_behalf_of IS NULL OR json_valid(on_behalf_of))`
    : `payload::json IS NOT NULL AND (on_behalf_of IS NULL OR on_behalf_of::json IS NOT NULL)`;
  const sound = `${bytes('prev_hash')} = 64 AND ${bytes('hash')} = 64 AND ${noNewline('prev_hash')} AND ${noNewline('hash')} AND ${json}`;
  const agrees = (text: string) => `concat(${digits}, ' 1 ', prev_hash, ' ', hash, ' ', ${text})`;
  const line = `CASE
      WHEN canonical IS NOT NULL THEN CASE WHEN canonical = built AND ${noNewline('canonical')} AND ${sound}
        THEN ${agrees('canonical')} ELSE concat(${digits}, ' 0') END
      WHEN ${noNewline('built')} AND ${sound} THEN ${agrees('built')}
      ELSE concat(${digits}, ' 0') END`;
  const lines = sqlite ? `CAST(group_concat(line, ${newline}) AS BLOB)` : `string_agg(line, ${newline})`;
  return `SELECT ${lines} AS lines, count(*) AS n, max(seq) AS last FROM (
    SELECT seq, ${line} AS line FROM (
      SELECT seq, prev_hash, hash, canonical, payload, on_behalf_of,
        CASE WHEN subject_type IS NULL THEN ${built.scheme1} ELSE ${built.scheme2} END AS built
      FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?
    ) AS page
  ) AS lines`;
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
  /** Writes the entry with the canonical text its hash is computed over, so a verifier need not rebuild it. */
  insert(db: Sql, entry: AuditEntry): void {
    const params: Param[] = [
      entry.seq,
      entry.at,
      entry.subjectType ?? null,
      entry.subjectId ?? null,
      entry.changeRequestId,
      entry.reference,
      entry.eventType,
      canonicalJson(entry.payload),
      entry.actorId,
      entry.actorName,
      entry.actorOrganisation,
      entry.actorRole,
      entry.onBehalfOf ? canonicalJson(entry.onBehalfOf) : null,
      entry.stateBefore,
      entry.stateAfter,
      entry.prevHash,
      entry.hash,
      canonicalEntry(entry),
    ];
    db.defer(INSERT, params);
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

  /** Entries after `afterSeq` in seq order, at most `limit`. */
  async after(db: Sql, afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const rows = await db.all<AuditRow>(AFTER, [afterSeq, limit]);
    return rows.map(toAuditEntry);
  }
}
