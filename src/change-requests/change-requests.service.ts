import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import type { AuditEntry } from '../audit/audit.types';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { countBound } from '../common/count-bound';
import { DomainError } from '../common/domain-error';
import { Database } from '../database/database';
import { OrganisationsService } from '../organisations/organisations.service';
import { checkRequestingOrganisations } from './change-request-access';
import { ChangeRequestEventsService } from './change-request-events.service';
import { ChangeRequestReader } from './change-request-reader';
import { ChangeRequestWorkflows } from './change-request-workflows';
import { toResponse, toSummary } from './change-request.mapper';
import { newDraftContext } from './change-request.types';
import { ChangeRequestRow, ChangeRequestsRepository, organisationsColumn, organisationsOf, ROW_COLUMNS } from './change-requests.repository';
import type { ChangeRequestListResponse, ChangeRequestResponse, ThreadPageResponse } from './dto/change-request.response';
import type { CreateChangeRequestDto, EditChangeRequestDto } from './dto/create-change-request.dto';
import { encodeCursor, orderBy, sortKeyColumn } from './list-order';
import { ChangeRequestListQuery, SEARCH_WINDOW, type ListFilter } from './list-query';
import { searchable } from './search-text';

export interface PagedListFilter extends ListFilter {
  page: number;
  pageSize: number;
}

@Injectable()
export class ChangeRequestsService {
  constructor(
    private readonly database: Database,
    private readonly workflows: ChangeRequestWorkflows,
    private readonly requests: ChangeRequestsRepository,
    private readonly reader: ChangeRequestReader,
    private readonly events: ChangeRequestEventsService,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
    private readonly listQuery: ChangeRequestListQuery,
    private readonly clock: Clock,
  ) {}

  /** Creates a draft; the creation is the first entry of the request's history. */
  async create(actor: Actor, dto: CreateChangeRequestDto): Promise<ChangeRequestResponse> {
    const workflow = this.workflows.forNew(dto.workflow);
    return this.database.write(async (ctx) => {
      const organisations = [...dto.requestingOrganisations].sort();
      const found = await this.organisations.findByIds(ctx.sql, organisations);
      checkRequestingOrganisations(actor, organisations, found);
      const at = this.clock.nowIso();
      const context = newDraftContext(
        {
          title: dto.title.trim(),
          description: dto.description.trim(),
          type: dto.type,
          requestingOrganisations: organisations,
          justification: dto.justification.trim(),
          requestedGoLive: dto.requestedGoLive ?? null,
        },
        { id: actor.id, name: actor.name, organisationId: actor.organisationId, role: actor.role },
      );
      const start = workflow.start(context);
      const row: ChangeRequestRow = {
        id: randomUUID(),
        workflow_id: workflow.definition.id,
        workflow_version: workflow.definition.version,
        reference: null,
        title: context.title,
        type: context.type,
        state: start.state,
        state_value: JSON.stringify(start.stateValue),
        snapshot: JSON.stringify(start.persisted),
        version: 1,
        search_text: searchable(context.title, context.description, context.justification),
        created_by: actor.id,
        created_at: at,
        updated_at: at,
        state_entered_at: at,
        received_at: null,
        decided_at: null,
        communicated_at: null,
        is_draft: start.tags.includes('draft') ? 1 : 0,
        closed_at: null,
        next_due_on: null,
      };
      this.requests.insert(ctx.sql, row, organisations, found.map((o) => o.name));
      await this.audit.append(ctx, {
        at,
        subjectType: 'change_request',
        subjectId: row.id,
        changeRequestId: row.id,
        reference: null,
        eventType: 'CREATE',
        payload: { ...dto, workflow: workflow.definition.id, requestedGoLive: context.requestedGoLive },
        actorId: actor.id,
        actorName: actor.name,
        actorOrganisation: actor.organisationId,
        actorRole: actor.role,
        stateBefore: null,
        stateAfter: row.state_value,
      });
      const empty = { thread: [], threadTotal: 0, communicationActions: [], spokespersons: [], deadlines: [], meetings: [] };
      return toResponse(row, start.stateValue, context, workflow, empty, workflow.allowedEvents(start.restored, actor, at), this.clock.now());
    });
  }

