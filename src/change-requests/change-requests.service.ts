import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import type { AuditEntry } from '../audit/audit.types';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { OrganisationsService } from '../organisations/organisations.service';
import { WorkflowRegistry } from '../workflow/workflow.registry';
import type { CompiledWorkflow } from '../workflow/workflow.types';
import { ChangeRequestEntity } from './change-request.entity';
import { canSee, checkRequestingOrganisations, notFound } from './change-request-access';
import { ChangeRequestEventsService } from './change-request-events.service';
import { parseSnapshot, toResponse, toSummary } from './change-request.mapper';
import { newDraftContext } from './change-request.types';
import { ChangeRequestsRepository, searchable, type ListFilter } from './change-requests.repository';
import type { ChangeRequestListResponse, ChangeRequestResponse } from './dto/change-request.response';
import type { CreateChangeRequestDto, EditChangeRequestDto } from './dto/create-change-request.dto';

export const DEFAULT_WORKFLOW = 'andringsbegaran';

@Injectable()
export class ChangeRequestsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly workflows: WorkflowRegistry,
    private readonly requests: ChangeRequestsRepository,
    private readonly events: ChangeRequestEventsService,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
  ) {}

  private workflow(id = DEFAULT_WORKFLOW): CompiledWorkflow {
    const workflow = this.workflows.find(id);
    if (!workflow) {
      throw new DomainError('VALIDATION_FAILED', `Unknown workflow "${id}"`, {
        fields: [{ field: 'workflow', message: `must be one of: ${this.workflows.list().map((w) => w.definition.id).join(', ')}` }],
      });
    }
    return workflow;
  }

  /** Creates a draft; the creation is the first entry of the request's history. */
  async create(actor: Actor, dto: CreateChangeRequestDto): Promise<ChangeRequestResponse> {
    const workflow = this.workflow(dto.workflow);
    return this.tx.write(async (manager) => {
      const organisations = dto.requestingOrganisations;
      checkRequestingOrganisations(actor, organisations, await this.organisations.findByIds(organisations, manager));
      const at = new Date().toISOString();
      const context = newDraftContext(
        {
          title: dto.title.trim(),
          description: dto.description.trim(),
          type: dto.type,
          requestingOrganisations: [...organisations].sort(),
          justification: dto.justification.trim(),
          requestedGoLive: dto.requestedGoLive ?? null,
        },
        { id: actor.id, name: actor.name, organisationId: actor.organisationId, role: actor.role },
      );
      const start = workflow.start(context);
      const entity: ChangeRequestEntity = {
        id: randomUUID(),
        workflowId: workflow.definition.id,
        workflowVersion: workflow.definition.version,
        reference: null,
        title: context.title,
        type: context.type,
        state: start.state,
        stateValue: JSON.stringify(start.stateValue),
        snapshot: JSON.stringify(start.snapshot),
        version: 1,
        searchText: searchable(context.title, context.description, context.justification),
        createdBy: actor.id,
        createdAt: at,
        updatedAt: at,
        stateEnteredAt: at,
        receivedAt: null,
        decidedAt: null,
        communicatedAt: null,
      };
      await this.requests.insert(manager, entity, context.requestingOrganisations);
      await this.audit.append(manager, {
        at,
        changeRequestId: entity.id,
        reference: null,
        eventType: 'CREATE',
        payload: { ...dto, workflow: workflow.definition.id, requestedGoLive: context.requestedGoLive },
        actorId: actor.id,
        actorName: actor.name,
        actorOrganisation: actor.organisationId,
        actorRole: actor.role,
        stateBefore: null,
        stateAfter: entity.stateValue,
      });
      return toResponse(entity, workflow, workflow.allowedEvents(start.snapshot, actor));
    });
  }

  /** Editing a draft is the workflow's EDIT event: same checks, same audit trail. */
  edit(actor: Actor, id: string, dto: EditChangeRequestDto): Promise<ChangeRequestResponse> {
    const { expectedVersion, type, ...rest } = dto;
    const payload: Record<string, unknown> = Object.fromEntries(
      Object.entries(rest).filter(([, value]) => value !== undefined),
    );
    if (type !== undefined) payload.requestType = type;
    if (Object.keys(payload).length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'Nothing to change', {
        fields: [{ field: '(body)', message: 'name at least one field to change' }],
      });
    }
    return this.events.send(actor, id, { type: 'EDIT', payload, expectedVersion });
  }

  async get(actor: Actor, id: string): Promise<ChangeRequestResponse> {
    return this.tx.read(async (manager) => {
      const entity = await this.visible(manager, actor, id);
      const workflow = this.workflows.forRequest(entity.workflowId, entity.workflowVersion);
      return toResponse(entity, workflow, workflow.allowedEvents(JSON.parse(entity.snapshot), actor));
    });
  }

  async list(actor: Actor, filter: ListFilter): Promise<ChangeRequestListResponse> {
    // Resolved before the read transaction: a unit of work never takes a second pool connection.
    const scope = filter.organisation ? await this.filterScope(filter.organisation) : null;
    return this.tx.read(async (manager) => {
      const { items, total } = await this.requests.list(manager, actor, filter, scope);
      const organisations = await this.requests.organisationsOf(manager, items.map((i) => i.id));
      return {
        items: items.map((entity) =>
          toSummary(
            entity,
            this.workflows.forRequest(entity.workflowId, entity.workflowVersion),
            organisations.get(entity.id) ?? [],
          ),
        ),
        total,
        page: filter.page,
        pageSize: filter.pageSize,
      };
    });
  }

  async history(actor: Actor, id: string): Promise<{ items: AuditEntry[] }> {
    return this.tx.read(async (manager) => {
      await this.visible(manager, actor, id);
      return { items: await this.audit.history(manager, id) };
    });
  }

  /**
   * Organisations a filter on one organisation matches: itself, its kommunalförbund (a request from
   * Sjuhärad concerns Borås) and, for a kommunalförbund, its members.
   */
  private async filterScope(organisationId: string): Promise<string[]> {
    const organisation = await this.organisations.findById(organisationId);
    if (!organisation) return [organisationId];
    const scope = await this.organisations.actsFor(organisationId);
    return organisation.parentId ? [...scope, organisation.parentId] : scope;
  }

  private async visible(manager: Parameters<ChangeRequestsRepository['findById']>[0], actor: Actor, id: string) {
    const entity = await this.requests.findById(manager, id);
    if (!entity || !canSee(actor, parseSnapshot(entity).context.requestingOrganisations)) throw notFound(id);
    return entity;
  }
}
