import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { DomainError } from '../common/domain-error';
import { Database } from '../database/database';
import { sql } from '../database/sql';
import type { EmailDeliveryPageResponse, EmailDeliveryResponse, EmailStatus } from './dto/email-deliveries.dto';
import { MailDispatcher } from './mail-dispatcher';

interface DeliveryRow {
  id: string;
  kind: string;
  audit_seq: number | string | null;
  recipient_id: string | null;
  address: string;
  subject: string;
  status: EmailStatus;
  attempts: number | string;
  last_error: string | null;
  created_at: string;
  next_attempt_at: string;
  sent_at: string | null;
}

const COLUMNS = 'id, kind, audit_seq, recipient_id, address, subject, status, attempts, last_error, created_at, next_attempt_at, sent_at';
const PAGE_ALL = sql(`SELECT ${COLUMNS} FROM email_deliveries ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`);
const PAGE_STATUS = sql(`SELECT ${COLUMNS} FROM email_deliveries WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`);
const COUNTS = sql(`SELECT status, COUNT(*) AS n FROM email_deliveries GROUP BY status`);
const ONE = sql(`SELECT ${COLUMNS} FROM email_deliveries WHERE id = ?`);
const RETRY = sql(`UPDATE email_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL WHERE id = ? AND status = 'failed'`);

function toResponse(r: DeliveryRow): EmailDeliveryResponse {
  return {
    id: r.id,
    kind: r.kind,
    seq: r.audit_seq === null ? null : Number(r.audit_seq),
    recipientId: r.recipient_id,
    address: r.address,
    subject: r.subject,
    status: r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    createdAt: r.created_at,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at,
  };
}

/** The e-mail outbox as an administrator sees it: what was sent, what waits, what failed and why. */
@Injectable()
export class EmailDeliveries {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly dispatcher: MailDispatcher,
  ) {}

  list(status: EmailStatus | undefined, limit: number, offset: number): Promise<EmailDeliveryPageResponse> {
    return this.database.read(async ({ sql: db }) => {
      const rows = status ? await db.all<DeliveryRow>(PAGE_STATUS, [status, limit, offset]) : await db.all<DeliveryRow>(PAGE_ALL, [limit, offset]);
      const counts = { pending: 0, sent: 0, failed: 0 };
      for (const c of await db.all<{ status: EmailStatus; n: number | string }>(COUNTS)) counts[c.status] = Number(c.n);
      const total = status ? counts[status] : counts.pending + counts.sent + counts.failed;
      return { items: rows.map(toResponse), total, ...counts, limit, offset };
    });
  }

  async retry(id: string): Promise<EmailDeliveryResponse> {
    const row = await this.database.write(async ({ sql: db, afterCommit }) => {
      const found = await db.get<DeliveryRow>(ONE, [id]);
      if (!found) throw new DomainError('NOT_FOUND', `No e-mail ${id}`);
      if (found.status !== 'failed') throw new DomainError('STATE_CONFLICT', `The e-mail is ${found.status}, not failed: only a failed mail is tried again`);
      await db.run(RETRY, [this.clock.nowIso(), id]);
      afterCommit(() => this.dispatcher.nudge());
      return (await db.get<DeliveryRow>(ONE, [id]))!;
    });
    return toResponse(row);
  }
}
