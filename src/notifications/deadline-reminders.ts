import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { nextWorkingDay, stockholmDate, type CalendarDate } from '../calendar';
import { calendarDateToUtc } from '../calendar/calendar-date';
import { canSee } from '../change-requests/change-request-access';
import { Database, type WriteContext } from '../database/database';
import { sql } from '../database/sql';
import { Scheduler, type ScheduledJob } from '../scheduler/scheduler';
import { deadlineRules } from '../change-requests/change-request-deadlines';
import { WorkflowDirectory } from '../workflow/workflow-directory';
import { MailDispatcher } from './mail-dispatcher';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** A deadline a reminder may be due for, with what the message names. */
interface DueRow {
  id: string;
  change_request_id: string;
  kind: string;
  awaits: string;
  due_on: CalendarDate;
  reminded_before_on: CalendarDate | null;
  reference: string | null;
  title: string;
  is_draft: number | boolean;
  workflow_id: string;
}

export type ReminderPhase = 'before' | 'overdue';

const BATCH = 50;

/**
 * Open, running deadlines (not met, not paused) that still owe a reminder for their current due
 * date: due within a working day and not yet reminded, or past due and not yet told so. The
 * partial index on (due_on) WHERE met_at IS NULL AND reminded_overdue_on IS NULL keeps this a
 * range of the few deadlines near their date, however many requests there are.
 */
const DUE_WHERE = `d.met_at IS NULL AND d.reminded_overdue_on IS NULL AND d.paused_at IS NULL AND d.due_on <= ?
  AND (d.due_on < ? OR d.reminded_before_on IS NULL)`;
const DUE_SQLITE = sql(`SELECT d.id, d.change_request_id, d.kind, d.awaits, d.due_on, d.reminded_before_on,
    cr.reference, cr.title, cr.is_draft, cr.workflow_id
  FROM deadlines d JOIN change_requests cr ON cr.id = d.change_request_id
  WHERE ${DUE_WHERE} ORDER BY d.due_on, d.id LIMIT ${BATCH}`);
// Several instances look at once: each takes different deadlines and skips those another holds.
const DUE_POSTGRES = sql(`SELECT d.id, d.change_request_id, d.kind, d.awaits, d.due_on, d.reminded_before_on,
    cr.reference, cr.title, cr.is_draft, cr.workflow_id
  FROM deadlines d JOIN change_requests cr ON cr.id = d.change_request_id
  WHERE ${DUE_WHERE} ORDER BY d.due_on, d.id LIMIT ${BATCH} FOR UPDATE OF d SKIP LOCKED`);
const ORGANISATIONS = sql(`SELECT organisation_id FROM change_request_organisations WHERE change_request_id = ? ORDER BY organisation_id`);
const MARK_BEFORE = sql(`UPDATE deadlines SET reminded_before_on = due_on WHERE id = ?`);
const MARK_OVERDUE = sql(`UPDATE deadlines SET reminded_before_on = COALESCE(reminded_before_on, due_on), reminded_overdue_on = due_on WHERE id = ?`);

const SWEDISH_DATE = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 2025-01-03 → "3 januari 2025". */
export function swedishDate(date: CalendarDate): string {
  return SWEDISH_DATE.format(calendarDateToUtc(date));
}

/**
 * Reminders and escalation from the clock (SPEC §9): on the working day before a deadline's due
 * date, and on the day it has passed, each user it awaits (by role, who can see the request) is
 * told once — in the app and by e-mail — per deadline, phase and due date. A run claims due
 * deadlines and writes their notifications, mails and the "reminded" mark in one transaction,
 * so a reminder exists exactly when its mark does; on PostgreSQL the claim takes the rows with
 * FOR UPDATE SKIP LOCKED, so instances looking at the same moment share the work and none sends
 * a reminder twice. A clock moved far ahead sends the overdue reminder only (not a stale
 * "due tomorrow").
 */
@Injectable()
export class DeadlineReminders implements ScheduledJob, OnModuleInit {
  readonly name = 'deadline reminders';
  private readonly logger = new Logger(DeadlineReminders.name);

