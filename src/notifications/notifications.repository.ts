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

/** An active user who may be told, with what visibility needs of the organisation. */
export interface CandidateRow {
  id: string;
  name: string;
  role: string;
  organisation_id: string;
  organisation_kind: string;
  email: string | null;
}

const CANDIDATES = sql(`SELECT u.id, u.name, u.role, u.organisation_id, o.kind AS organisation_kind, u.email
  FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.active = 1 AND u.role <> 'admin' ORDER BY u.id`);
const INSERT_NOTIFICATION = sql(`INSERT INTO notifications
  (id, delivery_key, kind, recipient_id, change_request_id, audit_seq, event_type, title, body, created_at, read_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (delivery_key) DO NOTHING`);
const INSERT_EMAIL = sql(`INSERT INTO email_deliveries
  (id, delivery_key, kind, audit_seq, recipient_id, address, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, ?, NULL) ON CONFLICT (delivery_key) DO NOTHING`);
const PAGE = sql(`SELECT id, change_request_id, audit_seq, kind, event_type, title, body, created_at, read_at FROM notifications
  WHERE recipient_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`);
const COUNTS = sql(`SELECT COUNT(*) AS total, COUNT(*) - COUNT(read_at) AS unread FROM notifications WHERE recipient_id = ?`);
const READ_ALL = sql(`UPDATE notifications SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL`);

@Injectable()
export class NotificationsRepository {
  candidates(db: Sql): Promise<CandidateRow[]> {
    return db.all<CandidateRow>(CANDIDATES);
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

  async counts(db: Sql, recipientId: string): Promise<{ total: number; unread: number }> {
    const row = await db.get<{ total: number | string; unread: number | string }>(COUNTS, [recipientId]);
    return { total: Number(row?.total ?? 0), unread: Number(row?.unread ?? 0) };
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
