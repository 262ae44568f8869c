import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Clock } from '../clock/clock';
import { APP_CONFIG, WEBHOOK_DEFAULTS, type AppConfig, type WebhookConfig } from '../config/app-config';
import { Database } from '../database/database';
import { sql, type Sql } from '../database/sql';
import { signature } from './webhook-signature';

interface Claimed {
  id: string;
  body: string;
  attempts: number | string;
  url: string;
  secret: string;
}

type Outcome = { statusCode: number; error: null } | { statusCode: null; error: string };

const BATCH = 20;
/** Names the product to receivers (header values are ASCII). */
export const WEBHOOK_USER_AGENT = 'Andringsbegaran-Webhooks/1.0';

/** Read first: a look that finds nothing due costs no write transaction (and no SQLite writer turn). */
const ANY_DUE = sql(`SELECT 1 AS due FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? LIMIT 1`);
const CLAIM_POSTGRES = sql(`UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = ? FROM webhooks w
  WHERE w.id = d.webhook_id AND d.id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
    ORDER BY next_attempt_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
  RETURNING d.id, d.body, d.attempts, w.url, w.secret`);
const DUE_SQLITE = sql(`SELECT d.id, d.body, d.attempts + 1 AS attempts, w.url, w.secret FROM webhook_deliveries d
  JOIN webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ${BATCH}`);
const LEASE_SQLITE = sql(`UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?`);
/** An earlier attempt still without an outcome was a sender that stopped (crashed) before it knew. */
const LOST = sql(`UPDATE webhook_attempts SET error = 'LEASE_EXPIRED' WHERE delivery_id = ? AND n < ? AND status_code IS NULL AND error IS NULL`);
const START = sql(`INSERT INTO webhook_attempts (delivery_id, n, started_at, status_code, error, duration_ms) VALUES (?, ?, ?, NULL, NULL, NULL)
  ON CONFLICT (delivery_id, n) DO NOTHING`);
const FINISH = sql(`UPDATE webhook_attempts SET status_code = ?, error = ?, duration_ms = ? WHERE delivery_id = ? AND n = ?`);
const DELIVERED = sql(`UPDATE webhook_deliveries SET status = 'delivered', delivered_at = ? WHERE id = ?`);
/** Only while pending: a delivery given up meanwhile (its hook deleted) stays given up. */
const RETRY = sql(`UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? AND status = 'pending'`);
const FAILED = sql(`UPDATE webhook_deliveries SET status = 'failed' WHERE id = ?`);

/** A short reason without the URL or anything the receiver said: the error's code. */
function shortError(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? code : 'REQUEST_FAILED').slice(0, 60);
}

/**
 * Delivers the webhook outbox after commit, never inside a transaction: claims due deliveries (on
 * PostgreSQL with FOR UPDATE SKIP LOCKED, so several instances never take the same one; on SQLite
 * through the single writer) with a lease that lets another instance take over from a sender that
 * crashed, records the attempt, POSTs the stored body signed with the hook's secret, and records
 * the outcome: 2xx delivered; otherwise a retry due by the product's clock after a doubling delay,
 * and failed after the last try. Redirects are not followed (a 3xx is a failed attempt).
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly settings: Required<WebhookConfig>;
  private readonly timers = new Set<NodeJS.Timeout>();
  private unsubscribe?: () => void;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.settings = { ...WEBHOOK_DEFAULTS, ...config.webhooks };
  }

  /** How long a claim holds a delivery before another instance may take it: beyond any attempt. */
  private get leaseMs(): number {
    return this.settings.timeoutMs + 60_000;
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    const poll = setInterval(() => this.nudge(), this.settings.pollMs);
    poll.unref();
    this.timers.add(poll);
    // Retries come due by the product's clock: a test (or an instance told of it) that moves it
    // forward finds them due at once.
    this.unsubscribe = this.clock.onMoved(() => this.nudge());
    this.nudge();
  }

  /** Before the database closes: the attempts under way finish and are recorded. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const timer of this.timers) clearTimeout(timer);
    await this.running;
  }

  /** Looks for due deliveries now (after a commit that queued some). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error(`Webhook dispatch failed: ${shortError(error)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const now = this.clock.nowIso();
      const due = await this.database.read(({ sql: db }) => db.get(ANY_DUE, [now]), { transaction: false });
      if (!due) return;
      const claimed = await this.database.write((ctx) => this.claim(ctx.sql));
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
      if (claimed.length < BATCH) return;
    }
  }

  private async claim(db: Sql): Promise<Claimed[]> {
    const now = this.clock.now().getTime();
    const startedAt = new Date(now).toISOString();
    const lease = new Date(now + this.leaseMs).toISOString();
    let claimed: Claimed[];
    if (db.dialect === 'postgres') {
      claimed = await db.all<Claimed>(CLAIM_POSTGRES, [lease, startedAt]);
    } else {
      claimed = await db.all<Claimed>(DUE_SQLITE, [startedAt]);
      for (const delivery of claimed) db.defer(LEASE_SQLITE, [lease, delivery.id]);
    }
    for (const delivery of claimed) {
      const n = Number(delivery.attempts);
      db.defer(LOST, [delivery.id, n]);
      db.defer(START, [delivery.id, n, startedAt]);
    }
    await db.flush();
    return claimed;
  }

  private async deliver(delivery: Claimed): Promise<void> {
    const n = Number(delivery.attempts);
    const started = performance.now();
    const outcome = await this.post(delivery);
    const durationMs = Math.round(performance.now() - started);
    const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const last = n >= this.settings.maxAttempts;
    const delayMs = this.settings.retryBaseMs * 2 ** (n - 1);
    await this.database.write(async ({ sql: db }) => {
      db.defer(FINISH, [outcome.statusCode, outcome.error, durationMs, delivery.id, n]);
      if (ok) await db.run(DELIVERED, [this.clock.nowIso(), delivery.id]);
      else if (last) await db.run(FAILED, [delivery.id]);
      else await db.run(RETRY, [new Date(this.clock.now().getTime() + delayMs).toISOString(), delivery.id]);
    });
    if (ok) return;
    const reason = outcome.error ?? `HTTP ${outcome.statusCode}`;
    this.logger.warn(`Webhook delivery ${delivery.id} attempt ${n} failed (${reason})${last ? '; marked failed' : ''}`);
    if (!last && !this.stopped) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.nudge();
      }, delayMs);
      timer.unref();
      this.timers.add(timer);
    }
  }

  /** One POST of the exact stored bytes; resolves with the status or the reason there was none. */
  private post(delivery: Claimed): Promise<Outcome> {
    const body = Buffer.from(delivery.body, 'utf8');
    let url: URL;
    try {
      url = new URL(delivery.url);
    } catch {
      return Promise.resolve({ statusCode: null, error: 'INVALID_URL' });
    }
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      // Called only from the request's events and the timer, all after `timer` exists.
      const done = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        url,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': body.length,
            'User-Agent': WEBHOOK_USER_AGENT,
            'X-Signature': signature(body, delivery.secret),
            'Idempotency-Key': delivery.id,
          },
        },
        (res) => {
          // Only the status counts; whatever the receiver says is read and dropped.
          res.resume();
          res.on('error', () => undefined);
          done({ statusCode: res.statusCode ?? 0, error: null });
        },
      );
      const timer = setTimeout(() => {
        done({ statusCode: null, error: 'TIMEOUT' });
        req.destroy();
      }, this.settings.timeoutMs);
      req.on('error', (error) => done({ statusCode: null, error: shortError(error) }));
      req.end(body);
    });
  }
}
