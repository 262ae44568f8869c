import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService, auditActor } from '../audit/audit.service';
import { stockholmDate } from '../calendar';
import { ChangeRequestReader, type LoadedRequest } from '../change-requests/change-request-reader';
import { ChangeRequestsRepository } from '../change-requests/change-requests.repository';
import type { SendEvent } from '../change-requests/change-request-events.service';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { Database, type WriteContext } from '../database/database';
import type { Sql } from '../database/sql';
import { DelegationsService } from '../delegations/delegations.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { outcomeLabel } from '../reports/renderers/labels';
import type { MachineEvent, Refusal } from '../workflow/workflow.types';
import type { RestoredState } from '../workflow/workflow-interpreter';
import { checkEventPayload, refusalError } from '../workflow/event-checks';
import type { CreateMeetingDto, MeetingListResponse, MeetingResponse, OutgoingMessageResponse } from './dto/meeting.dto';
import type { MeetingEffect, MeetingPreparation } from './meeting-behaviours';
import { MeetingWorkflows, type MeetingWorkflow } from './meeting-workflows';
import type { MeetingContext, MeetingRules } from '../meeting-store/meeting.types';
import { MeetingsRepository, type MeetingRow } from '../meeting-store/meetings.repository';
import { OutgoingMessagesRepository, type OutgoingMessageRow } from './outgoing-messages.repository';
import { renderProtocol, type Protocol, type ProtocolItem } from './protocol.renderer';
import { itemQuorum } from '../meeting-store/quorum';
import { SIGNATURE_PROVIDER, type SignatureProvider } from './signing';

type C = MeetingContext;

const toMessage = (r: OutgoingMessageRow): OutgoingMessageResponse => ({
  id: r.id,
  registration: r.registration,
  meetingId: r.meeting_id,
  changeRequestId: r.change_request_id,
  organisationId: r.organisation_id,
  subject: r.subject,
  body: r.body,
  registeredAt: r.registered_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
});

