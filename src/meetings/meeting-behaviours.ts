import { actorRef, text } from '../change-requests/change-request-behaviours';
import { dutyHolder } from '../common/actor';
import type { ActionBehaviour, BehaviourRegistry, GuardBehaviour } from '../workflow/behaviours';
import type { MachineEvent } from '../workflow/workflow.types';
import type { AgendaItem, MeetingContext, RosterMember } from '../meeting-store/meeting.types';

/**
 * The meeting half of workflows of kind `meeting` (workflows/sammantrade.json). Guards are pure:
 * what they need beyond the meeting's context comes from the event's preparations as facts
 * (`facts.decision` for an item, `facts.protocolSha256`); before a preparation has run (when the
 * API works out which events are allowed) a guard that needs a fact lets the event through, and
 * the service decides again with the facts. Likewise a guard about the item or member the
 * payload names passes when the payload names none: the allowed events are asked without one.
 */

type C = MeetingContext;

export function memberOf(context: C, id: string): RosterMember | undefined {
  return context.roster.find((m) => m.id === id);
}

export function chairOf(context: C): RosterMember | undefined {
  return context.roster.find((m) => m.chair);
}

function itemOf(context: C, event: MachineEvent): AgendaItem | undefined {
  return context.agenda.find((i) => i.changeRequestId === event.payload.changeRequestId);
}

/** The decision of an item as its change request recorded it (facts.decision), if decided at this meeting. */
interface ItemDecisionFact {
  decided: boolean;
  participants: string[];
}

function decisionFact(event: MachineEvent): ItemDecisionFact | undefined {
  return event.facts.decision as ItemDecisionFact | undefined;
}

function isChair(context: C, event: MachineEvent): boolean {
  return chairOf(context)?.id === dutyHolder(event.actor);
}

const GUARDS: Record<string, GuardBehaviour<C>> = {
  /** VGR (the programme office keeps the minutes) or the chair. */
  chairOrSecretary: {
    category: 'forbidden',
    test: (context, event) => event.actor.role === 'vgr' || isChair(context, event),
    message: () => 'Only the chair or VGR (the secretary) may do this',
  },
  /** VGR, the chair, or the member concerned (payload memberId). */
  chairSecretaryOrMember: {
    category: 'forbidden',
    test: (context, event) =>
      event.actor.role === 'vgr' ||
      isChair(context, event) ||
      (event.payload.memberId === undefined ? !!memberOf(context, dutyHolder(event.actor)) : dutyHolder(event.actor) === event.payload.memberId),
    message: () => 'Only the member concerned, the chair or VGR may declare jäv',
  },
  notOnAgenda: {
    category: 'precondition',
    test: (context, event) => !itemOf(context, event),
    message: () => 'The change request is already on the agenda',
  },
  onAgenda: {
    category: 'precondition',
    test: (context, event) => event.payload.changeRequestId === undefined || !!itemOf(context, event),
    message: () => 'The change request is not on this meeting\'s agenda',
  },
  memberOnRoster: {
    category: 'precondition',
    test: (context, event) => event.payload.memberId === undefined || !!memberOf(context, String(event.payload.memberId)),
    message: (_context, event) => `"${String(event.payload.memberId)}" is not on programstyrgruppen's roster`,
  },
  notRecused: {
    category: 'precondition',
    test: (context, event) => !itemOf(context, event)?.recusals.some((r) => r.memberId === event.payload.memberId),
    message: () => 'The member has already declared jäv on this item',
  },
  itemUndecided: {
    category: 'precondition',
    test: (_context, event) => !decisionFact(event)?.decided,
    message: () => 'The item has already been decided; jäv is declared before the decision',
  },
  /** A reservation is entered by a member who took part in the decision. */
  participatedInDecision: {
    category: 'forbidden',
    test: (_context, event) => {
      const fact = decisionFact(event);
      return fact === undefined || (fact.decided && fact.participants.includes(dutyHolder(event.actor)));
    },
    message: (_context, event) =>
      decisionFact(event)?.decided === false
        ? 'The item has not been decided at this meeting; a reservation is entered against a decision'
        : 'Only a member who took part in the decision may enter a reservation against it',
  },
  /** The justerare named at the opening is a member who is present. */
  justerareIsPresentMember: {
    category: 'precondition',
    test: (context, event) => {
      if (event.payload.justerare === undefined) return true;
      const id = String(event.payload.justerare);
      const present = event.payload.present as string[] | undefined;
      return !!memberOf(context, id) && (present === undefined || present.includes(id)) && chairOf(context)?.id !== id;
    },
    message: () => 'The justerare must be a member present at the meeting, other than the chair',
  },
  /** The chair and the justerare sign the minutes. */
  designatedSignatory: {
    category: 'forbidden',
    test: (context, event) => {
      const who = dutyHolder(event.actor);
      return who === chairOf(context)?.id || who === context.justerare;
    },
    message: () => 'Only the chair and the designated justerare sign the minutes',
  },
  notYetSigned: {
    category: 'precondition',
    test: (context, event) => !context.signatures.some((s) => s.memberId === dutyHolder(event.actor)),
    message: () => 'You have already signed these minutes; the other signatory has not',
  },
  /** The signer signs the protocol as it stands now (the sha256 they were shown). */
  protocolCurrent: {
    category: 'precondition',
    test: (_context, event) => event.facts.protocolSha256 === undefined || event.facts.protocolSha256 === event.payload.protocolSha256,
    message: (_context, event) =>
      `The protocol has changed since it was shown (now sha256 ${String(event.facts.protocolSha256)}); read it again and sign that`,
  },
};

