import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { canSee } from '../change-requests/change-request-access';
import type { Actor } from '../common/actor';
import { COUNT_STEP, countBound } from '../common/count-bound';
import { isRole } from '../common/roles';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock } from '../clock/clock';
import { Database, type WriteContext } from '../database/database';
import type { Sql } from '../database/sql';
import type { MachineState, WorkflowDefinition } from '../workflow/workflow.types';
import { MailDispatcher } from './mail-dispatcher';
import { NotificationsRepository, type CandidateRow, type NotificationRow } from './notifications.repository';

/** What the event's transaction knows when its audit entry has been appended. */
export interface AcceptedEvent<C> {
  changeRequestId: string;
  reference: string | null;
  title: string;
  seq: number;
  eventType: string;
  actor: Actor;
  at: string;
  requestingOrganisations: string[];
  isDraft: boolean;
  /** The request became decided with this event. */
  decided: boolean;
  state: MachineState<C>;
  /** The state before the event: who already had work on the request is not told again. */
  before: MachineState<C>;
  stateLabel: string;
  definition: WorkflowDefinition;
  /** The actor's work-queue events in a state (the definition's `task` events that are allowed). */
  tasks(state: MachineState<C>, actor: Actor, at: string): string[];
}

export interface NotificationPage {
  items: {
    id: string;
    changeRequestId: string;
    kind: 'event' | 'reminder' | 'dispatch';
    seq: number | null;
    eventType: string;
    title: string;
    text: string;
    createdAt: string;
    readAt: string | null;
  }[];
  total: number;
  totalExact: boolean;
  unread: number;
  unreadExact: boolean;
  limit: number;
  offset: number;
}

