import type {
  ActorRef,
  ChangeRequestContext,
  CommunicationAction,
  DecisionOutcome,
} from '../change-requests/change-request.types';
import type { MachineEvent, WorkflowDefinition } from './workflow.types';

/**
 * The code half of a workflow: guards, context updates and effects that workflows/*.json name.
 * Everything here is pure — every fact a guard needs is in the event or the context.
 */

export type GuardCategory = 'forbidden' | 'precondition';

export interface GuardBehaviour {
  /** forbidden → 403 (who may act), precondition → 409 (what must be true first). */
  category: GuardCategory;
  test(context: ChangeRequestContext, event: MachineEvent, params: Record<string, unknown>): boolean;
  message(context: ChangeRequestContext, event: MachineEvent): string;
}

export type ContextUpdate = (
  context: ChangeRequestContext,
  event: MachineEvent,
  params: Record<string, unknown>,
  definition: WorkflowDefinition,
) => Partial<ChangeRequestContext>;

export function actorRef(event: MachineEvent): ActorRef {
  const { id, name, organisationId, role } = event.actor;
  return { id, name, organisationId, role };
}

function text(event: MachineEvent, field: string): string {
  return String(event.payload[field]).trim();
}

function optionalText(event: MachineEvent, field: string): string | null {
  const value = event.payload[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export const GUARDS: Record<string, GuardBehaviour> = {
  /** A municipality user acts only for a requesting organisation (or, as kommunalförbund, a member). */
  actsForRequester: {
    category: 'forbidden',
    test: (context, event) =>
      event.actor.role !== 'municipality' ||
      context.requestingOrganisations.some((org) => event.actor.actsFor.includes(org)),
    message: () => 'Your organisation is not a requesting organisation of this change request',
  },
  /** Segregation of duties: whoever submitted a request may not decide it. */
  notSubmitter: {
    category: 'forbidden',
    test: (context, event) => context.submittedBy?.id !== event.actor.id,
    message: () => 'The person who submitted a change request may not decide it',
  },
  hasImpactAssessment: {
    category: 'precondition',
    test: (context) => context.impactAssessment !== null,
    message: () => 'An impact assessment must be recorded before the steering group decides',
  },
  /** With an actionId: that action exists and is open. Without: some action is open. */
  communicationActionOpen: {
    category: 'precondition',
    test: (context, event) => {
      const id = event.payload.actionId;
      return context.communicationActions.some(
        (action) => action.doneAt === null && (id === undefined || action.id === id),
      );
    },
    message: (_context, event) =>
      event.payload.actionId === undefined
        ? 'There is no open communication action'
        : `Communication action "${String(event.payload.actionId)}" does not exist or is already done`,
  },
  allCommunicationDone: {
    category: 'precondition',
    test: (context) => context.communicationActions.every((action) => action.doneAt !== null),
    message: (context) => {
      const open = context.communicationActions.filter((a) => a.doneAt === null).map((a) => a.id);
      return `Planned communication actions are still open: ${open.join(', ')}`;
    },
  },
};

/** The calendar date of an instant in Swedish time, YYYY-MM-DD. */
export function stockholmDate(iso: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(iso));
}

function nextActionId(actions: CommunicationAction[]): string {
  return `k${actions.length + 1}`;
}

function isApproval(outcome: DecisionOutcome | undefined): boolean {
  return outcome === 'approved' || outcome === 'approved_with_conditions';
}

export const CONTEXT_UPDATES: Record<string, ContextUpdate> = {
  applyEdit: (_context, event) => {
    const edit: Partial<ChangeRequestContext> = {};
    const p = event.payload;
    if (typeof p.title === 'string') edit.title = p.title.trim();
    if (typeof p.description === 'string') edit.description = p.description.trim();
    if (typeof p.justification === 'string') edit.justification = p.justification.trim();
    if (typeof p.requestType === 'string') edit.type = p.requestType as ChangeRequestContext['type'];
    if (Array.isArray(p.requestingOrganisations)) {
      edit.requestingOrganisations = p.requestingOrganisations.map(String);
    }
    if (p.requestedGoLive !== undefined) edit.requestedGoLive = (p.requestedGoLive as string) ?? null;
    return edit;
  },
  recordSubmission: (_context, event) => ({
    submittedBy: actorRef(event),
    reference: event.facts.reference ?? null,
    receivedAt: event.facts.receivedAt ?? event.at,
  }),
  recordAcknowledgement: (context, event) => {
    const comment = optionalText(event, 'comment');
    if (comment === null) return {};
    return {
      thread: [...context.thread, { kind: 'ACKNOWLEDGE', text: comment, at: event.at, by: actorRef(event) }],
    };
  },
  appendComment: (context, event) => ({
    thread: [...context.thread, { kind: 'COMMENT', text: text(event, 'text'), at: event.at, by: actorRef(event) }],
  }),
  appendInfoRequest: (context, event) => ({
    thread: [
      ...context.thread,
      { kind: 'REQUEST_INFO', text: text(event, 'text'), at: event.at, by: actorRef(event) },
    ],
  }),
  appendInfoProvided: (context, event) => ({
    thread: [
      ...context.thread,
      { kind: 'PROVIDE_INFO', text: text(event, 'text'), at: event.at, by: actorRef(event) },
    ],
  }),
  recordImpact: (_context, event) => ({
    impactAssessment: { text: text(event, 'text'), at: event.at, by: actorRef(event) },
  }),
  recordDecision: (_context, event) => ({
    decision: {
      outcome: event.payload.outcome as DecisionOutcome,
      rationale: text(event, 'rationale'),
      meetingReference: text(event, 'meetingReference'),
      conditions: optionalText(event, 'conditions'),
      plannedGoLive: optionalText(event, 'plannedGoLive'),
      at: event.at,
      by: actorRef(event),
    },
  }),
  applyDefaultCommunicationPlan: (context, event, _params, definition) => {
    const actions = [...context.communicationActions];
    const plannedAt = stockholmDate(event.at);
    for (const item of definition.defaultCommunicationPlan ?? []) {
      actions.push({
        id: nextActionId(actions),
        audience: item.audience,
        channel: item.channel,
        plannedAt,
        doneAt: null,
        doneBy: null,
        link: null,
      });
    }
    return { communicationActions: actions };
  },
  addCommunicationAction: (context, event) => ({
    communicationActions: [
      ...context.communicationActions,
      {
        id: nextActionId(context.communicationActions),
        audience: event.payload.audience as CommunicationAction['audience'],
        channel: text(event, 'channel'),
        plannedAt: optionalText(event, 'plannedAt'),
        doneAt: null,
        doneBy: null,
        link: null,
      },
    ],
  }),
  markCommunicationDone: (context, event) => ({
    communicationActions: context.communicationActions.map((action) =>
      action.id === event.payload.actionId
        ? { ...action, doneAt: event.at, doneBy: actorRef(event), link: optionalText(event, 'link') }
        : action,
    ),
  }),
  addSpokesperson: (context, event) => ({
    spokespersons: [...context.spokespersons, { name: text(event, 'name'), title: text(event, 'title') }],
  }),
  recordOrganisationComment: (_context, event) => ({ organisationComment: text(event, 'text') }),
  recordCommunicated: (_context, event) => ({ communicatedAt: event.at }),
  recordWithdrawal: (_context, event) => ({
    withdrawal: { reason: text(event, 'reason'), at: event.at, by: actorRef(event) },
  }),
};

/**
 * Effects change data outside the request (the rollout plan). The engine reports them; the service
 * carries them out in the same database transaction as the state change.
 */
export const EFFECTS = ['updateRolloutPlan'] as const;
export type EffectName = (typeof EFFECTS)[number];

/** The go-live date an approved schedule decision moves the requesting organisations to, if any. */
export function decidedGoLive(context: ChangeRequestContext): string | null {
  if (context.type !== 'schedule' || !isApproval(context.decision?.outcome)) return null;
  return context.decision?.plannedGoLive ?? context.requestedGoLive ?? null;
}
