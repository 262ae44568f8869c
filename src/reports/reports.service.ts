import { Injectable } from '@nestjs/common';
import { stockholmDate } from '../calendar';
import { deadlineRules } from '../change-requests/change-request-deadlines';
import { AuditService } from '../audit/audit.service';
import { ChangeRequestReader, type LoadedRequest, type Moment } from '../change-requests/change-request-reader';
import type { ActorRef, CommunicationAction } from '../change-requests/change-request.types';
import { daysSince } from '../change-requests/change-request.mapper';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { Database } from '../database/database';
import type { Sql } from '../database/sql';
import { OrganisationsService } from '../organisations/organisations.service';
import type { ExtraReportData, ExtraReportInput, WeeklyActionRow, WeeklyReportInput, WeeklyRow } from './report.types';
import {
  formatDate,
  isoWeekOf,
  parseIsoWeek,
  renderExtraReport,
  renderWeeklyReport,
  type IsoWeek,
  type ReportFormat,
} from './renderers';

export interface RenderedReport {
  format: ReportFormat;
  body: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** How many requests a weekly report's section lists at most. */
export const WEEKLY_SECTION_LIMIT = 1000;
/** Rows a section of the weekly report shows; beyond them it gives the count and the list to see. */
export const WEEKLY_SECTION_ROWS = 50;
/** Longest-waiting open requests shown per state. */
export const WEEKLY_OPEN_PER_STATE = 10;

/** Every organisation a request's report names: requesters, and the organisations of everyone who acted. */
function organisationIdsIn(data: ExtraReportData): string[] {
  const actors: (ActorRef | null | undefined)[] = [
    data.createdBy,
    data.submittedBy,
    data.impactAssessment?.by,
    data.decision?.by,
    data.withdrawal?.by,
    ...data.thread.map((entry) => entry.by),
    ...data.communicationActions.map((action) => action.doneBy),
  ];
  return [...data.requestingOrganisations, ...actors.flatMap((a) => (a ? [a.organisationId] : []))];
}

/** An action not yet done counts as due in the week when it is planned before the week ends, or not dated. */
function dueBefore(action: Pick<CommunicationAction, 'plannedAt'>, week: IsoWeek): boolean {
  if (!action.plannedAt) return true;
  if (DATE_ONLY.test(action.plannedAt)) {
    // A plain date names a Stockholm calendar day: due when it is on or before the week's Sunday.
    return action.plannedAt <= formatDate(new Date(Date.parse(week.to) - 1));
  }
  const at = Date.parse(action.plannedAt);
  return Number.isNaN(at) || at < Date.parse(week.to);
}

/** The reports read change requests through the change-request module's read API only. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly database: Database,
    private readonly requests: ChangeRequestReader,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The extrainsatt rapport for one request; unknown and invisible requests are both 404. */
  async extraReport(actor: Actor, id: string, format: ReportFormat): Promise<RenderedReport> {
    const now = this.clock.now();
    const { input, organisationNames } = await this.database.read(async ({ sql }) => {
      const request = await this.requests.visible(sql, actor, id);
      const { row, context, persisted, workflow } = request;
      const details = await this.requests.details(sql, row.id, context);
      const { counts: _counts, openActions: _open, ...fields } = context;
      const meeting = fields.decision?.meeting;
      const adjusted = meeting ? details.meetings.find((m) => m.id === meeting.id)?.justerat_at ?? null : undefined;
      const data: ExtraReportData = {
        ...fields,
        // The decision with when its meeting's minutes were adjusted (justerade), if they were.
        decision: fields.decision && meeting ? { ...fields.decision, meeting: { ...meeting, justeratAt: adjusted ?? null } } : fields.decision,
        thread: details.thread,
        communicationActions: details.communicationActions,
        spokespersons: details.spokespersons,
      };
      const names = await this.organisations.names(sql, organisationIdsIn(data));
      const nameOf = (orgId: string) => names.get(orgId) ?? orgId;
      const report: ExtraReportInput = {
        compiledAt: now.toISOString(),
        id: row.id,
        state: row.state,
        stateLabel: workflow.stateLabel(persisted.value),
        requestingOrganisationNames: context.requestingOrganisations.map(nameOf),
        submittedViaName: context.submittedBy ? nameOf(context.submittedBy.organisationId) : null,
        data,
      };
      return { input: report, organisationNames: Object.fromEntries(names) };
    });
    return { format, body: renderExtraReport(input, format, { organisationNames }) };
  }

