import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { Database, type WriteContext } from '../database/database';
import { WorkflowDirectory } from '../workflow/workflow-directory';
import type { CreateWebhookDto, WebhookDeliveryPageResponse, WebhookResponse } from './dto/webhooks.dto';
import { ALL_EVENTS } from './webhook.types';
import { WebhooksRepository, type AttemptRow, type DeliveryRow, type WebhookRow } from './webhooks.repository';

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field} ${message}`, { fields: [{ field, message }] });
}

function toResponse(row: WebhookRow): WebhookResponse {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    active: Number(row.active) === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
    deactivatedAt: row.deactivated_at,
  };
}

/** What the decision history records of a hook: never its secret. */
function recorded(hook: WebhookResponse) {
  const { id, url, events, active } = hook;
  return { id, url, events, active };
}

/**
 * Administers webhooks (SPEC §9): create, list, read, deactivate ("delete": the row and its
 * deliveries stay, it gets no new ones and its pending ones are given up) and the delivery
 * history. Each change is one transaction with its audit entry (subject type "webhook").
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly database: Database,
    private readonly repository: WebhooksRepository,
    private readonly audit: AuditService,
    private readonly workflows: WorkflowDirectory,
    private readonly clock: Clock,
  ) {}

  async create(by: Actor, dto: CreateWebhookDto): Promise<WebhookResponse> {
    const url = this.checkUrl(dto.url);
    const events = this.checkEvents(dto.events);
    const at = this.clock.nowIso();
    const id = randomUUID();
    return this.database.write(async (ctx) => {
      await this.repository.insert(ctx.sql, { id, url, events, secret: dto.secret, createdAt: at, createdBy: by.id });
      const hook = toResponse((await this.repository.find(ctx.sql, id))!);
      await this.record(ctx, by, 'WEBHOOK_CREATED', null, hook, at);
      return hook;
    });
  }

  list(): Promise<WebhookResponse[]> {
    return this.database.read(async ({ sql }) => (await this.repository.list(sql)).map(toResponse));
  }

  get(id: string): Promise<WebhookResponse> {
    return this.database.read(async ({ sql }) => toResponse(await this.existing(sql, id)));
  }

  async deactivate(by: Actor, id: string): Promise<WebhookResponse> {
    const at = this.clock.nowIso();
    return this.database.write(async (ctx) => {
      const before = toResponse(await this.existing(ctx.sql, id));
      if (!before.active) return before;
      const after: WebhookResponse = { ...before, active: false, deactivatedAt: at };
      // The audit entry first: it takes the chain's lock that every event's transaction takes
      // before it reads the hooks, so no event can still be writing a delivery for this one when
      // the pending deliveries are given up below.
      await this.record(ctx, by, 'WEBHOOK_DEACTIVATED', before, after, at);
      await this.repository.deactivate(ctx.sql, id, at);
      return after;
    });
  }

  async deliveries(id: string, limit: number, offset: number): Promise<WebhookDeliveryPageResponse> {
    return this.database.read(async ({ sql }) => {
      await this.existing(sql, id);
      const rows = await this.repository.deliveries(sql, id, limit, offset);
      const attempts = await this.repository.attempts(sql, rows.map((r) => r.id));
      return { items: rows.map((r) => toDelivery(r, attempts)), total: await this.repository.deliveryCount(sql, id), limit, offset };
    });
  }

  private async existing(sql: Parameters<WebhooksRepository['find']>[0], id: string): Promise<WebhookRow> {
    const row = await this.repository.find(sql, id);
    if (!row) throw new DomainError('NOT_FOUND', `Webhook ${id} not found`);
    return row;
  }

  /** An absolute http(s) URL; credentials belong in the secret, not in a URL the history shows. */
  private checkUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw invalid('url', 'must be an absolute http:// or https:// URL');
    }
    if (!['http:', 'https:'].includes(url.protocol) || !url.hostname) throw invalid('url', 'must be an absolute http:// or https:// URL');
    if (url.username || url.password) throw invalid('url', 'must not carry a user name or password');
    if (url.hash) throw invalid('url', 'must not have a #fragment');
    return url.toString();
  }

  /** Event types of the loaded change-request workflows, or "*" alone for all of them. */
  private checkEvents(events: string[]): string[] {
    const wanted = [...new Set(events.map((e) => e.trim()))];
    if (wanted.includes(ALL_EVENTS)) {
      if (wanted.length > 1) throw invalid('events', `"${ALL_EVENTS}" means every event and stands alone`);
      return wanted;
    }
    const known = new Set(
      this.workflows
        .all()
        .filter((w) => w.definition.kind === 'change_request')
        .flatMap((w) => Object.keys(w.definition.events)),
    );
    const unknown = wanted.filter((e) => !known.has(e));
    if (unknown.length) {
      throw invalid('events', `unknown event type ${unknown.map((e) => `"${e}"`).join(', ')}; must be "${ALL_EVENTS}" or among: ${[...known].join(', ')}`);
    }
    return wanted;
  }

  private async record(ctx: WriteContext, by: Actor, eventType: string, before: WebhookResponse | null, after: WebhookResponse, at: string) {
    await this.audit.append(ctx, {
      at,
      subjectType: 'webhook',
      subjectId: after.id,
      changeRequestId: null,
      reference: null,
      eventType,
      payload: before ? { changes: { active: { from: before.active, to: after.active } } } : { webhook: recorded(after) },
      actorId: by.id,
      actorName: by.name,
      actorOrganisation: by.organisationId,
      actorRole: by.role,
      stateBefore: before ? JSON.stringify(recorded(before)) : null,
      stateAfter: JSON.stringify(recorded(after)),
    });
  }
}

function toDelivery(row: DeliveryRow, attempts: AttemptRow[]): WebhookDeliveryPageResponse['items'][number] {
  return {
    id: row.id,
    seq: Number(row.audit_seq),
    changeRequestId: row.change_request_id,
    eventType: row.event_type,
    status: row.status,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    attempts: attempts
      .filter((a) => a.delivery_id === row.id)
      .map((a) => ({
        n: Number(a.n),
        at: a.started_at,
        statusCode: a.status_code === null ? null : Number(a.status_code),
        error: a.error,
        durationMs: a.duration_ms === null ? null : Number(a.duration_ms),
      })),
  };
}
