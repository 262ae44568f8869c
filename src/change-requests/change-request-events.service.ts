import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { decidedGoLive } from '../workflow/workflow-behaviours';
import { OrganisationsService } from '../organisations/organisations.service';
import { WorkflowRegistry } from '../workflow/workflow.registry';
import type { MachineEvent, TransitionResult } from '../workflow/workflow.types';
import { ChangeRequestEntity } from './change-request.entity';
import { canSee, checkRequestingOrganisations, notFound } from './change-request-access';
import { parseSnapshot, toResponse } from './change-request.mapper';
import { ChangeRequestsRepository, searchable } from './change-requests.repository';
import type { ChangeRequestResponse } from './dto/change-request.response';
import { RegistrationNumberService, stockholmYear } from './registration-number.service';

export interface SendEvent {
  type: string;
  payload: Record<string, unknown>;
  expectedVersion?: number;
}

const CHECK_ERRORS = {
  ROLE_FORBIDDEN: 'FORBIDDEN',
  STATE_CONFLICT: 'STATE_CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
} as const;

/**
 * The one way a change request changes: one database transaction around a pure XState step —
 * load, check, claim the version, transition, save the snapshot and its projections, carry out
 * effects, append the audit entry, commit. Anything failing rolls all of it back.
 */
@Injectable()
export class ChangeRequestEventsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly workflows: WorkflowRegistry,
    private readonly requests: ChangeRequestsRepository,
    private readonly numbers: RegistrationNumberService,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(actor: Actor, id: string, event: SendEvent): Promise<ChangeRequestResponse> {
    return this.tx.write(async (manager) => {
      const entity = await this.requests.findById(manager, id);
      if (!entity) throw notFound(id);
      const { context } = parseSnapshot(entity);
      if (!canSee(actor, context.requestingOrganisations)) throw notFound(id);
      const workflow = this.workflows.forRequest(entity.workflowId, entity.workflowVersion);

      if (!workflow.isKnownEvent(event.type)) {
        throw new DomainError('UNKNOWN_EVENT', `Unknown event "${event.type}"`, {
          fields: [{ field: 'type', message: `must be one of: ${Object.keys(workflow.definition.events).join(', ')}` }],
        });
      }
      const fields = workflow.validatePayload(event.type, event.payload);
      if (fields.length) {
        throw new DomainError('VALIDATION_FAILED', `Invalid ${event.type} payload`, { fields });
      }
      const conflict = (code: 'STATE_CONFLICT' | 'VERSION_CONFLICT' | 'PRECONDITION_FAILED' | 'FORBIDDEN', message: string, current = entity) =>
        new DomainError(code, message, {
          state: current.state,
          stateValue: JSON.parse(current.stateValue),
          version: current.version,
          allowedEvents: workflow.allowedEvents(JSON.parse(current.snapshot), actor),
        });
      if (event.expectedVersion !== undefined && event.expectedVersion !== entity.version) {
        throw conflict('VERSION_CONFLICT', `The change request is at version ${entity.version}, not ${event.expectedVersion}; reload it`);
      }

      const at = new Date().toISOString();
      const machineEvent: MachineEvent = { type: event.type, actor, at, payload: event.payload, facts: {} };
      const snapshot = JSON.parse(entity.snapshot) as unknown;
      const check = workflow.check(snapshot, machineEvent);
      if (!check.ok) throw conflict(CHECK_ERRORS[check.code], check.message);
      if (event.type === 'EDIT' && Array.isArray(event.payload.requestingOrganisations)) {
        const ids = event.payload.requestingOrganisations as string[];
        const found = await this.organisations.findByIds(ids, manager);
        checkRequestingOrganisations(actor, ids, found, context.requestingOrganisations);
      }

      if (!(await this.requests.claim(manager, entity.id, entity.version))) {
        const current = (await this.requests.findById(manager, id)) ?? entity;
        throw conflict('VERSION_CONFLICT', 'Someone else changed this change request first; reload it', current);
      }
      if (event.type === 'SUBMIT') {
        machineEvent.facts = {
          receivedAt: at,
          reference: await this.numbers.next(manager, this.config.referencePrefix, stockholmYear(at)),
        };
      }
      const next = workflow.transition(snapshot, machineEvent);
      const saved = await this.save(manager, entity, next, at);
      await this.applyEffects(manager, next);
      await this.audit.append(manager, {
        at,
        changeRequestId: entity.id,
        reference: next.context.reference,
        eventType: event.type,
        payload: event.payload,
        actorId: actor.id,
        actorName: actor.name,
        actorOrganisation: actor.organisationId,
        actorRole: actor.role,
        stateBefore: entity.stateValue,
        stateAfter: JSON.stringify(next.stateValue),
      });
      return toResponse(saved, workflow, workflow.allowedEvents(next.snapshot, actor));
    });
  }

  /** Writes the new snapshot and its projections; returns the row as it now stands. */
  private async save(
    manager: EntityManager,
    entity: ChangeRequestEntity,
    next: TransitionResult,
    at: string,
  ): Promise<ChangeRequestEntity> {
    const c = next.context;
    const stateValue = JSON.stringify(next.stateValue);
    const changes = {
      reference: c.reference,
      title: c.title,
      type: c.type,
      state: next.state,
      stateValue,
      snapshot: JSON.stringify(next.snapshot),
      searchText: searchable(c.reference, c.title, c.description, c.justification),
      updatedAt: at,
      stateEnteredAt: stateValue === entity.stateValue ? entity.stateEnteredAt : at,
      receivedAt: c.receivedAt,
      decidedAt: c.decision?.at ?? null,
      communicatedAt: c.communicatedAt,
    };
    await this.requests.update(manager, entity.id, changes);
    const before = parseSnapshot(entity).context.requestingOrganisations;
    if (before.join('\n') !== c.requestingOrganisations.join('\n')) {
      await this.requests.replaceOrganisations(manager, entity.id, c.requestingOrganisations);
    }
    return { ...entity, ...changes, version: entity.version + 1 };
  }

  /** Effects the definition names, carried out in the same transaction as the state change. */
  private async applyEffects(manager: EntityManager, next: TransitionResult): Promise<void> {
    for (const effect of next.effects) {
      if (effect.type === 'updateRolloutPlan') {
        const date = decidedGoLive(next.context);
        if (date) await this.organisations.updatePlannedGoLive(manager, next.context.requestingOrganisations, date);
      }
    }
  }
}
