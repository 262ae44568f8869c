import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { WriteContext } from '../database/database';
import { WebhookDispatcher } from './webhook-dispatcher';
import { webhookBody } from './webhook-signature';
import { ALL_EVENTS } from './webhook.types';
import { WebhooksRepository } from './webhooks.repository';

/** What the accepted event's transaction knows once its audit entry is appended. */
export interface WebhookEvent {
  changeRequestId: string;
  reference: string | null;
  eventType: string;
  seq: number;
  hash: string;
  at: string;
}

/**
 * The webhook outbox: `record` runs inside the accepted event's write transaction, after its audit
 * entry, and writes one delivery per active hook subscribed to the event type (unique per hook
 * and audit entry), so a delivery exists iff the event does. The dispatcher sends it after commit.
 */
@Injectable()
export class WebhookOutbox {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async record(ctx: WriteContext, event: WebhookEvent): Promise<void> {
    let queued = false;
    for (const hook of await this.repository.subscriptions(ctx.sql)) {
      const events = JSON.parse(hook.events) as string[];
      if (!events.includes(ALL_EVENTS) && !events.includes(event.eventType)) continue;
      const id = randomUUID();
      this.repository.insertDelivery(ctx.sql, {
        id,
        webhookId: hook.id,
        auditSeq: event.seq,
        changeRequestId: event.changeRequestId,
        eventType: event.eventType,
        body: webhookBody({ id, ...event }),
        createdAt: event.at,
      });
      queued = true;
    }
    if (queued) ctx.afterCommit(() => this.dispatcher.nudge());
  }
}
