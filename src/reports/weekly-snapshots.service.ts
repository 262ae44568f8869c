import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { MailDispatcher } from '../notifications/mail-dispatcher';
import { NotificationsRepository } from '../notifications/notifications.repository';
import type { WeeklySnapshotPageResponse, WeeklySnapshotResponse } from './dto/weekly-snapshots.dto';
import { formatDateTime, parseIsoWeek, weeklyReportTitle, type ReportFormat } from './renderers';
import { ReportsService } from './reports.service';
import { WeeklySnapshotsRepository, type NewWeeklySnapshot, type WeeklySnapshotRow } from './weekly-snapshots.repository';

/** A mail carries the Markdown report up to this size; a larger one only names where it is stored. */
export const MAIL_REPORT_MAX_BYTES = 100_000;

/** Who the decision history names for a report compiled on schedule. */
const SCHEDULE_ACTOR = { id: 'system:weekly-report', name: 'Schemalagd veckorapport', organisation: 'system', role: 'system' };

export interface StoredBody {
  body: string;
  sha256: string;
}

function sealed(body: string): NewWeeklySnapshot['md'] {
  const bytes = Buffer.from(body, 'utf8');
  return { body, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

function summary(row: WeeklySnapshotRow): WeeklySnapshotResponse {
  return {
    week: row.week,
    compiledAt: row.compiled_at,
    md: { sha256: row.md_sha256, bytes: Number(row.md_bytes) },
    html: { sha256: row.html_sha256, bytes: Number(row.html_bytes) },
  };
}

/**
 * The weekly Regional rapport as compiled on schedule (SPEC §9): stored once per ISO week,
 * immutable, with the sha256 of each body, and mailed to the distribution list. The snapshot,
 * its history entry and its mails commit in one transaction; the week is the table's key, so of
 * several instances compiling at the same moment exactly one stores it and queues the mails.
 */
@Injectable()
export class WeeklySnapshots {
  private readonly logger = new Logger(WeeklySnapshots.name);

  constructor(
    private readonly database: Database,
    private readonly reports: ReportsService,
    private readonly repository: WeeklySnapshotsRepository,
    private readonly audit: AuditService,
    private readonly outbox: NotificationsRepository,
    private readonly dispatcher: MailDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  exists(week: string): Promise<boolean> {
    return this.database.read(({ sql }) => this.repository.exists(sql, week), { transaction: false });
  }

  /**
   * Compiles the week's report at `now` (in Markdown and HTML from one read) and stores it with
   * its history entry and one mail per address on the list, unless the week is stored already.
   * True when this call stored it.
   */
  async compile(week: string, now: Date, recipients: readonly string[]): Promise<boolean> {
    const period = parseIsoWeek(week);
    if (!period) throw new RangeError(`Invalid week ${week}`);
    const bodies = await this.reports.weeklyReportBoth(period, week, now);
    const snapshot: NewWeeklySnapshot = { week, compiledAt: now.toISOString(), md: sealed(bodies.md), html: sealed(bodies.html) };
    const stored = await this.database.write(async (ctx) => {
      // Another instance may have stored it meanwhile; on SQLite the check also keeps the insert
      // clear of the trigger that refuses a second row for a week.
      if (await this.repository.exists(ctx.sql, week)) return false;
      if (!(await this.repository.insert(ctx.sql, snapshot))) return false;
      await this.audit.append(ctx, {
        at: snapshot.compiledAt,
        subjectType: 'weekly_report',
        subjectId: week,
        changeRequestId: null,
        reference: null,
        eventType: 'WEEKLY_REPORT_COMPILED',
        payload: {
          week,
          compiledAt: snapshot.compiledAt,
          md: { sha256: snapshot.md.sha256, bytes: snapshot.md.bytes },
          html: { sha256: snapshot.html.sha256, bytes: snapshot.html.bytes },
          recipients: [...recipients],
        },
        actorId: SCHEDULE_ACTOR.id,
        actorName: SCHEDULE_ACTOR.name,
        actorOrganisation: SCHEDULE_ACTOR.organisation,
        actorRole: SCHEDULE_ACTOR.role,
        stateBefore: null,
        stateAfter: JSON.stringify({ week, mdSha256: snapshot.md.sha256, htmlSha256: snapshot.html.sha256 }),
      });
      const subject = weeklyReportTitle(week);
      const body = this.mailBody(snapshot);
      for (const address of recipients) {
        this.outbox.insertEmail(ctx.sql, {
          id: randomUUID(),
          deliveryKey: `weekly-report:${week}:${address.toLowerCase()}`,
          kind: 'report',
          auditSeq: null,
          recipientId: null,
          address,
          subject,
          body,
          createdAt: snapshot.compiledAt,
        });
      }
      if (recipients.length > 0) ctx.afterCommit(() => this.dispatcher.nudge());
      return true;
    });
    if (stored) this.logger.log(`Weekly report ${week} compiled and stored, ${recipients.length} e-mail(s) queued`);
    return stored;
  }

  async list(limit: number, offset: number): Promise<WeeklySnapshotPageResponse> {
    return this.database.read(async ({ sql }) => {
      const rows = await this.repository.page(sql, limit, offset);
      return { items: rows.map(summary), total: await this.repository.count(sql), limit, offset };
    });
  }

  /** The stored body, exactly as compiled; 404 for a week without a snapshot. */
  async body(week: string, format: ReportFormat): Promise<StoredBody> {
    const row = await this.database.read(({ sql }) => this.repository.body(sql, week, format), { transaction: false });
    if (!row) throw new DomainError('NOT_FOUND', `No weekly report stored for ${week}`);
    return row;
  }

  private mailBody(snapshot: NewWeeklySnapshot): string {
    const link = `${(this.config.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '')}/#/rapporter?sammanstalld=${snapshot.week}`;
    const intro = [
      'Hej!',
      '',
      `Här är veckans ${weeklyReportTitle(snapshot.week)}, sammanställd ${formatDateTime(snapshot.compiledAt)}.`,
      `Rapporten är lagrad oförändrad i Ändringsbegäran (Rapporter, Sammanställda veckorapporter): ${link}`,
      `Kontrollsumma (SHA-256) för Markdown-versionen: ${snapshot.md.sha256}`,
      `Kontrollsumma (SHA-256) för HTML-versionen: ${snapshot.html.sha256}`,
      '',
    ];
    const report =
      snapshot.md.bytes <= MAIL_REPORT_MAX_BYTES
        ? ['---', '', snapshot.md.body]
        : ['Rapporten är för stor för att skickas i sin helhet. Öppna den i Ändringsbegäran.'];
    return [...intro, ...report, '', 'Detta meddelande skickades automatiskt från Ändringsbegäran.'].join('\n');
  }
}
