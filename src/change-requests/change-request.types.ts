/** Domain data of one ändringsbegäran. It is the XState machine context, persisted in the snapshot. */
export const CHANGE_REQUEST_TYPES = ['schedule', 'scope', 'design', 'other'] as const;
export type ChangeRequestType = (typeof CHANGE_REQUEST_TYPES)[number];

export const DECISION_OUTCOMES = ['approved', 'rejected', 'approved_with_conditions'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export type Audience = 'internal' | 'external';

export interface ActorRef {
  id: string;
  name: string;
  organisationId: string;
  role: string;
}

export interface ThreadEntry {
  /** COMMENT, REQUEST_INFO, PROVIDE_INFO or ACKNOWLEDGE (with comment). */
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
  at: string;
  by: ActorRef;
}

export interface CommunicationAction {
  id: string;
  audience: Audience;
  channel: string;
  plannedAt: string | null;
  doneAt: string | null;
  doneBy: ActorRef | null;
  link: string | null;
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
  thread: ThreadEntry[];
  impactAssessment: ImpactAssessment | null;
  decision: Decision | null;
  communicationActions: CommunicationAction[];
  spokespersons: Spokesperson[];
  organisationComment: string | null;
  communicatedAt: string | null;
  withdrawal: Withdrawal | null;
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
    thread: [],
    impactAssessment: null,
    decision: null,
    communicationActions: [],
    spokespersons: [],
    organisationComment: null,
    communicatedAt: null,
    withdrawal: null,
  };
}
