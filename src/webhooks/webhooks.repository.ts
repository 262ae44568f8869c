import { Injectable } from '@nestjs/common';
import { placeholders, sql, statementFor, type Sql } from '../database/sql';

export interface WebhookRow {
  id: string;
  url: string;
  /** JSON list of event types, or ["*"]. */
  events: string;
  active: number | string;
  created_at: string;
  created_by: string;
  deactivated_at: string | null;
}

/** What the outbox needs of an active hook. */
export interface SubscriptionRow {
  id: string;
  events: string;
}

export interface DeliveryRow {
  id: string;
  audit_seq: number | string;
  change_request_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number | string;
  next_attempt_at: string;
  created_at: string;
  delivered_at: string | null;
}

export interface AttemptRow {
  delivery_id: string;
  n: number | string;
  started_at: string;
  status_code: number | string | null;
  error: string | null;
  duration_ms: number | string | null;
}

export interface NewDelivery {
  id: string;
  webhookId: string;
  auditSeq: number;
  changeRequestId: string;
  eventType: string;
  body: string;
  createdAt: string;
}

const HOOK_COLUMNS = 'id, url, events, active, created_at, created_by, deactivated_at';
const INSERT_HOOK = sql(`INSERT INTO webhooks (id, url, events, secret, active, created_at, created_by, deactivated_at)
  VALUES (?, ?, ?, ?, 1, ?, ?, NULL)`);
const LIST = sql(`SELECT ${HOOK_COLUMNS} FROM webhooks ORDER BY created_at, id`);
const FIND = sql(`SELECT ${HOOK_COLUMNS} FROM webhooks WHERE id = ?`);
const DEACTIVATE = sql(`UPDATE webhooks SET active = 0, deactivated_at = ? WHERE id = ? AND active = 1`);
/** A deleted hook's deliveries not yet made are given up, so it gets nothing more. */
const ABANDON = sql(`UPDATE webhook_deliveries SET status = 'failed' WHERE webhook_id = ? AND status = 'pending'`);
const SUBSCRIPTIONS = sql(`SELECT id, events FROM webhooks WHERE active = 1 ORDER BY id`);
const INSERT_DELIVERY = sql(`INSERT INTO webhook_deliveries
  (id, webhook_id, audit_seq, change_request_id, event_type, body, status, attempts, next_attempt_at, created_at, delivered_at)
  VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, NULL) ON CONFLICT (webhook_id, audit_seq) DO NOTHING`);
const DELIVERIES = sql(`SELECT id, audit_seq, change_request_id, event_type, status, attempts, next_attempt_at, created_at, delivered_at
  FROM webhook_deliveries WHERE webhook_id = ? ORDER BY audit_seq DESC LIMIT ? OFFSET ?`);
const DELIVERY_COUNT = sql(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook_id = ?`);

@Injectable()
export class WebhooksRepository {
  insert(db: Sql, hook: { id: string; url: string; events: string[]; secret: string; createdAt: string; createdBy: string }): Promise<number> {
    return db.run(INSERT_HOOK, [hook.id, hook.url, JSON.stringify(hook.events), hook.secret, hook.createdAt, hook.createdBy]);
  }

  list(db: Sql): Promise<WebhookRow[]> {
    return db.all<WebhookRow>(LIST);
  }

  find(db: Sql, id: string): Promise<WebhookRow | undefined> {
    return db.get<WebhookRow>(FIND, [id]);
  }

  async deactivate(db: Sql, id: string, at: string): Promise<void> {
    await db.run(DEACTIVATE, [at, id]);
    await db.run(ABANDON, [id]);
  }

  subscriptions(db: Sql): Promise<SubscriptionRow[]> {
    return db.all<SubscriptionRow>(SUBSCRIPTIONS);
  }

  insertDelivery(db: Sql, d: NewDelivery): void {
    db.defer(INSERT_DELIVERY, [d.id, d.webhookId, d.auditSeq, d.changeRequestId, d.eventType, d.body, d.createdAt, d.createdAt]);
  }

  deliveries(db: Sql, webhookId: string, limit: number, offset: number): Promise<DeliveryRow[]> {
    return db.all<DeliveryRow>(DELIVERIES, [webhookId, limit, offset]);
  }

  async deliveryCount(db: Sql, webhookId: string): Promise<number> {
    return Number((await db.get<{ n: number | string }>(DELIVERY_COUNT, [webhookId]))?.n ?? 0);
  }

  /** The attempts of a page of deliveries (at most one page, so the statements stay few). */
  attempts(db: Sql, deliveryIds: string[]): Promise<AttemptRow[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return db.all<AttemptRow>(
      statementFor(`SELECT delivery_id, n, started_at, status_code, error, duration_ms FROM webhook_attempts
        WHERE delivery_id IN (${placeholders(deliveryIds.length)}) ORDER BY delivery_id, n`),
      deliveryIds,
    );
  }
}
