import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DomainError } from '../common/domain-error';
import { Database } from '../database/database';
import { sql } from '../database/sql';
import { MAX_BATCH } from '../database/sqlite-database';
import { WorkflowDirectory } from '../workflow/workflow-directory';

const OUTBOX_BY_STATUS = sql(`SELECT status, COUNT(*) AS n FROM email_deliveries GROUP BY status`);
const WEBHOOKS_BY_STATUS = sql(`SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status`);

/** Route label of a request no route matched (404s), so unknown paths add no series. */
export const UNMATCHED_ROUTE = '(unmatched)';
/** Type label of an event no workflow defines, so arbitrary input adds no series. */
export const UNKNOWN_EVENT_TYPE = '(unknown)';

/** `applied`, or the refusal's error code in lower case (`state_conflict` …), or `error`. */
export function eventOutcome(error?: unknown): string {
  if (error === undefined) return 'applied';
  return error instanceof DomainError ? error.code.toLowerCase() : 'error';
}

/**
 * The product's Prometheus metrics, in a registry of the app's own (not prom-client's global
 * one, so that several apps in one process keep theirs apart). Every label takes a bounded set
 * of values: route templates, not paths; event types the workflows define; error codes.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private eventTypes: Set<string> | undefined;

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly events = new Counter({
    name: 'andringsbegaran_events_total',
    help: 'Change-request events sent, by event type and outcome (applied, or the refusal code)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly batchUnits = new Histogram({
    name: 'andringsbegaran_group_commit_units',
    help: 'Units of work committed per SQLite write transaction (group commit); empty on PostgreSQL',
    buckets: [1, 2, 4, 8, 16, 32, MAX_BATCH],
    registers: [this.registry],
  });

  constructor(
    private readonly database: Database,
    private readonly workflows: WorkflowDirectory,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const outboxDatabase = this.database;
    // The outbox backlog, read when scraped: e-mails pending, sent and failed (every instance
    // sees the same table, so any one scrape tells the whole backlog).
    new Gauge({
      name: 'andringsbegaran_outbox_emails',
      help: 'E-mail deliveries in the outbox by status (pending, sent, failed)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const rows = await outboxDatabase.read(({ sql: db }) => db.all<{ status: string; n: number | string }>(OUTBOX_BY_STATUS), {
          transaction: false,
        });
        this.reset();
        for (const status of ['pending', 'sent', 'failed']) this.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
      },
    });
    new Gauge({
      name: 'andringsbegaran_outbox_webhooks',
      help: 'Webhook deliveries in the outbox by status (pending, delivered, failed)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const rows = await outboxDatabase.read(({ sql: db }) => db.all<{ status: string; n: number | string }>(WEBHOOKS_BY_STATUS), {
          transaction: false,
        });
        this.reset();
        for (const status of ['pending', 'delivered', 'failed']) this.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
      },
    });
    database.onBatchCommitted((units) => this.batchUnits.observe(units));
  }

  /** One answered HTTP request; `route` is the matched route's template, if any. */
  httpRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    const labels = { method, route: route ?? UNMATCHED_ROUTE, status_code: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** One event, applied (no error) or refused with `error`. */
  event(type: string, error?: unknown): void {
    this.eventTypes ??= new Set(this.workflows.all().flatMap((w) => Object.keys(w.definition.events)));
    this.events.inc({ type: this.eventTypes.has(type) ? type : UNKNOWN_EVENT_TYPE, outcome: eventOutcome(error) });
  }

  /** The text exposition format, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
