import { Inject, Injectable } from '@nestjs/common';
import { stockholmDate, stockholmDateTime } from '../calendar';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { whenAll } from '../common/when-all';
import type { WriteContext } from '../database/database';
import { NotificationsService } from '../notifications/notifications.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import type { RestoredState } from '../workflow/workflow-interpreter';
import type { MachineEvent, Step, WorkflowDefinition } from '../workflow/workflow.types';
import { checkRequestingOrganisations } from './change-request-access';
import {
  actionId,
  actorRef,
  decidedGoLive,
  defaultPlan,
  optionalText,
  text,
  threadText,
  type EffectName,
  type PreparationName,
} from './change-request-behaviours';
import type { LoadedRequest } from './change-request-reader';
import { DomainError } from '../common/domain-error';
import { meetingFactFor, missingMeeting } from '../meeting-store/meeting-facts';
import { MeetingsRepository } from '../meeting-store/meetings.repository';
import { votesProblem, type Votes } from '../meeting-store/quorum';
import { WorkflowDirectory } from '../workflow/workflow-directory';
import type { Audience, ChangeRequestContext } from './change-request.types';
import { ChangeRequestDeadlines } from './change-request-deadlines';
import { ChangeRequestsRepository, type ChangeRequestRow } from './change-requests.repository';
import { RegistrationNumberService } from './registration-number.service';

export interface PrepareArgs {
  ctx: WriteContext;
  requestId: string;
  event: MachineEvent;
  context: ChangeRequestContext;
}

export interface EffectArgs extends PrepareArgs {
  /** The context after the transition (`context` is the one before it). */
  after: ChangeRequestContext;
  reference: string | null;
  params: Record<string, unknown>;
  definition: WorkflowDefinition;
  /** How many effects of the same name this step carried out before this one. */
  occurrence: number;
}

/**
 * What the change-request behaviours do outside the machine, in the event's own transaction: the
 * preparations an event declares (a registration number, a check of the organisations it names)
 * and the effects its transition names (rows of the dialogue, the communication plan and the
 * spokespersons; the rollout plan).
 */
@Injectable()
export class ChangeRequestEffects {
  constructor(
    private readonly requests: ChangeRequestsRepository,
    private readonly numbers: RegistrationNumberService,
    private readonly organisations: OrganisationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    /** Deadlines follow every accepted event (the definition's settings.deadlines say how). */
    readonly deadlines: ChangeRequestDeadlines,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhookOutbox,
    private readonly meetings: MeetingsRepository,
    private readonly directory: WorkflowDirectory,
  ) {}

  /** The event's notifications and webhook deliveries (the outbox), right after its audit entry, in its transaction. */
  async notify(
    ctx: WriteContext,
    args: {
      request: LoadedRequest;
      /** The state the event was decided on (restored once per event; transitions are pure). */
      before: RestoredState<ChangeRequestContext>;
      event: MachineEvent;
      next: Step<ChangeRequestContext>;
      saved: ChangeRequestRow;
      seq: number;
      /** The audit entry's hash (webhook receivers can check it against the history). */
      hash: string;
    },
  ): Promise<void> {
    const { request, event, next, saved } = args;
    const workflow = request.workflow;
    // Both read first (who may be told, which webhooks listen), then only defer their writes: sent
    // together, the reads take one trip to the database instead of two.
    const notified = this.notifications.record(ctx, {
      changeRequestId: saved.id,
      reference: saved.reference,
      title: saved.title,
      seq: args.seq,
      eventType: event.type,
      actor: event.actor,
      at: event.at,
      requestingOrganisations: next.context.requestingOrganisations,
      isDraft: saved.is_draft === 1,
      decided: request.row.decided_at === null && saved.decided_at !== null,
      state: next.restored,
      before: args.before,
      stateLabel: workflow.stateLabel(next.stateValue),
      definition: workflow.definition,
      // The definition's work-queue events ("task"): what "your turn" means in Att göra too.
      tasks: (state, actor, at) => workflow.taskEvents(state, actor, at),
    });
    const hooked = this.webhooks.record(ctx, {
      changeRequestId: saved.id,
      reference: saved.reference,
      eventType: event.type,
      seq: args.seq,
      hash: args.hash,
      at: event.at,
    });
    await whenAll([notified, hooked]);
  }

