import { Injectable } from '@nestjs/common';
import { AuditService, auditActor } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { whenAll } from '../common/when-all';
import { Database, type WriteContext } from '../database/database';
import { Metrics } from '../metrics/metrics.service';
import { DelegationsService } from '../delegations/delegations.service';
import type { MachineEvent, Refusal, Step } from '../workflow/workflow.types';
import type { RestoredState } from '../workflow/workflow-interpreter';
import { checkEventPayload, refusalError } from '../workflow/event-checks';
import { ChangeRequestEffects, type EffectArgs } from './change-request-effects';
import type { EffectName, PreparationName } from './change-request-behaviours';
import { ChangeRequestReader, type LoadedRequest } from './change-request-reader';
import type { ChangeRequestContext } from './change-request.types';
import { toResponse } from './change-request.mapper';
import { ChangeRequestRow, ChangeRequestsRepository, RowChanges } from './change-requests.repository';
import { searchable } from './search-text';
import type { ChangeRequestResponse } from './dto/change-request.response';

export interface SendEvent {
  type: string;
  payload: Record<string, unknown>;
  expectedVersion?: number;
  /** A delegate acts for this principal (SPEC §10; 403 without a valid delegation). */
  onBehalfOf?: string;
}

type C = ChangeRequestContext;

/**
 * The one way a change request changes: one database transaction around a pure XState step —
 * load (and on PostgreSQL lock) the row, restore the machine once, let it decide, run the event's
 * declared preparations, save the snapshot and its projections, append the audit entry, carry
 * out the transition's effects, commit. Anything failing rolls all of it back. Nothing here knows
 * a particular workflow's events or states: the definition declares what each event needs.
 */
@Injectable()
export class ChangeRequestEventsService {
  constructor(
    private readonly database: Database,
    private readonly reader: ChangeRequestReader,
    private readonly requests: ChangeRequestsRepository,
    private readonly effects: ChangeRequestEffects,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly delegations: DelegationsService,
  ) {}

  async send(actor: Actor, id: string, event: SendEvent): Promise<ChangeRequestResponse> {
    try {
      const response = await this.database.write((ctx) => this.apply(ctx, actor, id, event));
      this.metrics.event(event.type);
      return response;
    } catch (error) {
      this.metrics.event(event.type, error);
      throw error;
    }
  }

  private async apply(ctx: WriteContext, caller: Actor, id: string, event: SendEvent): Promise<ChangeRequestResponse> {
    const actor =
      event.onBehalfOf === undefined ? caller : await this.delegations.actAs(ctx.sql, caller, event.onBehalfOf, event.type, this.clock.nowIso());
    // Without expectedVersion an event is evaluated against the latest state: on PostgreSQL the
    // row lock makes concurrent events on one request take turns instead of refusing each other.
    const request = await this.reader.visible(ctx.sql, actor, id, true);
    const { row, workflow } = request;
    const at = this.clock.nowIso();
    checkEventPayload(workflow, event.type, event.payload, at);

    const state = workflow.restore(request.persisted);
    if (event.expectedVersion !== undefined && event.expectedVersion !== row.version) {
      throw this.conflict(request, state, actor, at, {
        code: 'VERSION_CONFLICT',
        message: `The change request is at version ${row.version}, not ${event.expectedVersion}; reload it`,
      });
    }
    const machineEvent: MachineEvent = { type: event.type, actor, at, payload: event.payload, facts: {} };
    let decision = workflow.decide(state, machineEvent);
    if (decision.ok && workflow.preparations(event.type).length > 0) {
      machineEvent.facts = await this.prepare(ctx, request, machineEvent, workflow.preparations(event.type) as PreparationName[]);
      // The facts (a registration number …) are part of the transition: take it with them.
      if (Object.keys(machineEvent.facts).length > 0) decision = workflow.decide(state, machineEvent);
    }
    if (!decision.ok) throw this.conflict(request, state, actor, at, decision.refusal);
    const next = decision.next;

    const saved = await this.save(ctx, request, next, at);
    const entry = await this.audit.append(ctx, {
      at,
      subjectType: 'change_request',
      subjectId: row.id,
      changeRequestId: row.id,
      reference: saved.reference,
      eventType: event.type,
      payload: event.payload,
      ...auditActor(actor),
      stateBefore: row.state_value,
      stateAfter: saved.state_value,
    });
    await this.runEffects(ctx, request, machineEvent, next, saved.reference);
    // Who is told, the deadlines and the answer's own rows are read together (one trip, each only
    // deferring its writes); the effects' writes were issued before, so the answer sees them. A
    // failure fails the event only once all three are done (see whenAll).
    const [, nextDueOn, details] = await whenAll([
      this.effects.notify(ctx, { request, before: state, event: machineEvent, next, saved, seq: entry.seq, hash: entry.hash }),
      this.effects.deadlines.afterEvent(ctx, row.id, workflow.definition, { type: event.type, at, payload: event.payload }, row.next_due_on),
      this.reader.details(ctx.sql, row.id, next.context),
    ]);
    saved.next_due_on = nextDueOn;
    const now = this.clock.now();
    return toResponse(saved, next.stateValue, next.context, workflow, details, workflow.allowedEvents(next.restored, actor, at), now);
  }

