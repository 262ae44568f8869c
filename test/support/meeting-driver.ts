import { getAdjacencyMap } from 'xstate/graph';
import type { AnyMachineSnapshot } from 'xstate';
import type { Actor } from '../../src/common/actor';
import type { Role } from '../../src/common/roles';
import type { MeetingContext, RosterMember } from '../../src/meeting-store/meeting.types';
import demoRoster from '../../src/meetings/demo-roster.json';
import type { WorkflowInterpreter } from '../../src/workflow/workflow-interpreter';
import type { MachineEvent } from '../../src/workflow/workflow.types';
import { sourceOf, type TakenTransition } from './workflow-driver';

const ROSTER: RosterMember[] = (demoRoster as Omit<RosterMember, 'name'>[]).map((m) => ({ ...m, name: m.id }));
const ORDINARY = ROSTER.filter((m) => m.kind === 'ordinary').map((m) => m.id);
const SHA = 'a'.repeat(64);
const AT = '2024-10-11T08:00:00.000Z';

/** A planned meeting of the demo roster with no agenda yet. */
export function plannedMeeting(): MeetingContext {
  return {
    reference: 'PSG 2024-10-11',
    title: 'Programstyrgruppen Millennium',
    startsAt: AT,
    place: null,
    createdBy: { id: 'vgr.handlaggare', name: 'VGR', organisationId: 'vgr', role: 'vgr' },
    rules: { quorumShare: 0.5, majority: 'simple' },
    roster: ROSTER,
    present: [],
    justerare: null,
    openedAt: null,
    closedAt: null,
    agenda: [],
    signatures: [],
    protocolSha256: null,
    justeratAt: null,
    cancellation: null,
  };
}

function actor(id: string, role: Role): Actor {
  return { id, name: id, role, organisationId: role === 'vgr' ? 'vgr' : 'programstyrgruppen', actsFor: [role === 'vgr' ? 'vgr' : 'programstyrgruppen'] };
}

/** Who sends meeting events in the exploration: the secretary, the chair, the justerare and another member. */
const ACTORS = [actor('vgr.handlaggare', 'vgr'), actor('styrgrupp.ordforande', 'steering_group'), actor('styrgrupp.ledamot', 'steering_group'), actor('styrgrupp.leverantor', 'steering_group')];

/**
 * One event with the payload and the facts its preparations would give: the item on the agenda
 * has been decided with every member present (so a reservation is possible), and the protocol's
 * sha256 is the one the signatory was shown.
 */
function meetingEvent(type: string, who: Actor, context: MeetingContext): MachineEvent {
  const decided = { decided: context.agenda.length > 0 && context.openedAt !== null, participants: ORDINARY };
  const payloads: Record<string, { payload: Record<string, unknown>; facts: Record<string, unknown> }> = {
    ADD_TO_AGENDA: {
      payload: { changeRequestId: 'cr-1' },
      facts: { item: { changeRequestId: 'cr-1', reference: 'VGR-2024-0001', title: 'Senare anslutning', parties: ['sjuharad', 'vastkom'] } },
    },
    OPEN: { payload: { present: ORDINARY, justerare: 'styrgrupp.ledamot' }, facts: {} },
    UPDATE_ATTENDANCE: { payload: { present: ORDINARY.slice(0, 3) }, facts: {} },
    DECLARE_RECUSAL: { payload: { changeRequestId: 'cr-1', memberId: who.id, reason: 'Part i ärendet' }, facts: { decision: { decided: false, participants: [] } } },
    RECORD_RESERVATION: { payload: { changeRequestId: 'cr-1', text: 'Reservation' }, facts: { decision: decided } },
    CLOSE: { payload: {}, facts: { protocolSha256: SHA } },
    SIGN: { payload: { protocolSha256: SHA }, facts: { protocolSha256: SHA, signatureMethod: 'inloggad-anvandare' } },
    CANCEL: { payload: { reason: 'Inställt' }, facts: {} },
  };
  const chosen = payloads[type] ?? { payload: {}, facts: {} };
  return { type, actor: who, at: AT, payload: chosen.payload, facts: chosen.facts };
}

/**
 * Every transition the meeting machine takes from its reachable states (xstate/graph), every
 * event offered by each of the exploring actors with the facts its preparations give; states are
 * told apart by value and by what the guards look at (agenda, signatures, reservations, jäv).
 */
export function exploreMeetingTransitions(workflow: WorkflowInterpreter<MeetingContext>): Map<string, TakenTransition> {
  const def = workflow.definition;
  const events = (snapshot: AnyMachineSnapshot) => {
    const context = snapshot.context as MeetingContext;
    if ((context.agenda[0]?.reservations.length ?? 0) > 1) return [];
    return Object.keys(def.events).flatMap((type) => ACTORS.map((who) => meetingEvent(type, who, context)));
  };
  const adjacency = getAdjacencyMap(workflow.machine, {
    input: plannedMeeting(),
    events: events as never,
    serializeState: (snapshot) => {
      const c = (snapshot as AnyMachineSnapshot).context as MeetingContext;
      const item = c.agenda[0];
      return JSON.stringify([snapshot.value, c.agenda.length, c.signatures.map((s) => s.memberId), item?.recusals.length ?? 0, item?.reservations.length ?? 0]);
    },
    serializeEvent: (event) => JSON.stringify([event.type, (event as unknown as MachineEvent).actor.id]),
  });
  const taken = new Map<string, TakenTransition>();
  for (const node of Object.values(adjacency)) {
    const state = node.state as AnyMachineSnapshot;
    const restored = { snapshot: state, value: state.value, context: state.context as MeetingContext };
    for (const transition of Object.values(node.transitions) as { event: MachineEvent }[]) {
      const decision = workflow.decide(restored, transition.event);
      if (!decision.ok) continue;
      const key = `${sourceOf(def, state.value, transition.event.type)} ${transition.event.type}`;
      if (!taken.has(key)) taken.set(key, { from: state.value, to: decision.next.stateValue });
    }
  }
  return taken;
}