function member(context: C, event: MachineEvent): RosterMember {
  return memberOf(context, dutyHolder(event.actor))!;
}

const ACTIONS: Record<string, ActionBehaviour<C>> = {
  addAgendaItem: {
    update: (context, event) => ({ agenda: [...context.agenda, { ...(event.facts.item as AgendaItem), recusals: [], reservations: [] }] }),
  },
  recordOpening: {
    update: (_context, event) => ({
      present: (event.payload.present as string[]).slice(),
      justerare: String(event.payload.justerare),
      openedAt: event.at,
    }),
  },
  recordAttendance: { update: (_context, event) => ({ present: (event.payload.present as string[]).slice() }) },
  recordRecusal: {
    update: (context, event) => ({
      agenda: context.agenda.map((item) =>
        item.changeRequestId !== event.payload.changeRequestId
          ? item
          : {
              ...item,
              recusals: [
                ...item.recusals,
                {
                  memberId: String(event.payload.memberId),
                  name: memberOf(context, String(event.payload.memberId))?.name ?? String(event.payload.memberId),
                  reason: text(event, 'reason'),
                  at: event.at,
                  by: actorRef(event),
                },
              ],
            },
      ),
    }),
  },
  recordReservation: {
    update: (context, event) => ({
      agenda: context.agenda.map((item) =>
        item.changeRequestId !== event.payload.changeRequestId
          ? item
          : {
              ...item,
              reservations: [
                ...item.reservations,
                { memberId: dutyHolder(event.actor), name: memberOf(context, dutyHolder(event.actor))?.name ?? event.actor.name, text: text(event, 'text'), at: event.at },
              ],
            },
      ),
    }),
  },
  /** A changed protocol: earlier signatures no longer hold. */
  voidSignatures: { update: () => ({ signatures: [] }) },
  recordClosing: { update: (_context, event) => ({ closedAt: event.at, protocolSha256: String(event.facts.protocolSha256) }) },
  recordSignature: {
    update: (context, event) => {
      const signer = member(context, event);
      return {
        protocolSha256: String(event.facts.protocolSha256 ?? event.payload.protocolSha256),
        signatures: [
          ...context.signatures,
          {
            memberId: signer.id,
            name: signer.name,
            capacity: signer.chair ? 'chair' : 'justerare',
            protocolSha256: String(event.payload.protocolSha256),
            at: event.at,
            method: String(event.facts.signatureMethod ?? 'inloggad-anvandare'),
            signedBy: actorRef(event),
          },
        ],
      };
    },
  },
  recordJustering: { update: (_context, event) => ({ justeratAt: event.at }) },
  /** Expediering: the adjusted decisions go to each requesting organisation and VästKom. */
  dispatchDecisions: { effect: true },
  recordCancellation: { update: (_context, event) => ({ cancellation: { reason: text(event, 'reason'), at: event.at, by: actorRef(event) } }) },
};

export const MEETING_PREPARATIONS = ['checkAgendaItem', 'checkAttendance', 'loadItemDecision', 'sealProtocol'] as const;
export type MeetingPreparation = (typeof MEETING_PREPARATIONS)[number];
export const MEETING_EFFECTS = ['dispatchDecisions'] as const;
export type MeetingEffect = (typeof MEETING_EFFECTS)[number];

export const MEETING_BEHAVIOURS: BehaviourRegistry<C> = {
  kind: 'meeting',
  guards: GUARDS,
  actions: ACTIONS,
  preparations: MEETING_PREPARATIONS,
  checkSettings(settings) {
    const share = (settings?.quorum as { moreThanShareOfOrdinaryMembers?: unknown } | undefined)?.moreThanShareOfOrdinaryMembers;
    const problems: { path: string; message: string }[] = [];
    if (typeof share !== 'number' || share < 0 || share >= 1) {
      problems.push({ path: '$.settings.quorum.moreThanShareOfOrdinaryMembers', message: 'must be a number from 0 up to (not including) 1' });
    }
    if (settings?.majority !== 'simple') problems.push({ path: '$.settings.majority', message: 'must be "simple"' });
    return problems;
  },
};