  /**
   * The weekly Regional rapport: what was received, decided and communicated in the ISO week,
   * what is open, which communication actions are due, and the decision history as it stood at
   * the week's end. Read in one consistent snapshot, so the anchor and the rows describe the same
   * moment; drafts are the requesting side's and never appear.
   */
  async weeklyReport(week: string | undefined, format: ReportFormat): Promise<RenderedReport> {
    const now = this.clock.now();
    const name = week ?? isoWeekOf(now);
    const period = parseIsoWeek(name);
    if (!period) {
      throw new DomainError('VALIDATION_FAILED', `Invalid week ${name}`, {
        fields: [{ field: 'week', message: 'week must be an ISO week YYYY-Www that exists in that year, e.g. 2024-W41' }],
      });
    }
    const input = await this.database.read(({ sql }) => this.weeklyInput(sql, name, period, now), { long: true });
    return { format, body: renderWeeklyReport(input, format) };
  }

  /** The weekly report compiled at `now` in both formats, from one read: both describe the same moment. */
  async weeklyReportBoth(period: IsoWeek, week: string, now: Date): Promise<Record<ReportFormat, string>> {
    const input = await this.database.read(({ sql }) => this.weeklyInput(sql, week, period, now), { long: true });
    return { md: renderWeeklyReport(input, 'md'), html: renderWeeklyReport(input, 'html') };
  }

  private async weeklyInput(db: Sql, week: string, period: IsoWeek, now: Date): Promise<WeeklyReportInput> {
    const { from, to } = period;
    const between = (moment: Moment) => this.requests.happenedBetween(db, moment, from, to, WEEKLY_SECTION_ROWS);
    const received = await between('received_at');
    const decided = await between('decided_at');
    const communicated = await between('communicated_at');
    const totals = {
      received: await this.countIfFull(db, 'received_at', period, received.length),
      decided: await this.countIfFull(db, 'decided_at', period, decided.length),
      communicated: await this.countIfFull(db, 'communicated_at', period, communicated.length),
    };
    const openCounts = await this.requests.openCountsBefore(db, to);
    const open: LoadedRequest[] = [];
    const openByState: NonNullable<WeeklyReportInput['openByState']> = [];
    for (const { state, count } of openCounts) {
      const longest = await this.requests.openInStateBefore(db, state, to, WEEKLY_OPEN_PER_STATE);
      if (longest.length === 0) continue;
      open.push(...longest);
      openByState.push({
        state,
        stateLabel: longest[0].workflow.stateLabel(longest[0].persisted.value),
        count,
        list: `/#/?state=${encodeURIComponent(state)}&sort=updated&order=asc`,
      });
    }
    // In the order the workflow goes through its states, not alphabetically.
    const order = (state: string) => {
      const states = open[0] ? Object.keys(open[0].workflow.definition.states) : [];
      return states.includes(state) ? states.indexOf(state) : states.length;
    };
    openByState.sort((a, b) => order(a.state) - order(b.state));
    const openActions = await this.requests.openActionsOfDecided(db, WEEKLY_SECTION_LIMIT);
    // Overdue as the week ended: open on Sunday night with a due date before Monday.
    const overdue = await this.requests.overdueAt(db, to, stockholmDate(new Date(to)), WEEKLY_SECTION_ROWS);
    const head = await this.audit.headBefore(db, to);

    const all = [...received, ...decided, ...communicated, ...open, ...overdue.rows];
    const names = await this.organisations.names(db, all.flatMap((r) => r.context.requestingOrganisations));
    const row = (request: LoadedRequest, at: string | null): WeeklyRow => ({
      id: request.row.id,
      reference: request.row.reference,
      title: request.row.title,
      state: request.row.state,
      stateLabel: request.workflow.stateLabel(request.persisted.value),
      requestingOrganisationNames: request.context.requestingOrganisations.map((id) => names.get(id) ?? id),
      at,
    });
    const due = openActions.filter((action) => dueBefore(action, period));
    const actionsDue: WeeklyActionRow[] = due.slice(0, WEEKLY_SECTION_ROWS);
    return {
      week,
      from,
      to,
      compiledAt: now.toISOString(),
      received: received.map((r) => row(r, r.row.received_at)),
      decided: decided.map((r) => ({ ...row(r, r.row.decided_at), outcome: r.context.decision?.outcome ?? null })),
      communicated: communicated.map((r) => row(r, r.row.communicated_at)),
      open: open.map((r) => ({ ...row(r, r.row.state_entered_at), daysInState: daysSince(r.row.state_entered_at, now) })),
      actionsDue,
      overdue: overdue.rows.map((r) => ({
        ...row(r, r.row.state_entered_at),
        deadline: deadlineRules(r.workflow.definition).find((rule) => rule.kind === r.kind)?.label ?? r.kind,
        dueAt: r.dueOn,
      })),
      totals: { ...totals, actionsDue: due.length, overdue: overdue.total },
      openByState,
      audit: { head: head.hash, entries: head.seq },
    };
  }

  /** The section's count, read only when its rows filled the section (otherwise it is their number). */
  private async countIfFull(db: Sql, moment: Moment, period: IsoWeek, shown: number): Promise<number> {
    return shown < WEEKLY_SECTION_ROWS ? shown : this.requests.countBetween(db, moment, period.from, period.to);
  }
}