/**
 * Programstyrgruppen's meetings (SPEC §10), cases of the `meeting` workflow on the same engine,
 * audit chain and transaction discipline as change requests: every event is one transaction —
 * lock the meeting, let the machine decide, run the event's preparations, save, append the audit
 * entry, carry out the effects (expediering), commit.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly database: Database,
    private readonly workflows: MeetingWorkflows,
    private readonly meetings: MeetingsRepository,
    private readonly messages: OutgoingMessagesRepository,
    private readonly requests: ChangeRequestsRepository,
    private readonly reader: ChangeRequestReader,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly delegations: DelegationsService,
    private readonly notifications: NotificationsService,
    private readonly organisations: OrganisationsService,
    @Inject(SIGNATURE_PROVIDER) private readonly signing: SignatureProvider,
  ) {}

  async create(actor: Actor, dto: CreateMeetingDto): Promise<MeetingResponse> {
    return this.database.write(async (ctx) => {
      const roster = await this.meetings.roster(ctx.sql);
      if (actor.role !== 'vgr' && roster.find((m) => m.chair)?.id !== actor.id) {
        throw new DomainError('FORBIDDEN', 'Only VGR (the secretary) or the chair plans meetings');
      }
      const workflow = this.workflows.forNew();
      const at = this.clock.nowIso();
      const startsAt = new Date(Date.parse(dto.startsAt)).toISOString();
      const reference = await this.freeReference(ctx.sql, `PSG ${stockholmDate(new Date(startsAt))}`);
      const settings = workflow.definition.settings as { quorum: { moreThanShareOfOrdinaryMembers: number }; majority: 'simple' };
      const rules: MeetingRules = { quorumShare: settings.quorum.moreThanShareOfOrdinaryMembers, majority: settings.majority };
      const context: C = {
        reference,
        title: dto.title.trim(),
        startsAt,
        place: dto.place?.trim() || null,
        createdBy: { id: actor.id, name: actor.name, organisationId: actor.organisationId, role: actor.role },
        rules,
        roster,
        present: [],
        justerare: null,
        openedAt: null,
        closedAt: null,
        agenda: [],
        signatures: [],
        protocolSha256: null,
        justeratAt: null,
        cancellation: null,
      };
      const step = workflow.start(context);
      const row: MeetingRow = {
        id: randomUUID(),
        reference,
        title: context.title,
        workflow_id: workflow.id,
        workflow_version: workflow.definition.version,
        state: step.state,
        state_value: JSON.stringify(step.stateValue),
        snapshot: JSON.stringify(step.persisted),
        version: 1,
        starts_at: startsAt,
        created_at: at,
        updated_at: at,
        justerat_at: null,
      };
      await this.meetings.insert(ctx.sql, row);
      await this.audit.append(ctx, {
        at,
        subjectType: 'meeting',
        subjectId: row.id,
        changeRequestId: null,
        reference: null,
        eventType: 'PLAN_MEETING',
        payload: { reference, title: context.title, startsAt, place: context.place },
        ...auditActor(actor),
        stateBefore: null,
        stateAfter: row.state_value,
      });
      return this.respond(ctx.sql, row, workflow, workflow.restore(step.persisted), actor);
    });
  }

  async list(limit: number, offset: number): Promise<MeetingListResponse> {
    return this.database.read(async ({ sql }) => {
      const rows = await this.meetings.page(sql, limit, offset);
      return {
        items: rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          title: r.title,
          startsAt: r.starts_at,
          state: r.state,
          stateLabel: this.workflows.forCase(r.workflow_id, r.workflow_version).stateLabel(JSON.parse(r.state_value)),
          justeratAt: r.justerat_at,
        })),
        total: await this.meetings.count(sql),
      };
    });
  }

  async get(actor: Actor, id: string): Promise<MeetingResponse> {
    return this.database.read(async ({ sql }) => {
      const row = await this.find(sql, id);
      const workflow = this.workflows.forCase(row.workflow_id, row.workflow_version);
      return this.respond(sql, row, workflow, workflow.restore(JSON.parse(row.snapshot)), actor);
    });
  }

  async protocol(id: string): Promise<Protocol & { reference: string }> {
    return this.database.read(async ({ sql }) => {
      const row = await this.find(sql, id);
      const context = (JSON.parse(row.snapshot) as { context: C }).context;
      return { ...(await this.renderProtocol(sql, row.id, context)), reference: row.reference };
    });
  }

  /** Change requests that may be put on an agenda now: in dialogue, with an impact assessment. */
  async candidates(): Promise<{ id: string; reference: string | null; title: string }[]> {
    return this.database.read(async ({ sql }) => {
      const ids = await this.meetings.dialogueRequests(sql);
      const out: { id: string; reference: string | null; title: string }[] = [];
      for (const id of ids) {
        const row = await this.requests.find(sql, id);
        if (!row) continue;
        const request = this.reader.load(row);
        if (request.context.impactAssessment !== null) out.push({ id, reference: row.reference, title: row.title });
      }
      return out;
    });
  }

  async send(caller: Actor, id: string, event: SendEvent): Promise<MeetingResponse> {
    return this.database.write(async (ctx) => {
      const at = this.clock.nowIso();
      const actor = event.onBehalfOf === undefined ? caller : await this.delegations.actAs(ctx.sql, caller, event.onBehalfOf, event.type, at);
      const row = await this.find(ctx.sql, id, true);
      const workflow = this.workflows.forCase(row.workflow_id, row.workflow_version);
      checkEventPayload(workflow, event.type, event.payload, at);
      const state = workflow.restore(JSON.parse(row.snapshot));
      if (event.expectedVersion !== undefined && event.expectedVersion !== row.version) {
        throw this.conflict(row, workflow, state, actor, at, {
          code: 'VERSION_CONFLICT',
          message: `The meeting is at version ${row.version}, not ${event.expectedVersion}; reload it`,
        });
      }
      const machineEvent: MachineEvent = { type: event.type, actor, at, payload: event.payload, facts: {} };
      let decision = workflow.decide(state, machineEvent);
      if (decision.ok && workflow.preparations(event.type).length > 0) {
        for (const name of workflow.preparations(event.type) as MeetingPreparation[]) {
          Object.assign(machineEvent.facts, await this.preparations[name](ctx, row, state.context, machineEvent));
        }
        decision = workflow.decide(state, machineEvent);
      }
      if (!decision.ok) throw this.conflict(row, workflow, state, actor, at, decision.refusal);
      const next = decision.next;
      const saved: MeetingRow = {
        ...row,
        state: next.state,
        state_value: JSON.stringify(next.stateValue),
        snapshot: JSON.stringify(next.persisted),
        version: row.version + 1,
        updated_at: at,
        justerat_at: next.context.justeratAt,
      };
      if (!(await this.meetings.save(ctx.sql, saved, row.version))) throw new Error(`Meeting ${row.id} changed underneath a locked transition`);
      for (const [i, item] of next.context.agenda.entries()) {
        if (!state.context.agenda.some((a) => a.changeRequestId === item.changeRequestId)) {
          await this.meetings.addAgendaItem(ctx.sql, row.id, item.changeRequestId, i + 1);
        }
      }
      const item = next.context.agenda.find((a) => a.changeRequestId === event.payload.changeRequestId);
      const entry = await this.audit.append(ctx, {
        at,
        subjectType: 'meeting',
        subjectId: row.id,
        changeRequestId: item?.changeRequestId ?? null,
        reference: item?.reference ?? null,
        eventType: event.type,
        payload: { ...event.payload, meeting: row.reference, ...(machineEvent.facts.protocolSha256 ? { protocolSha256: machineEvent.facts.protocolSha256 } : {}) },
        ...auditActor(actor),
        stateBefore: row.state_value,
        stateAfter: saved.state_value,
      });
      for (const effect of next.effects) await this.effects[effect.type as MeetingEffect](ctx, saved, next.context, actor, at, entry.seq);
      return this.respond(ctx.sql, saved, workflow, next.restored as RestoredState<C>, actor);
    });
  }

  async dispatches(actor: Actor): Promise<{ items: OutgoingMessageResponse[] }> {
    const all = actor.role === 'vgr' || actor.role === 'admin' || actor.role === 'auditor' || actor.role === 'steering_group';
    const rows = await this.database.read(({ sql }) => this.messages.list(sql, all ? undefined : actor.actsFor));
    return { items: rows.map(toMessage) };
  }

  /** Kvittens: the receiving organisation confirms it has received the decision. */
  async acknowledge(actor: Actor, id: string): Promise<OutgoingMessageResponse> {
    return this.database.write(async (ctx) => {
      const message = await this.messages.find(ctx.sql, id);
      if (!message || !actor.actsFor.includes(message.organisation_id)) throw new DomainError('NOT_FOUND', 'No such message to your organisation');
      if (actor.role !== 'vastkom' && actor.role !== 'municipality') {
        throw new DomainError('FORBIDDEN', 'The receiving organisation acknowledges receipt');
      }
      const at = this.clock.nowIso();
      if (!(await this.messages.acknowledge(ctx.sql, id, at, actor.id))) {
        throw new DomainError('STATE_CONFLICT', `Receipt was already acknowledged at ${message.acknowledged_at}`);
      }
      await this.audit.append(ctx, {
        at,
        subjectType: 'outgoing_message',
        subjectId: id,
        changeRequestId: message.change_request_id,
        reference: null,
        eventType: 'ACKNOWLEDGE_RECEIPT',
        payload: { registration: message.registration },
        ...auditActor(actor),
        stateBefore: JSON.stringify('registered'),
        stateAfter: JSON.stringify('acknowledged'),
      });
      return toMessage((await this.messages.find(ctx.sql, id))!);
    });
  }

  private readonly preparations: Record<MeetingPreparation, (ctx: WriteContext, row: MeetingRow, context: C, event: MachineEvent) => Promise<Record<string, unknown>>> = {
    /** The request must be in dialogue with a recorded impact assessment (SPEC §10). */
    checkAgendaItem: async (ctx, _row, _context, event) => {
      const request = await this.loadRequest(ctx.sql, String(event.payload.changeRequestId));
      if (!request) throw new DomainError('NOT_FOUND', 'No such change request');
      if (request.row.state !== 'dialogue' || request.context.impactAssessment === null) {
        throw new DomainError('PRECONDITION_FAILED', 'Ett ärende förs upp på föredragningslistan när det är i dialog och VGR har registrerat en konsekvensbedömning', {
          precondition: 'agendaItemReady',
          state: request.row.state,
        });
      }
      const parties = [...new Set([...request.context.requestingOrganisations, ...(request.context.submittedBy ? [request.context.submittedBy.organisationId] : [])])];
      return { item: { changeRequestId: request.row.id, reference: request.row.reference, title: request.row.title, parties } };
    },
    /** Everyone named present is on the roster. */
    checkAttendance: async (_ctx, _row, context, event) => {
      const unknown = (event.payload.present as string[]).filter((id) => !context.roster.some((m) => m.id === id));
      if (unknown.length > 0) {
        throw new DomainError('VALIDATION_FAILED', 'Invalid attendance', {
          fields: [{ field: 'present', message: `not on programstyrgruppen's roster: ${unknown.join(', ')}` }],
        });
      }
      return {};
    },
    /** Whether the item was decided at this meeting, and who took part. */
    loadItemDecision: async (ctx, row, _context, event) => {
      const request = await this.loadRequest(ctx.sql, String(event.payload.changeRequestId));
      const taken = request?.context.decision?.meeting;
      return { decision: { decided: taken?.id === row.id, participants: taken?.id === row.id ? taken.participants.map((p) => p.id) : [] } };
    },
    /** The protocol's sha256 as it stands (and, for a signature, the signing provider's record). */
    sealProtocol: async (ctx, row, context, event) => {
      const closed = event.type === 'CLOSE' ? { ...context, closedAt: event.at } : context;
      const { sha256 } = await this.renderProtocol(ctx.sql, row.id, closed);
      if (event.type !== 'SIGN') return { protocolSha256: sha256 };
      const signed = await this.signing.sign(event.actor, String(event.payload.protocolSha256), event.at);
      return { protocolSha256: sha256, signatureMethod: signed.method };
    },
  };

  private readonly effects: Record<MeetingEffect, (ctx: WriteContext, row: MeetingRow, context: C, actor: Actor, at: string, seq: number) => Promise<void>> = {
    /**
     * Expediering: each decision of the adjusted minutes goes to every requesting organisation and
     * VästKom, as a registered outgoing message (with its own audit entry) and a notification to
     * each of their users, in the justering's transaction.
     */
    dispatchDecisions: async (ctx, row, context, actor, at) => {
      for (const [i, item] of context.agenda.entries()) {
        const request = await this.loadRequest(ctx.sql, item.changeRequestId);
        const decision = request?.context.decision;
        if (!request || !decision || decision.meeting?.id !== row.id) continue;
        const receivers = [...new Set([...request.context.requestingOrganisations, 'vastkom'])];
        const paragraph = `§ ${i + 1}`;
        const subject = `[${request.row.reference ?? ''}] Beslut i programstyrgruppen ${row.reference} ${paragraph}: ${outcomeLabel(decision.outcome)}`;
        const body =
          `Programstyrgruppen beslutade vid sammanträdet ${row.reference}, ${paragraph}, om ${request.row.reference ?? ''} ${request.row.title}: ` +
          `${outcomeLabel(decision.outcome)}.\n\n${decision.rationale}` +
          (decision.conditions ? `\n\nVillkor: ${decision.conditions}` : '') +
          `\n\nProtokollet justerades ${stockholmDate(new Date(at))}. Bekräfta mottagandet i Ändringsbegäran.`;
        for (const organisationId of receivers) {
          const id = randomUUID();
          const registration = `${row.reference} ${paragraph} ${organisationId}`;
          await this.messages.insert(ctx.sql, {
            id,
            registration,
            meeting_id: row.id,
            change_request_id: request.row.id,
            organisation_id: organisationId,
            subject,
            body,
            registered_at: at,
          });
          await this.audit.append(ctx, {
            at,
            subjectType: 'outgoing_message',
            subjectId: id,
            changeRequestId: request.row.id,
            reference: request.row.reference,
            eventType: 'DISPATCH_DECISION',
            payload: { registration, organisationId, meeting: row.reference, protocolSha256: context.protocolSha256 },
            ...auditActor(actor),
            stateBefore: null,
            stateAfter: JSON.stringify('registered'),
          });
          await this.notifications.recordMessage(ctx, {
            key: `dispatch:${id}`,
            organisationId,
            changeRequestId: request.row.id,
            title: `Expedierat beslut: ${request.row.reference ?? ''} ${request.row.title}`,
            text: body,
            subject,
            at,
          });
        }
      }
    },
  };

  private async loadRequest(db: Sql, id: string): Promise<LoadedRequest | undefined> {
    const row = await this.requests.find(db, id);
    return row && this.reader.load(row);
  }

  private async renderProtocol(db: Sql, meetingId: string, context: C): Promise<Protocol> {
    const items: ProtocolItem[] = [];
    for (const item of context.agenda) {
      const request = await this.loadRequest(db, item.changeRequestId);
      const decision = request?.context.decision ?? null;
      items.push({
        changeRequestId: item.changeRequestId,
        reference: item.reference,
        title: item.title,
        decision: decision?.meeting?.id === meetingId ? decision : null,
      });
    }
    return renderProtocol(context, items);
  }

  private async find(db: Sql, id: string, lock = false): Promise<MeetingRow> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await this.meetings.find(db, id, lock ? 'update' : undefined) : undefined;
    if (!row) throw new DomainError('NOT_FOUND', 'No such meeting');
    return row;
  }

  private async freeReference(db: Sql, base: string): Promise<string> {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base} (${n})`;
      if (!(await this.meetings.referenceTaken(db, candidate))) return candidate;
    }
  }

  private conflict(
    row: MeetingRow,
    workflow: MeetingWorkflow,
    state: RestoredState<C>,
    actor: Actor,
    at: string,
    refusal: Refusal | { code: 'VERSION_CONFLICT'; message: string },
  ): DomainError {
    return refusalError(workflow, row, state, actor, at, refusal);
  }


  private async respond(db: Sql, row: MeetingRow, workflow: MeetingWorkflow, state: RestoredState<C>, actor: Actor): Promise<MeetingResponse> {
    const c = state.context;
    const protocol = await this.renderProtocol(db, row.id, c);
    const present = new Set(c.present);
    const agenda = [];
    for (const [i, item] of c.agenda.entries()) {
      const request = await this.loadRequest(db, item.changeRequestId);
      const decision = request?.context.decision;
      const taken = decision?.meeting?.id === row.id ? decision : undefined;
      const q = itemQuorum(c, item.changeRequestId);
      const count = taken?.meeting?.participants.length ?? q.participants.length;
      const quorate = taken ? true : q.quorate;
      const partyNames = await this.organisations.findByIds(db, item.parties);
      const nameOf = (org: string) => partyNames.find((o) => o.id === org)?.name ?? org;
      agenda.push({
        position: i + 1,
        changeRequestId: item.changeRequestId,
        reference: item.reference,
        title: item.title,
        requestState: request?.row.state ?? 'unknown',
        parties: item.parties,
        quorum: {
          participants: taken?.meeting?.participants.map((p) => p.id) ?? q.participants.map((p) => p.id),
          ordinaryMembers: q.ordinaryMembers,
          required: q.required,
          quorate,
          text: quorate
            ? `Beslutsmässigt: ${count} av ${q.ordinaryMembers}`
            : `Inte beslutsmässigt: ${count} av ${q.ordinaryMembers}; minst ${q.required} krävs`,
        },
        javWarnings: c.roster
          .filter((m) => item.parties.includes(m.organisationId) && !item.recusals.some((r) => r.memberId === m.id))
          .map((m) => ({
            memberId: m.id,
            name: m.name,
            organisationId: m.organisationId,
            message: `${m.name} företräder ${nameOf(m.organisationId)}, som är part i ärendet. Överväg jäv.`,
          })),
        recusals: item.recusals.map((r) => ({ memberId: r.memberId, name: r.name, reason: r.reason, at: r.at })),
        reservations: item.reservations.map((r) => ({ memberId: r.memberId, name: r.name, text: r.text, at: r.at })),
        decision: taken
          ? {
              outcome: taken.outcome,
              rationale: taken.rationale,
              conditions: taken.conditions,
              votes: taken.meeting?.votes ?? null,
              participants: taken.meeting?.participants.map((p) => p.id) ?? [],
              decidedOn: taken.decidedOn ?? taken.at.slice(0, 10),
              at: taken.at,
              by: taken.by.id,
            }
          : null,
      });
    }
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      startsAt: c.startsAt,
      place: c.place,
      state: row.state,
      stateValue: state.value,
      stateLabel: workflow.stateLabel(state.value),
      version: row.version,
      roster: c.roster.map((m) => ({ ...m, present: present.has(m.id), justerare: c.justerare === m.id })),
      agenda,
      signatures: c.signatures.map((s) => ({
        memberId: s.memberId,
        name: s.name,
        capacity: s.capacity,
        protocolSha256: s.protocolSha256,
        at: s.at,
        method: s.method,
        signedBy: s.signedBy.id,
        valid: s.protocolSha256 === protocol.sha256,
      })),
      protocolSha256: protocol.sha256,
      openedAt: c.openedAt,
      closedAt: c.closedAt,
      justeratAt: c.justeratAt,
      allowedEvents: workflow.allowedEvents(state, actor, this.clock.nowIso()),
    };
  }
}