  private async prepare(
    ctx: WriteContext,
    request: LoadedRequest,
    event: MachineEvent,
    names: PreparationName[],
  ): Promise<Record<string, unknown>> {
    const facts: Record<string, unknown> = {};
    for (const name of names) {
      Object.assign(facts, await this.effects.preparations[name]({ ctx, requestId: request.row.id, event, context: request.context }));
    }
    return facts;
  }

  /** Writes the new snapshot and its projections; returns the row as it now stands. */
  private async save(ctx: WriteContext, request: LoadedRequest, next: Step<C>, at: string): Promise<ChangeRequestRow> {
    const { row } = request;
    const c = next.context;
    const stateValue = JSON.stringify(next.stateValue);
    const changes: RowChanges = {
      reference: c.reference,
      title: c.title,
      type: c.type,
      state: next.state,
      state_value: stateValue,
      snapshot: JSON.stringify(next.persisted),
      version: row.version + 1,
      search_text: searchable(c.reference, c.title, c.description, c.justification),
      updated_at: at,
      state_entered_at: stateValue === row.state_value ? row.state_entered_at : at,
      received_at: c.receivedAt,
      decided_at: c.decision?.at ?? null,
      communicated_at: c.communicatedAt,
      is_draft: next.tags.includes('draft') ? 1 : 0,
      closed_at: next.final ? (row.closed_at ?? at) : null,
    };
    if (!(await this.requests.save(ctx.sql, row.id, row.version, changes))) {
      // The row is locked (PostgreSQL) or the writer is single (SQLite): this cannot happen unless
      // something outside the product wrote it. Never report it as a retryable race.
      throw new Error(`Change request ${row.id} changed underneath a locked transition`);
    }
    if (request.context.requestingOrganisations.join('\n') !== c.requestingOrganisations.join('\n')) {
      await this.requests.replaceOrganisations(ctx.sql, row.id, c.requestingOrganisations);
    }
    return { ...row, ...changes };
  }

  private async runEffects(ctx: WriteContext, request: LoadedRequest, event: MachineEvent, next: Step<C>, reference: string | null) {
    const seen = new Map<string, number>();
    for (const effect of next.effects) {
      const occurrence = seen.get(effect.type) ?? 0;
      seen.set(effect.type, occurrence + 1);
      const args: EffectArgs = {
        ctx,
        requestId: request.row.id,
        event,
        context: request.context,
        after: next.context,
        reference,
        params: effect.params,
        definition: request.workflow.definition,
        occurrence,
      };
      await this.effects.effects[effect.type as EffectName](args);
    }
  }

  private conflict(
    request: LoadedRequest,
    state: RestoredState<C>,
    actor: Actor,
    at: string,
    refusal: Refusal | { code: 'VERSION_CONFLICT'; message: string },
  ): DomainError {
    return refusalError(request.workflow, request.row, state, actor, at, refusal);
  }

}
