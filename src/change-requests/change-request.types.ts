import type { ActorRef } from '../common/actor';
import type { DecisionMeeting } from '../meeting-store/meeting.types';

export type { DecisionMeeting };
/** Domain data of one ändringsbegäran. */
export const CHANGE_REQUEST_TYPES = ['schedule', 'scope', 'design', 'other'] as const;
export type ChangeRequestType = (typeof CHANGE_REQUEST_TYPES)[number];

export const DECISION_OUTCOMES = ['approved', 'rejected', 'approved_with_conditions'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export type Audience = 'internal' | 'external';

export type { ActorRef } from '../common/actor';

/** One entry of the dialogue thread (a row of its own). */
export interface ThreadEntry {
  /** The event that wrote it (a comment, an information request, an answer, an acknowledgement). */
  kind: string;
  text: string;
  at: string;
  by: ActorRef;
}

export interface ImpactAssessment {
  text: string;
  at: string;
  by: ActorRef;
}

export interface Decision {
  outcome: DecisionOutcome;
  rationale: string;
  meetingReference: string;
  conditions: string | null;
  /** A new planned go-live the decision sets (schedule changes), if any. */
  plannedGoLive: string | null;
  /**
   * The day the steering group decided (its meeting's date), YYYY-MM-DD; `at` is when the decision
   * was registered. Absent on decisions registered before the two were told apart.
   */
  decidedOn?: string;
  at: string;
  by: ActorRef;
  /** The meeting of programstyrgruppen the decision was taken at (absent on decisions taken before meetings were recorded). */
  meeting?: DecisionMeeting;
}


/** One planned communication action (a row of its own). */
export interface CommunicationAction {
  id: string;
  audience: Audience;
  channel: string;
  plannedAt: string | null;
  doneAt: string | null;
  doneBy: ActorRef | null;
  link: string | null;
  /** Set when the action was called off instead of carried out. */
  cancelled: CancelledAction | null;
}

export interface CancelledAction {
  at: string;
  by: ActorRef;
  reason: string;
}

export interface Spokesperson {
  name: string;
  title: string;
}

export interface Withdrawal {
  reason: string;
  at: string;
  by: ActorRef;
}

/**
 * The XState machine context, persisted in the request's snapshot: the request's own fields and
 * what the workflow's guards need. Collections that grow (the dialogue thread, communication
 * actions, spokespersons) are rows of their own; the context keeps their counts and the ids of
 * the open actions, so an event costs the same on day 1 and day 1,000.
 */
export interface ReportNarrative {
  text: string;
  at: string;
  by: ActorRef;
}

export interface ChangeRequestContext {
  title: string;
  description: string;
  type: ChangeRequestType;
  requestingOrganisations: string[];
  justification: string;
  requestedGoLive: string | null;
  createdBy: ActorRef;
  submittedBy: ActorRef | null;
  reference: string | null;
  receivedAt: string | null;
  impactAssessment: ImpactAssessment | null;
  decision: Decision | null;
  organisationComment: string | null;
  /**
   * "Kända omständigheter" as communications or VGR wrote it for the report's readers (political
   * leadership, managers, the intranet) — edited text, not the case log. Absent in snapshots
   * stored before it existed.
   */
  reportNarrative?: ReportNarrative | null;
  communicatedAt: string | null;
  withdrawal: Withdrawal | null;
  counts: { thread: number; communication: number; spokespersons: number };
  /** Planned communication actions not yet done, by id. */
  openActions: string[];
}

export type DraftFields = Pick<
  ChangeRequestContext,
  'title' | 'description' | 'type' | 'requestingOrganisations' | 'justification' | 'requestedGoLive'
>;

/** The context of a new draft: what the requester wrote, everything else still empty. */
export function newDraftContext(fields: DraftFields, createdBy: ActorRef): ChangeRequestContext {
  return {
    ...fields,
    createdBy,
    submittedBy: null,
    reference: null,
    receivedAt: null,
    impactAssessment: null,
    decision: null,
    organisationComment: null,
    reportNarrative: null,
    communicatedAt: null,
    withdrawal: null,
    counts: { thread: 0, communication: 0, spokespersons: 0 },
    openActions: [],
  };
}