/**
 * The outbox (SPEC §9): `record` runs inside the accepted event's write transaction right after
 * its audit entry, so a notification exists iff the event does. Recipients follow visibility and
 * the workflow: whoever can see the request and has been given work on it (the definition's
 * task events they now may send and could not before), plus the requesting side
 * when it is decided; never the actor, never admin, never a deactivated user.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly database: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dispatcher: MailDispatcher,
  ) {}

  async record<C>(ctx: WriteContext, event: AcceptedEvent<C>): Promise<void> {
    const labels = (types: string[]) => types.map((t) => event.definition.events[t]?.label ?? t);
    const pastLabel = event.definition.events[event.eventType]?.pastLabel ?? event.eventType;
    const name = `${event.reference ?? 'Utkast'} ${event.title}`;
    let queued = false;
    for (const user of await this.repository.candidates(ctx.sql)) {
      if (user.id === event.actor.id) continue;
      const actor = this.asActor(user);
      if (!actor) continue;
      if (!canSee(actor, { requestingOrganisations: event.requestingOrganisations, isDraft: event.isDraft })) continue;
      // Told when the event gave them work they did not have before it (not after every comment).
      const before = event.tasks(event.before, actor, event.at);
      const mine = event.tasks(event.state, actor, event.at).filter((t) => !before.includes(t));
      const requester = actor.role === 'municipality' && event.requestingOrganisations.some((o) => actor.actsFor.includes(o));
      if (mine.length === 0 && !(event.decided && requester)) continue;
      const title = mine.length > 0 ? `Att göra – ${labels(mine)[0]}: ${name}` : `${pastLabel}: ${name}`;
      const text =
        `${event.actor.name} har registrerat ”${pastLabel}” för ${name}. Ärendet är nu i läget ${event.stateLabel}.` +
        (mine.length > 0 ? ` Du kan nu: ${labels(mine).join(', ')}.` : '');
      this.repository.insertNotification(ctx.sql, {
        id: randomUUID(),
        deliveryKey: `event:${event.seq}:${user.id}`,
        kind: 'event',
        recipientId: user.id,
        changeRequestId: event.changeRequestId,
        auditSeq: event.seq,
        eventType: event.eventType,
        title,
        body: text,
        createdAt: event.at,
      });
      if (user.email) {
        const link = this.requestLink(event.changeRequestId);
        this.repository.insertEmail(ctx.sql, {
          id: randomUUID(),
          deliveryKey: `event:${event.seq}:${user.id}`,
          kind: 'event',
          auditSeq: event.seq,
          recipientId: user.id,
          address: user.email,
          subject: `[${event.reference ?? 'Utkast'}] ${title}`,
          body: `Hej ${user.name}!\n\n${text}\n\nÖppna ärendet: ${link}\n\nDetta meddelande skickades automatiskt från Ändringsbegäran.`,
          createdAt: event.at,
        });
        queued = true;
      }
    }
    if (queued) ctx.afterCommit(() => this.dispatcher.nudge());
  }

  /**
   * A message to one organisation (expediering of an adjusted decision, SPEC §10): every active
   * user who acts for it, in the caller's transaction, once per `key` and user.
   */
  async recordMessage(
    ctx: WriteContext,
    message: { key: string; organisationId: string; changeRequestId: string; title: string; text: string; subject: string; at: string },
  ): Promise<number> {
    let told = 0;
    for (const user of await this.repository.candidates(ctx.sql)) {
      const actor = this.asActor(user);
      if (!actor || (actor.role !== 'municipality' && actor.role !== 'vastkom') || !actor.actsFor.includes(message.organisationId)) continue;
      const deliveryKey = `${message.key}:${user.id}`;
      this.repository.insertNotification(ctx.sql, {
        id: randomUUID(),
        deliveryKey,
        kind: 'dispatch',
        recipientId: user.id,
        changeRequestId: message.changeRequestId,
        auditSeq: null,
        eventType: 'DISPATCH',
        title: message.title,
        body: message.text,
        createdAt: message.at,
      });
      if (user.email) {
        this.repository.insertEmail(ctx.sql, {
          id: randomUUID(),
          deliveryKey,
          kind: 'dispatch',
          auditSeq: null,
          recipientId: user.id,
          address: user.email,
          subject: message.subject,
          body: `Hej ${user.name}!\n\n${message.text}\n\nÖppna ärendet: ${this.requestLink(message.changeRequestId)}\n\nDetta meddelande skickades automatiskt från Ändringsbegäran.`,
          createdAt: message.at,
        });
        ctx.afterCommit(() => this.dispatcher.nudge());
      }
      told++;
    }
    return told;
  }

  /** The users who may be told anything (active, not admin), in id order. */
  candidates(db: Sql): Promise<CandidateRow[]> {
    return this.repository.candidates(db);
  }

  /**
   * A candidate as the actor visibility and work are judged for; undefined for an unknown role.
   * It acts for its organisation and, for a kommunalförbund, the members read with it.
   */
  asActor(user: CandidateRow): Actor | undefined {
    if (!isRole(user.role)) return undefined;
    const members = user.organisation_kind === 'kommunalforbund' && user.member_ids ? user.member_ids.split(',').sort() : [];
    return { id: user.id, name: user.name, role: user.role, organisationId: user.organisation_id, actsFor: [user.organisation_id, ...members] };
  }

  /** A link to a change request's page in the web interface. */
  requestLink(changeRequestId: string): string {
    return `${(this.config.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '')}/#/arende/${changeRequestId}`;
  }

  async list(actor: Actor, limit: number, offset: number): Promise<NotificationPage> {
    return this.database.read(async ({ sql }) => {
      const [rows, counts] = await Promise.all([
        this.repository.page(sql, actor.id, limit, offset),
        this.repository.counts(sql, actor.id, countBound(offset + limit)),
      ]);
      return { items: rows.map(toItem), ...counts, limit, offset };
    });
  }

  async markRead(actor: Actor, ids: string[] | undefined): Promise<{ marked: number; unread: number; unreadExact: boolean }> {
    const at = this.clock.nowIso();
    return this.database.write(async ({ sql }) => {
      const marked = ids === undefined ? await this.repository.readAll(sql, actor.id, at) : ids.length === 0 ? 0 : await this.repository.readSome(sql, actor.id, ids, at);
      const { unread, unreadExact } = await this.repository.counts(sql, actor.id, COUNT_STEP);
      return { marked, unread, unreadExact };
    });
  }
}

function toItem(r: NotificationRow): NotificationPage['items'][number] {
  return {
    id: r.id,
    changeRequestId: r.change_request_id,
    kind: r.kind === 'reminder' || r.kind === 'dispatch' ? r.kind : 'event',
    seq: r.audit_seq === null ? null : Number(r.audit_seq),
    eventType: r.event_type,
    title: r.title,
    text: r.body,
    createdAt: r.created_at,
    readAt: r.read_at,
  };
}
