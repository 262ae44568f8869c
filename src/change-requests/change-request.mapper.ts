import type { RequestMeetingRow } from '../meeting-store/meetings.repository';
import { stockholmDate } from '../calendar';
import type { WorkflowInterpreter } from '../workflow/workflow-interpreter';
import { deadlineRules, statusOf, type DeadlineRow } from './change-request-deadlines';
import type { ChangeRequestRow } from './change-requests.repository';
import type { ChangeRequestContext, CommunicationAction, Decision, Spokesperson, ThreadEntry } from './change-request.types';
import type { ChangeRequestResponse, ChangeRequestSummaryResponse, DecisionResponse } from './dto/change-request.response';

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / DAY_MS));
}

/** The collections of a request that live in rows of their own. */
export interface RequestDetails {
  thread: (ThreadEntry & { n: number })[];
  threadTotal: number;
  communicationActions: CommunicationAction[];
  spokespersons: Spokesperson[];
  deadlines: DeadlineRow[];
  meetings: RequestMeetingRow[];
}

export function toSummary(
  row: ChangeRequestRow,
  stateValue: unknown,
  workflow: WorkflowInterpreter<ChangeRequestContext>,
  requestingOrganisations: string[],
  now: Date,
): ChangeRequestSummaryResponse {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    type: row.type,
    state: row.state,
    stateLabel: workflow.stateLabel(stateValue),
    closed: row.closed_at !== null,
    requestingOrganisations,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    stateEnteredAt: row.state_entered_at,
    daysInState: daysSince(row.state_entered_at, now),
    receivedAt: row.received_at,
    dueAt: row.next_due_on,
    overdue: row.next_due_on !== null && row.next_due_on < stockholmDate(now),
  };
}

/** The decision, with when its meeting's minutes were adjusted (justerade). */
function decisionWithJustering(decision: Decision | null, meetings: RequestMeetingRow[]): DecisionResponse | null {
  if (!decision) return null;
  const { meeting, ...rest } = decision;
  if (!meeting) return rest;
  return { ...rest, meeting: { ...meeting, justeratAt: meetings.find((m) => m.id === meeting.id)?.justerat_at ?? null } };
}

export function toResponse(
  row: ChangeRequestRow,
  stateValue: unknown,
  context: ChangeRequestContext,
  workflow: WorkflowInterpreter<ChangeRequestContext>,
  details: RequestDetails,
  allowedEvents: string[],
  now: Date,
): ChangeRequestResponse {
  return {
    ...toSummary(row, stateValue, workflow, context.requestingOrganisations, now),
    workflow: { id: row.workflow_id, version: row.workflow_version },
    description: context.description,
    justification: context.justification,
    requestedGoLive: context.requestedGoLive,
    stateValue,
    createdBy: context.createdBy,
    submittedBy: context.submittedBy,
    thread: details.thread,
    threadTotal: details.threadTotal,
    impactAssessment: context.impactAssessment,
    decision: decisionWithJustering(context.decision, details.meetings),
    communicationActions: details.communicationActions,
    spokespersons: details.spokespersons,
    organisationComment: context.organisationComment,
    reportNarrative: context.reportNarrative ?? null,
    communicatedAt: context.communicatedAt,
    withdrawal: context.withdrawal,
    deadlines: details.deadlines.map((d) => ({
      id: d.id,
      kind: d.kind,
      label: deadlineRules(workflow.definition).find((r) => r.kind === d.kind)?.label ?? d.kind,
      awaits: d.awaits.split(','),
      startedAt: d.started_at,
      dueAt: d.due_on,
      status: statusOf(d, stockholmDate(now)),
      metAt: d.met_at,
      metBy: d.met_by,
      pausedSince: d.paused_at,
    })),
    meetings: details.meetings.map((m) => ({ id: m.id, reference: m.reference, state: m.state, startsAt: m.starts_at, justeratAt: m.justerat_at })),
    allowedEvents,
  };
}