  readonly preparations: Record<PreparationName, (args: PrepareArgs) => Promise<Record<string, unknown>>> = {
    /** The next diarienummer of the year (Swedish time) and the moment the request is received. */
    assignReference: async ({ ctx, event }) => ({
      reference: await this.numbers.next(ctx.sql, this.config.referencePrefix, stockholmDateTime(new Date(event.at)).year),
      receivedAt: event.at,
    }),
    /** Organisations an edit names must exist, be requesters and be the caller's own. */
    checkRequestingOrganisations: async ({ ctx, event, context }) => {
      const ids = event.payload.requestingOrganisations;
      if (Array.isArray(ids)) {
        const wanted = ids.map(String);
        const found = await this.organisations.findByIds(ctx.sql, wanted);
        checkRequestingOrganisations(event.actor, wanted, found, context.requestingOrganisations);
      }
      return {};
    },
    /**
     * The meeting a DECIDE names (SPEC §10), read in the decision's transaction (on PostgreSQL
     * FOR SHARE, so the meeting cannot be closed or its attendance changed underneath it): is it
     * opened, is the request on its agenda, who takes part, is the body quorate. Votes are checked
     * against the majority rule once the meeting checks pass (400 naming `votes`).
     */
    checkMeeting: async ({ ctx, requestId, event }) => {
      const id = typeof event.payload.meetingId === 'string' ? event.payload.meetingId : null;
      const row = id === null ? undefined : await this.meetings.find(ctx.sql, id, 'share');
      if (!row) return { meeting: missingMeeting(id) };
      const fact = meetingFactFor(row, requestId, this.directory.find(row.workflow_id).stateLabel(JSON.parse(row.state_value)));
      const votes = event.payload.votes as Votes | undefined;
      const ready = fact.state === 'opened' && fact.onAgenda && fact.quorate;
      const problem = ready && votes ? votesProblem(votes, fact.participants.length) : null;
      if (problem !== null) {
        throw new DomainError('VALIDATION_FAILED', 'The votes do not agree with the decision', { fields: [{ field: 'votes', message: problem }] });
      }
      return { meeting: fact };
    },
  };

  readonly effects: Record<EffectName, (args: EffectArgs) => Promise<void>> = {
    appendToThread: async ({ ctx, requestId, event, context, params, occurrence }) => {
      const entry = threadText(event, params);
      if (entry === null) return;
      this.requests.appendEntry(ctx.sql, requestId, context.counts.thread + occurrence + 1, {
        kind: event.type,
        text: entry,
        at: event.at,
        by: actorRef(event),
      });
    },
    applyDefaultCommunicationPlan: async ({ ctx, requestId, event, context, definition }) => {
      const plannedAt = stockholmDate(new Date(event.at));
      for (const [i, item] of defaultPlan(definition.settings).entries()) {
        const n = context.counts.communication + i + 1;
        this.requests.insertAction(ctx.sql, requestId, n, { id: actionId(n), audience: item.audience, channel: item.channel, plannedAt });
      }
    },
    addCommunicationAction: async ({ ctx, requestId, event, context }) => {
      const n = context.counts.communication + 1;
      this.requests.insertAction(ctx.sql, requestId, n, {
        id: actionId(n),
        audience: event.payload.audience as Audience,
        channel: text(event, 'channel'),
        plannedAt: optionalText(event, 'plannedAt'),
      });
    },
    markCommunicationDone: async ({ ctx, requestId, event }) => {
      // doneAt, when given, is when it happened (validated not to lie after the event).
      const doneAt = optionalText(event, 'doneAt');
      this.requests.markActionDone(ctx.sql, requestId, String(event.payload.actionId), {
        at: doneAt === null ? event.at : new Date(doneAt).toISOString(),
        by: actorRef(event),
        recordedAt: event.at,
        link: optionalText(event, 'link'),
      });
    },
    rescheduleCommunicationAction: async ({ ctx, requestId, event }) => {
      this.requests.rescheduleAction(ctx.sql, requestId, String(event.payload.actionId), text(event, 'plannedAt'));
    },
    cancelCommunicationAction: async ({ ctx, requestId, event }) => {
      this.requests.cancelAction(ctx.sql, requestId, String(event.payload.actionId), {
        at: event.at,
        by: actorRef(event),
        reason: text(event, 'reason'),
      });
    },
    addSpokesperson: async ({ ctx, requestId, event, context }) => {
      this.requests.insertSpokesperson(ctx.sql, requestId, context.counts.spokespersons + 1, {
        name: text(event, 'name'),
        title: text(event, 'title'),
      });
    },
    updateRolloutPlan: async ({ ctx, requestId, event, after, reference }) => {
      const goLive = decidedGoLive(after);
      if (!goLive) return;
      await this.organisations.moveGoLive(ctx, after.requestingOrganisations, goLive.date, {
        actor: event.actor,
        at: event.at,
        decision: { changeRequestId: requestId, reference },
      });
    },
  };
}
