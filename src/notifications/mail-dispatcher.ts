import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { sql, type Sql } from '../database/sql';

interface Claimed {
  id: string;
  address: string;
  subject: string;
  body: string;
  attempts: number | string;
}

const BATCH = 20;
/** How long a claim holds a mail before another instance may take it (a crashed sender). */
const LEASE_MS = 5 * 60_000;

const CLAIM_POSTGRES = sql(`UPDATE email_deliveries SET attempts = attempts + 1, next_attempt_at = ?
  WHERE id IN (SELECT id FROM email_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
    ORDER BY next_attempt_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
  RETURNING id, address, subject, body, attempts`);
const DUE_SQLITE = sql(`SELECT id, address, subject, body, attempts + 1 AS attempts FROM email_deliveries
  WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ${BATCH}`);
const LEASE_SQLITE = sql(`UPDATE email_deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?`);
const SENT = sql(`UPDATE email_deliveries SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?`);
const RETRY = sql(`UPDATE email_deliveries SET next_attempt_at = ?, last_error = ? WHERE id = ?`);
const FAILED = sql(`UPDATE email_deliveries SET status = 'failed', last_error = ? WHERE id = ?`);

/** A short reason without addresses or credentials: the SMTP reply code or the error's code. */
export function shortError(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; command?: string };
  const parts = [e.code, e.responseCode ? `SMTP ${e.responseCode}` : undefined, e.command].filter(Boolean);
  return (parts.length ? parts.join(' ') : 'send failed').slice(0, 200);
}

/**
 * Delivers the queued e-mails after commit, never inside a transaction: claims due rows (on
 * PostgreSQL with FOR UPDATE SKIP LOCKED, so several instances each take different rows; on
 * SQLite through the single writer), sends each, marks it sent, or retries with doubling delays
 * and marks it failed after the last try. Without SMTP_URL it does not start: rows stay pending.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailDispatcher.name);
  private transport?: Transporter;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const mail = this.config.mail;
    if (!mail) return;
    this.transport = createTransport(mail.smtpUrl);
    this.timer = setInterval(() => this.nudge(), mail.pollMs ?? 5000);
    this.timer.unref();
    this.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.transport?.close();
  }

  /** Looks for due mails now (after a commit that queued some). */
  nudge(): void {
    if (!this.transport || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error(`Mail dispatch failed: ${shortError(error)}`))
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
      const claimed = await this.database.write((ctx) => this.claim(ctx.sql));
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((mail) => this.deliver(mail)));
      if (claimed.length < BATCH) return;
    }
  }

  private async claim(db: Sql): Promise<Claimed[]> {
    const now = this.clock.now().getTime();
    const lease = new Date(now + LEASE_MS).toISOString();
    if (db.dialect === 'postgres') return db.all<Claimed>(CLAIM_POSTGRES, [lease, new Date(now).toISOString()]);
    const due = await db.all<Claimed>(DUE_SQLITE, [new Date(now).toISOString()]);
    for (const mail of due) await db.run(LEASE_SQLITE, [lease, mail.id]);
    return due;
  }

  private async deliver(mail: Claimed): Promise<void> {
    const settings = this.config.mail!;
    const attempts = Number(mail.attempts);
    try {
      await this.transport!.sendMail({ from: settings.from, to: mail.address, subject: mail.subject, text: mail.body });
    } catch (error) {
      const reason = shortError(error);
      const last = attempts >= (settings.maxAttempts ?? 5);
      const next = new Date(this.clock.now().getTime() + (settings.retryBaseMs ?? 30_000) * 2 ** (attempts - 1)).toISOString();
      await this.database.write(({ sql: db }) => (last ? db.run(FAILED, [reason, mail.id]) : db.run(RETRY, [next, reason, mail.id])));
      this.logger.warn(`Mail ${mail.id} attempt ${attempts} failed (${reason})${last ? '; marked failed' : ''}`);
      if (!last) setTimeout(() => this.nudge(), (settings.retryBaseMs ?? 30_000) * 2 ** (attempts - 1)).unref();
      return;
    }
    await this.database.write(({ sql: db }) => db.run(SENT, [this.clock.nowIso(), mail.id]));
  }
}