  constructor(
    private readonly database: Database,
    private readonly scheduler: Scheduler,
    private readonly workflows: WorkflowDirectory,
    private readonly notifications: NotificationsService,
    private readonly repository: NotificationsRepository,
    private readonly dispatcher: MailDispatcher,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(now: Date): Promise<void> {
    const today = stockholmDate(now);
    for (;;) {
      const handled = await this.database.write((ctx) => this.remindBatch(ctx, now, today));
      if (handled < BATCH) return;
    }
  }

  /** One batch in one transaction; returns how many deadlines it handled. */
  private async remindBatch(ctx: WriteContext, now: Date, today: CalendarDate): Promise<number> {
    const db = ctx.sql;
    const due = await db.all<DueRow>(db.dialect === 'postgres' ? DUE_POSTGRES : DUE_SQLITE, [nextWorkingDay(today), today]);
    if (due.length === 0) return 0;
    const candidates = await this.notifications.candidates(db);
    const at = now.toISOString();
    let mails = 0;
    for (const deadline of due) {
      const phase: ReminderPhase = deadline.due_on < today ? 'overdue' : 'before';
      const requestingOrganisations = (await db.all<{ organisation_id: string }>(ORGANISATIONS, [deadline.change_request_id])).map((r) => r.organisation_id);
      const visible = { requestingOrganisations, isDraft: deadline.is_draft === true || Number(deadline.is_draft) === 1 };
      const awaits = deadline.awaits.split(',');
      const { title, body, eventType } = this.message(deadline, phase);
      for (const user of candidates) {
        if (!awaits.includes(user.role)) continue;
        const actor = this.notifications.asActor(user);
        if (!actor || !canSee(actor, visible)) continue;
        const key = `reminder:${deadline.id}:${phase}:${deadline.due_on}:${user.id}`;
        this.repository.insertNotification(db, {
          id: randomUUID(),
          deliveryKey: key,
          kind: 'reminder',
          recipientId: user.id,
          changeRequestId: deadline.change_request_id,
          auditSeq: null,
          eventType,
          title,
          body,
          createdAt: at,
        });
        if (!user.email) continue;
        this.repository.insertEmail(db, {
          id: randomUUID(),
          deliveryKey: key,
          kind: 'reminder',
          auditSeq: null,
          recipientId: user.id,
          address: user.email,
          subject: `[${deadline.reference ?? 'Utkast'}] ${title}`,
          body: `Hej ${user.name}!\n\n${body}\n\nÖppna ärendet: ${this.notifications.requestLink(deadline.change_request_id)}\n\nDetta meddelande skickades automatiskt från Ändringsbegäran.`,
          createdAt: at,
        });
        mails++;
      }
      db.defer(phase === 'overdue' ? MARK_OVERDUE : MARK_BEFORE, [deadline.id]);
    }
    if (mails > 0) ctx.afterCommit(() => this.dispatcher.nudge());
    this.logger.log(`Reminded ${due.length} deadline(s), ${mails} e-mail(s) queued`);
    return due.length;
  }

  private message(deadline: DueRow, phase: ReminderPhase): { title: string; body: string; eventType: string } {
    const workflow = this.workflows.all().find((w) => w.id === deadline.workflow_id);
    const rule = workflow && deadlineRules(workflow.definition).find((r) => r.kind === deadline.kind);
    const label = rule?.label ?? deadline.kind;
    const name = `${deadline.reference ?? 'Utkast'} ${deadline.title}`;
    const date = swedishDate(deadline.due_on);
    const eventType = rule?.metBy[0] ?? deadline.kind;
    if (phase === 'before') {
      return {
        eventType,
        title: `Påminnelse – ${label} senast ${date}: ${name}`,
        body: `Fristen ”${label}” för ${name} går ut ${date}, nästa arbetsdag. Ärendet väntar på dig eller din organisation.`,
      };
    }
    return {
      eventType,
      title: `Försenad – ${label}: ${name}`,
      body: `Fristen ”${label}” för ${name} gick ut ${date} och är överskriden. Ärendet väntar fortfarande på dig eller din organisation.`,
    };
  }
}
