import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import type { ChangeRequestEntity } from '../change-requests/change-request.entity';
import { canSee, notFound } from '../change-requests/change-request-access';
import { daysSince, parseSnapshot, stateLabel } from '../change-requests/change-request.mapper';
import type {
  ChangeRequestContext,
  CommunicationAction,
} from '../change-requests/change-request.types';
import { ChangeRequestsRepository } from '../change-requests/change-requests.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { WorkflowRegistry } from '../workflow/workflow.registry';
import type {
  ExtraReportInput,
  WeeklyActionRow,
  WeeklyReportInput,
  WeeklyRow,
} from './report.types';
import {
  formatDate,
  isoWeekOf,
  parseIsoWeek,
  renderExtraReport,
  renderWeeklyReport,
  type IsoWeek,
  type ReportFormat,
} from './renderers';
import { ReportsRepository } from './reports.repository';

export interface RenderedReport {
  format: ReportFormat;
  body: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Every organisation a request's report names: requesters, and the organisations of everyone who acted. */
function organisationIdsIn(c: ChangeRequestContext): string[] {
  const actors = [
    c.createdBy,
    c.submittedBy,
    c.impactAssessment?.by,
    c.decision?.by,
    c.withdrawal?.by,
    ...c.thread.map((entry) => entry.by),
    ...c.communicationActions.map((action) => action.doneBy),
  ];
  return [...c.requestingOrganisations, ...actors.flatMap((a) => (a ? [a.organisationId] : []))];
}

/** An open action counts as due in the week when it is planned before the week ends, or not dated. */
function dueBefore(action: CommunicationAction, week: IsoWeek): boolean {
  if (action.doneAt !== null) return false;
  if (!action.plannedAt) return true;
  if (DATE_ONLY.test(action.plannedAt)) {
    // A plain date names a Stockholm calendar day: due when it is on or before the week's Sunday.
    return action.plannedAt <= formatDate(new Date(Date.parse(week.to) - 1));
  }
  const at = Date.parse(action.plannedAt);
  return Number.isNaN(at) || at < Date.parse(week.to);
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly workflows: WorkflowRegistry,
    private readonly requests: ChangeRequestsRepository,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The extrainsatt rapport for one request; unknown and invisible requests are both 404. */
  async extraReport(
    actor: Actor,
    id: string,
    format: ReportFormat,
    now = new Date(),
  ): Promise<RenderedReport> {
    const { input, organisationNames } = await this.tx.read(async (manager) => {
      const entity = await this.requests.findById(manager, id);
      if (!entity) throw notFound(id);
      const { value, context } = parseSnapshot(entity);
      if (!canSee(actor, context.requestingOrganisations)) throw notFound(id);
      const names = await this.reports.organisationNames(manager, organisationIdsIn(context));
      const nameOf = (orgId: string) => names.get(orgId) ?? orgId;
      const workflow = this.workflows.forRequest(entity.workflowId, entity.workflowVersion);
      const report: ExtraReportInput = {
        compiledAt: now.toISOString(),
        id: entity.id,
        state: entity.state,
        stateLabel: stateLabel(workflow, value),
        requestingOrganisationNames: context.requestingOrganisations.map(nameOf),
        submittedViaName: context.submittedBy ? nameOf(context.submittedBy.organisationId) : null,
        data: context,
      };
      return { input: report, organisationNames: Object.fromEntries(names) };
    });
    return { format, body: renderExtraReport(input, format, { organisationNames }) };
  }

  /**
   * The weekly Regional rapport: what was received, decided and communicated in the ISO week,
   * what is open, which communication actions are due, and the decision history's head hash.
   * Read in one consistent snapshot, so the hash and the rows describe the same moment.
   */
  async weeklyReport(
    week: string | undefined,
    format: ReportFormat,
    now = new Date(),
  ): Promise<RenderedReport> {
    const name = week ?? isoWeekOf(now);
    const period = parseIsoWeek(name);
    if (!period) {
      throw new DomainError('VALIDATION_FAILED', `Invalid week ${name}`, {
        fields: [
          {
            field: 'week',
            message: 'week must be an ISO week YYYY-Www that exists in that year, e.g. 2024-W41',
          },
        ],
      });
    }
    const input = await this.tx.read((manager) => this.weeklyInput(manager, name, period, now));
    return { format, body: renderWeeklyReport(input, format) };
  }

  private async weeklyInput(
    manager: EntityManager,
    week: string,
    period: IsoWeek,
    now: Date,
  ): Promise<WeeklyReportInput> {
    const { from, to } = period;
    const received = await this.reports.happenedBetween(manager, 'receivedAt', from, to);
    const decided = await this.reports.happenedBetween(manager, 'decidedAt', from, to);
    const communicated = await this.reports.happenedBetween(manager, 'communicatedAt', from, to);
    const open = await this.reports.openBefore(manager, to);
    const withActions = await this.reports.decidedAndOpen(manager);
    const audit = await this.audit.head(manager);

    const all = [...received, ...decided, ...communicated, ...open, ...withActions];
    const contexts = new Map(all.map((e) => [e.id, parseSnapshot(e)]));
    const names = await this.reports.organisationNames(
      manager,
      [...contexts.values()].flatMap((s) => s.context.requestingOrganisations),
    );
    const row = (entity: ChangeRequestEntity, at: string | null): WeeklyRow => {
      const { value, context } = contexts.get(entity.id)!;
      return {
        id: entity.id,
        reference: entity.reference,
        title: entity.title,
        state: entity.state,
        stateLabel: stateLabel(
          this.workflows.forRequest(entity.workflowId, entity.workflowVersion),
          value,
        ),
        requestingOrganisationNames: context.requestingOrganisations.map(
          (id) => names.get(id) ?? id,
        ),
        at,
      };
    };
    const actionsDue = withActions.flatMap((entity): WeeklyActionRow[] =>
      contexts
        .get(entity.id)!
        .context.communicationActions.filter((action) => dueBefore(action, period))
        .map((action) => ({
          changeRequestId: entity.id,
          reference: entity.reference,
          title: entity.title,
          audience: action.audience,
          channel: action.channel,
          plannedAt: action.plannedAt,
        })),
    );

    return {
      week,
      from,
      to,
      compiledAt: now.toISOString(),
      received: received.map((e) => row(e, e.receivedAt)),
      decided: decided.map((e) => ({
        ...row(e, e.decidedAt),
        outcome: contexts.get(e.id)!.context.decision?.outcome ?? null,
      })),
      communicated: communicated.map((e) => row(e, e.communicatedAt)),
      open: open.map((e) => ({
        ...row(e, e.stateEnteredAt),
        daysInState: daysSince(e.stateEnteredAt, now),
      })),
      actionsDue,
      audit,
    };
  }
}
