import { stockholmDate } from '../calendar';
import type { ActionBehaviour, BehaviourRegistry, GuardBehaviour } from '../workflow/behaviours';
import type { MachineEvent } from '../workflow/workflow.types';
import { dutyHolder } from '../common/actor';
import type { MeetingFact } from '../meeting-store/meeting-facts';
import type { ActorRef, Audience, ChangeRequestContext, DecisionMeeting, DecisionOutcome } from './change-request.types';

/**
 * The change-request half of a workflow definition: the guards, context updates and effects that
 * workflows of kind `change_request` name. Guards and updates are pure; effects are carried out on
 * the database by ChangeRequestEffects in the same transaction.
 */

type C = ChangeRequestContext;

export function actorRef(event: MachineEvent): ActorRef {
  const { id, name, organisationId, role, onBehalfOf } = event.actor;
  return onBehalfOf ? { id, name, organisationId, role, onBehalfOf } : { id, name, organisationId, role };
}

export function text(event: MachineEvent, field: string): string {
  return String(event.payload[field]).trim();
}

export function optionalText(event: MachineEvent, field: string): string | null {
  const value = event.payload[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export interface PlannedAction {
  audience: Audience;
  channel: string;
}

/** The default communication plan a definition's settings give (seed 002's five actions). */
export function defaultPlan(settings: Record<string, unknown> | undefined): PlannedAction[] {
  return (settings?.defaultCommunicationPlan as PlannedAction[] | undefined) ?? [];
}

export function actionId(n: number): string {
  return `k${n}`;
}

export function meetingFact(event: MachineEvent): MeetingFact | undefined {
  return event.facts.meeting as MeetingFact | undefined;
}

const GUARDS: Record<string, GuardBehaviour<C>> = {
  /** A municipality user acts only for a requesting organisation (or, as kommunalförbund, a member). */
  actsForRequester: {
    category: 'forbidden',
    test: (context, event) =>
      event.actor.role !== 'municipality' ||
      context.requestingOrganisations.some((org) => event.actor.actsFor.includes(org)),
    message: () => 'Your organisation is not a requesting organisation of this change request',
  },
  /** Segregation of duties: whoever submitted a request may not decide it, nor act for the decider. */
  notSubmitter: {
    category: 'forbidden',
    test: (context, event) => context.submittedBy?.id !== event.actor.id && context.submittedBy?.id !== event.actor.onBehalfOf?.id,
    message: () => 'The person who submitted a change request may not decide it',
  },
  /** The decision is taken at an opened meeting of programstyrgruppen (`meetingId`). */
  meeting: {
    category: 'precondition',
    test: (_context, event) => {
      const m = meetingFact(event);
      return m === undefined || (m.found && m.state === 'opened');
    },
    message: (_context, event) => {
      const m = meetingFact(event)!;
      if (!m.id) return 'Beslut fattas på ett öppnat sammanträde med programstyrgruppen: ange meetingId';
      if (!m.found) return `Sammanträdet ${m.id} finns inte`;
      return `Sammanträdet ${m.reference} är inte öppnat (läge: ${m.stateLabel}); beslut fattas medan det pågår`;
    },
  },
  /** The request stands on the meeting's agenda. */
  agenda: {
    category: 'precondition',
    test: (_context, event) => meetingFact(event)?.onAgenda !== false,
    message: (_context, event) => `Ärendet står inte på föredragningslistan för ${meetingFact(event)!.reference}`,
  },
  /** A member who has declared jäv on the item takes no part in deciding it. */
  notRecusedOnItem: {
    category: 'forbidden',
    test: (_context, event) => !meetingFact(event)?.recused.some((r) => r.memberId === dutyHolder(event.actor)),
    message: () => 'Du har anmält jäv i ärendet och deltar inte i beslutet',
  },
  /** Beslutsförhet: enough members take part in the item (SPEC §10, the meeting's rules). */
  quorum: {
    category: 'precondition',
    test: (_context, event) => meetingFact(event)?.quorate !== false,
    message: (_context, event) => {
      const m = meetingFact(event)!;
      return `${m.participants.length} av ${m.ordinaryMembers} närvarande; minst ${m.required} krävs`;
    },
  },
  /** The decision is registered by a member who takes part in it. */
  participatesInItem: {
    category: 'forbidden',
    test: (_context, event) => {
      const m = meetingFact(event);
      return m === undefined || m.participants.some((p) => p.id === dutyHolder(event.actor));
    },
    message: () => 'Endast en ledamot som deltar i beslutet kan registrera det',
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
      return id === undefined ? context.openActions.length > 0 : context.openActions.includes(String(id));
    },
    message: (_context, event) =>
      event.payload.actionId === undefined
        ? 'There is no open communication action'
        : `Communication action "${String(event.payload.actionId)}" does not exist or is already done or cancelled`,
  },
  /** Every action is done or cancelled. */
  allCommunicationDone: {
    category: 'precondition',
    test: (context) => context.openActions.length === 0,
    message: (context) => `Planned communication actions are still open: ${context.openActions.join(', ')}`,
  },
};

/** The text an appendToThread action records: payload field `params.field` (default `text`). */
export function threadText(event: MachineEvent, params: Record<string, unknown>): string | null {
  return optionalText(event, typeof params.field === 'string' ? params.field : 'text');
}

const ACTIONS: Record<string, ActionBehaviour<C>> = {
  applyEdit: {
    update: (_context, event) => {
      const edit: Partial<C> = {};
      const p = event.payload;
      if (typeof p.title === 'string') edit.title = p.title.trim();
      if (typeof p.description === 'string') edit.description = p.description.trim();
      if (typeof p.justification === 'string') edit.justification = p.justification.trim();
      if (typeof p.requestType === 'string') edit.type = p.requestType as C['type'];
      if (Array.isArray(p.requestingOrganisations)) edit.requestingOrganisations = p.requestingOrganisations.map(String).sort();
      if (p.requestedGoLive !== undefined) edit.requestedGoLive = (p.requestedGoLive as string | null) ?? null;
      return edit;
    },
  },
  /** Who submitted, and the registration number and received-at from assignReference. */
  recordSubmission: {
    update: (_context, event) => ({
      submittedBy: actorRef(event),
      reference: typeof event.facts.reference === 'string' ? event.facts.reference : null,
      receivedAt: typeof event.facts.receivedAt === 'string' ? event.facts.receivedAt : event.at,
    }),
  },
  /** One entry of the dialogue thread (its kind is the event); nothing when the text is empty. */
  appendToThread: {
    update: (context, event, params) =>
      threadText(event, params) === null ? {} : { counts: { ...context.counts, thread: context.counts.thread + 1 } },
    effect: true,
  },
  recordImpact: {
    update: (_context, event) => ({ impactAssessment: { text: text(event, 'text'), at: event.at, by: actorRef(event) } }),
  },
  recordDecision: {
    update: (_context, event) => {
      const m = meetingFact(event);
      const votes = event.payload.votes as DecisionMeeting['votes'] | undefined;
      return {
        decision: {
          outcome: event.payload.outcome as DecisionOutcome,
          rationale: text(event, 'rationale'),
          meetingReference: optionalText(event, 'meetingReference') ?? m?.reference ?? '',
          conditions: optionalText(event, 'conditions'),
          plannedGoLive: optionalText(event, 'plannedGoLive'),
          decidedOn: optionalText(event, 'decidedOn') ?? m?.startsOn ?? stockholmDate(new Date(event.at)),
          at: event.at,
          by: actorRef(event),
          ...(m?.found
            ? {
                meeting: {
                  id: m.id,
                  reference: m.reference,
                  participants: m.participants,
                  ordinaryMembers: m.ordinaryMembers,
                  required: m.required,
                  recused: m.recused,
                  votes: votes ? { for: votes.for, against: votes.against, abstain: votes.abstain } : null,
                },
              }
            : {}),
        },
      };
    },
  },
  /** The definition's default plan (settings.defaultCommunicationPlan), planned on the decision's date. */
  applyDefaultCommunicationPlan: {
    update: (context, _event, _params, definition) => {
      const plan = defaultPlan(definition.settings);
      const ids = plan.map((_, i) => actionId(context.counts.communication + i + 1));
      return {
        counts: { ...context.counts, communication: context.counts.communication + plan.length },
        openActions: [...context.openActions, ...ids],
      };
    },
    effect: true,
  },
  addCommunicationAction: {
    update: (context) => ({
      counts: { ...context.counts, communication: context.counts.communication + 1 },
      openActions: [...context.openActions, actionId(context.counts.communication + 1)],
    }),
    effect: true,
  },
  markCommunicationDone: {
    update: (context, event) => ({ openActions: context.openActions.filter((id) => id !== event.payload.actionId) }),
    effect: true,
  },
  /** A new planned date for an open action. */
  rescheduleCommunicationAction: { effect: true },
  /** An open action that will not be carried out: no longer open, kept with its reason. */
  cancelCommunicationAction: {
    update: (context, event) => ({ openActions: context.openActions.filter((id) => id !== event.payload.actionId) }),
    effect: true,
  },
  addSpokesperson: {
    update: (context) => ({ counts: { ...context.counts, spokespersons: context.counts.spokespersons + 1 } }),
    effect: true,
  },
  recordOrganisationComment: { update: (_context, event) => ({ organisationComment: text(event, 'text') }) },
  recordReportNarrative: { update: (_context, event) => ({ reportNarrative: { text: text(event, 'text'), at: event.at, by: actorRef(event) } }) },
  recordCommunicated: { update: (_context, event) => ({ communicatedAt: event.at }) },
  recordWithdrawal: {
    update: (_context, event) => ({ withdrawal: { reason: text(event, 'reason'), at: event.at, by: actorRef(event) } }),
  },
  /** An approved schedule change moves (or postpones) the requesting organisations' go-live. */
  updateRolloutPlan: { effect: true },
};

export const PREPARATIONS = ['assignReference', 'checkRequestingOrganisations', 'checkMeeting'] as const;
export type PreparationName = (typeof PREPARATIONS)[number];

/** The actions above that are effects; ChangeRequestEffects implements each. */
export const EFFECTS = [
  'appendToThread',
  'applyDefaultCommunicationPlan',
  'addCommunicationAction',
  'markCommunicationDone',
  'rescheduleCommunicationAction',
  'cancelCommunicationAction',
  'addSpokesperson',
  'updateRolloutPlan',
] as const;
export type EffectName = (typeof EFFECTS)[number];

export const CHANGE_REQUEST_BEHAVIOURS: BehaviourRegistry<C> = {
  kind: 'change_request',
  guards: GUARDS,
  actions: ACTIONS,
  preparations: PREPARATIONS,
  checkSettings(settings) {
    const plan = settings?.defaultCommunicationPlan;
    if (plan === undefined) return [];
    if (!Array.isArray(plan)) return [{ path: '$.settings.defaultCommunicationPlan', message: 'must be a list' }];
    return plan.flatMap((item: unknown, i) => {
      const a = item as Partial<PlannedAction> | null;
      return a && (a.audience === 'internal' || a.audience === 'external') && typeof a.channel === 'string'
        ? []
        : [{ path: `$.settings.defaultCommunicationPlan[${i}]`, message: 'needs audience internal|external and a channel' }];
    });
  },
};

/** The go-live an approved schedule decision gives the requesting organisations: a date, or null for "later, not dated". */
export function decidedGoLive(context: C): { date: string | null } | null {
  const outcome = context.decision?.outcome;
  if (context.type !== 'schedule' || (outcome !== 'approved' && outcome !== 'approved_with_conditions')) return null;
  return { date: context.decision?.plannedGoLive ?? context.requestedGoLive ?? null };
}
