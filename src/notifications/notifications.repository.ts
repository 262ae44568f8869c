import { Injectable } from '@nestjs/common';
import { sql, type Sql } from '../database/sql';

export interface NotificationRow {
  id: string;
  change_request_id: string;
  audit_seq: number | string | null;
  kind: string;
  event_type: string;
  title: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

/** What a notification or mail is about: an accepted event, or a reminder of a deadline. */
export type DeliveryKind = 'event' | 'reminder' | 'dispatch';
/** A mail may also carry a scheduled report to a distribution list (no recipient user, no audit seq). */
export type EmailKind = DeliveryKind | 'report';

export interface NewNotification {
  id: string;
  /** Unique: what it is about and for whom (`event:<seq>:<user>`, `reminder:…:<user>`). */
  deliveryKey: string;
  kind: DeliveryKind;
  recipientId: string;
  changeRequestId: string;
  auditSeq: number | null;
  eventType: string;
  title: string;
  body: string;
  createdAt: string;
}

export interface NewEmail {
  id: string;
  deliveryKey: string;
  kind: EmailKind;
  auditSeq: number | null;
  recipientId: string | null;
  address: string;
  subject: string;
  body: string;
  createdAt: string;
}

/** A recipient's notifications and unread ones, each counted up to a bound (see counts). */
export interface NotificationCounts {
  total: number;
  totalExact: boolean;
  unread: number;
  unreadExact: boolean;
}

/** An active user who may be told, with what visibility needs of the organisation. */
export interface CandidateRow {
  id: string;
  name: string;
  role: string;
  organisation_id: string;
  organisation_kind: string;
  email: string | null;
  /** A kommunalförbund's member municipalities, comma-separated (null for any other organisation). */
  member_ids: string | null;
}

/** The candidates with their kommunalförbund's members, in one statement (it runs on every event). */
function candidatesText(concat: (column: string) => string): string {
  return `SELECT u.id, u.name, u.role, u.organisation_id, o.kind AS organisation_kind, u.email,
    CASE WHEN o.kind = 'kommunalforbund' THEN (SELECT ${concat('m.id')} FROM organisations m WHERE m.parent_id = o.id) END AS member_ids
    FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.active = 1 AND u.role <> 'admin' ORDER BY u.id`;
}
const CANDIDATES = {
  sqlite: sql(candidatesText((column) => `group_concat(${column}, ',')`)),
  postgres: sql(candidatesText((column) => `string_agg(${column}, ',' ORDER BY ${column})`)),
};
const INSERT_NOTIFICATION = sql(`INSERT INTO notifications
  (id, delivery_key, kind, recipient_id, change_request_id, audit_seq, event_type, title, body, created_at, read_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (delivery_key) DO NOTHING`);
const INSERT_EMAIL = sql(`INSERT INTO email_deliveries
  (id, delivery_key, kind, audit_seq, recipient_id, address, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, ?, NULL) ON CONFLICT (delivery_key) DO NOTHING`);
const PAGE = sql(`SELECT id, change_request_id, audit_seq, kind, event_type, title, body, created_at, read_at FROM notifications
  WHERE recipient_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`);
/** Each counted up to a bound (parameter): a user who never reads costs the same on day 1,000. */
const COUNTS = sql(`SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE recipient_id = ? LIMIT ?) a) AS total,
  (SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE recipient_id = ? AND read_at IS NULL LIMIT ?) b) AS unread`);
const READ_ALL = sql(`UPDATE notifications SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL`);

@Injectable()
export class NotificationsRepository {
  candidates(db: Sql): Promise<CandidateRow[]> {
    return db.all<CandidateRow>(CANDIDATES[db.dialect]);
  }

  insertNotification(db: Sql, n: NewNotification): void {
    db.defer(INSERT_NOTIFICATION, [n.id, n.deliveryKey, n.kind, n.recipientId, n.changeRequestId, n.auditSeq, n.eventType, n.title, n.body, n.createdAt]);
  }

  insertEmail(db: Sql, e: NewEmail): void {
    db.defer(INSERT_EMAIL, [e.id, e.deliveryKey, e.kind, e.auditSeq, e.recipientId, e.address, e.subject, e.body, e.createdAt, e.createdAt]);
  }

  page(db: Sql, recipientId: string, limit: number, offset: number): Promise<NotificationRow[]> {
    return db.all<NotificationRow>(PAGE, [recipientId, limit, offset]);
  }

  /** The recipient's notifications and unread ones, each counted up to `bound`; past it, `bound` and not exact. */
  async counts(db: Sql, recipientId: string, bound: number): Promise<NotificationCounts> {
    const row = await db.get<{ total: number | string; unread: number | string }>(COUNTS, [recipientId, bound + 1, recipientId, bound + 1]);
    const total = Number(row?.total ?? 0);
    const unread = Number(row?.unread ?? 0);
    return { total: Math.min(total, bound), totalExact: total <= bound, unread: Math.min(unread, bound), unreadExact: unread <= bound };
  }

  readAll(db: Sql, recipientId: string, at: string): Promise<number> {
    return db.run(READ_ALL, [at, recipientId]);
  }

  /** Marks some of the recipient's own notifications read (ids of others' are ignored). */
  readSome(db: Sql, recipientId: string, ids: string[], at: string): Promise<number> {
    return db.run(readSomeStatement(ids.length), [at, recipientId, ...ids]);
  }
}

const READ_SOME = new Map<number, ReturnType<typeof sql>>();
function readSomeStatement(n: number) {
  let statement = READ_SOME.get(n);
  if (!statement) {
    statement = sql(`UPDATE notifications SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL
      AND id IN (${Array.from({ length: n }, () => '?').join(', ')})`);
    READ_SOME.set(n, statement);
  }
  return statement;
}