  /** Editing a draft is the workflow's edit event (its definition names it): same checks, same history. */
  async edit(actor: Actor, id: string, dto: EditChangeRequestDto): Promise<ChangeRequestResponse> {
    const { expectedVersion, type, ...rest } = dto;
    const payload: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    if (type !== undefined) payload.requestType = type;
    if (Object.keys(payload).length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'Nothing to change', {
        fields: [{ field: '(body)', message: 'name at least one field to change' }],
      });
    }
    const editEvent = await this.database.read(async ({ sql }) => {
      const request = await this.reader.visible(sql, actor, id);
      return request.workflow.definition.editEvent;
    });
    if (!editEvent) throw new DomainError('STATE_CONFLICT', 'This kind of request cannot be edited');
    return this.events.send(actor, id, { type: editEvent, payload, expectedVersion });
  }

  async get(actor: Actor, id: string): Promise<ChangeRequestResponse> {
    // One statement: it sees one committed state without a transaction around it.
    return this.database.read(
      async ({ sql }) => {
        const { row, workflow, persisted, context, details } = await this.reader.visibleWithDetails(sql, actor, id);
        const state = workflow.restore(persisted);
        const now = this.clock.now();
        return toResponse(row, state.value, context, workflow, details, workflow.allowedEvents(state, actor, now.toISOString()), now);
      },
      { transaction: false },
    );
  }

  async thread(actor: Actor, id: string, limit: number, before?: number): Promise<ThreadPageResponse> {
    return this.database.read(async ({ sql }) => {
      const request = await this.reader.visible(sql, actor, id);
      const page = await this.reader.thread(sql, request, limit, before);
      return { items: page.entries, total: page.total };
    });
  }

  async list(actor: Actor, filter: PagedListFilter): Promise<ChangeRequestListResponse> {
    // The page, its organisations and the total come from one statement (one snapshot), so no
    // transaction is needed around it.
    return this.database.read(async ({ sql }) => {
      const plan = await this.listQuery.plan(sql, actor, filter, { window: SEARCH_WINDOW });
      const all = this.listQuery.countConditions(plan);
      const paged = this.listQuery.conditions(plan, plan.cursor);
      const { sort, order, cursor } = plan;
      const offset = cursor ? 0 : (filter.page - 1) * filter.pageSize;
      // The total is counted up to a bound past this page, so a list costs the same over a
      // thousand requests or a million; past the bound it is a floor (`totalExact: false`).
      const countLimit = countBound(offset + filter.pageSize);
      const countText = `SELECT COUNT(*) AS n FROM (SELECT ${plan.countUnique ? '' : 'DISTINCT '}${plan.countId} FROM ${plan.countFrom} ${all.clause} LIMIT ?) counted`;
      const countParams = [...all.params, countLimit + 1];
      // One row more than the page tells whether there is a next page. The total is an
      // uncorrelated subquery (evaluated once, on its own plan); the organisations a column.
      const fetched = await this.requests.page(
        sql,
        `SELECT ${ROW_COLUMNS}, ${sortKeyColumn(sort)}, (${countText}) AS total, ${organisationsColumn(sql.dialect)}
         FROM ${plan.from} ${paged.clause} ${orderBy(sort, order)} LIMIT ? OFFSET ?`,
        [...countParams, ...paged.params, filter.pageSize + 1, offset],
      );
      const rows = fetched.slice(0, filter.pageSize);
      const last = rows.at(-1);
      const nextCursor =
        fetched.length > filter.pageSize && last ? encodeCursor({ sort, order, key: String(last.sort_key), id: last.id }) : null;
      // Past the last page there is no row to carry the total.
      const counted = fetched.length > 0 ? Number(fetched[0].total) : await this.requests.count(sql, countText, countParams);
      const now = this.clock.now();
      return {
        items: rows.map((row) => {
          const workflow = this.workflows.forCase(row.workflow_id, row.workflow_version);
          return toSummary(row, JSON.parse(row.state_value), workflow, organisationsOf(row), now);
        }),
        // A full window of ranked matches may have more behind it.
        total: Math.min(counted, countLimit),
        totalExact: counted <= countLimit && (plan.window === undefined || counted < plan.window),
        page: filter.page,
        pageSize: filter.pageSize,
        nextCursor,
      };
    }, { transaction: false });
  }

  async history(actor: Actor, id: string): Promise<{ items: AuditEntry[] }> {
    return this.database.read(async ({ sql }) => {
      await this.reader.visible(sql, actor, id);
      return { items: await this.audit.history(sql, id) };
    });
  }
}
