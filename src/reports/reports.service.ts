import { Injectable } from '@nestjs/common';
import { AuditWorkerService } from '../audit/audit-worker.service';
import { ChangeRequestReader } from '../change-requests/change-request-reader';
import type { ActorRef } from '../change-requests/change-request.types';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { Database } from '../database/database';
import { OrganisationsService } from '../organisations/organisations.service';
import type { ExtraReportData, ExtraReportInput } from './report.types';
import {
  isoWeekOf,
  parseIsoWeek,
  renderExtraReport,
  type IsoWeek,
  type ReportFormat,
} from './renderers';

export interface RenderedReport {
  format: ReportFormat;
  body: string;
}

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

/** The reports read change requests through the change-request module's read API only. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly database: Database,
    private readonly requests: ChangeRequestReader,
    private readonly organisations: OrganisationsService,
    private readonly worker: AuditWorkerService,
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
   * moment; drafts are the requesting side's and never appear. Read and rendered in the
   * low-priority long-read worker process (see WeeklyReportReader), never on this event loop.
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
    const reports = await this.worker.weeklyReport({
      week: name,
      from: period.from,
      to: period.to,
      now: now.toISOString(),
      formats: [format],
    });
    return { format, body: reports[format]! };
  }

  /**
   * The weekly report compiled at `now` in both formats, from one read (in the long-read worker):
   * both describe the same moment.
   */
  async weeklyReportBoth(period: IsoWeek, week: string, now: Date): Promise<Record<ReportFormat, string>> {
    const reports = await this.worker.weeklyReport({
      week,
      from: period.from,
      to: period.to,
      now: now.toISOString(),
      formats: ['md', 'html'],
    });
    return { md: reports.md!, html: reports.html! };
  }
}
