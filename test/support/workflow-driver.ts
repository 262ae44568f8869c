import { getAdjacencyMap } from 'xstate/graph';
import type { AnyMachineSnapshot } from 'xstate';
import type { Actor } from '../../src/common/actor';
import type { Role } from '../../src/common/roles';
import { newDraftContext, type ChangeRequestContext } from '../../src/change-requests/change-request.types';
import type { WorkflowInterpreter } from '../../src/workflow/workflow-interpreter';
import { ancestors, leafPath, stateAt } from '../../src/workflow/workflow-paths';
import type { MachineEvent, WorkflowDefinition } from '../../src/workflow/workflow.types';

/** Test actors, one per role; the municipality user acts for Sjuhärad and its members. */
export function actorFor(role: Role): Actor {
  const organisation: Record<Role, string> = {
    municipality: 'sjuharad',
    vastkom: 'vastkom',
    vgr: 'vgr',
    steering_group: 'programstyrgruppen',
    communications: 'koncernstab-kommunikation',
    auditor: 'vgr',
    admin: 'vgr',
  };
  return {
    id: `test.${role}`,
    name: `Test ${role}`,
    role,
    organisationId: organisation[role],
    actsFor: role === 'municipality' ? ['sjuharad', 'boras', 'mark'] : [organisation[role]],
  };
}

export function draftContext(): ChangeRequestContext {
  return newDraftContext(
    {
      title: 'Senare anslutning',
      description: 'Sjuhärads kommuner behöver mer tid',
      type: 'schedule',
      requestingOrganisations: ['sjuharad'],
      justification: 'Kommunerna är inte redo',
      requestedGoLive: null,
    },
    { id: 'test.municipality', name: 'Test', organisationId: 'sjuharad', role: 'municipality' },
  );
}

type Schema = {
  properties?: Record<string, { type?: string | string[]; enum?: string[]; format?: string; items?: unknown }>;
  required?: string[];
};

/**
 * A valid payload for an event, generated from its schema: every required field plus any field the
 * schema makes conditionally required (approved_with_conditions needs conditions, so the first enum
 * value is chosen). `actionId` is the first of the open communication actions.
 */
export function samplePayload(def: WorkflowDefinition, type: string, openActions: string[]): Record<string, unknown> {
  const schema = def.events[type].payload as Schema;
  const payload: Record<string, unknown> = {};
  for (const field of schema.required ?? []) {
    const prop = schema.properties?.[field] ?? {};
    if (field === 'actionId') payload[field] = openActions[0] ?? 'k1';
    else if (prop.enum) payload[field] = prop.enum[0];
    else if (prop.format === 'date') payload[field] = '2025-11-12';
    else if (prop.format === 'uri') payload[field] = 'https://www.vgregion.se/';
    else payload[field] = `Text för ${field}`;
  }
  return payload;
}

export const AT = '2024-10-11T13:20:00.000Z';

export function machineEvent(def: WorkflowDefinition, type: string, role: Role, context: ChangeRequestContext): MachineEvent {
  return {
    type,
    actor: actorFor(role),
    at: AT,
    payload: samplePayload(def, type, context.openActions),
    facts: (def.events[type].prepare ?? []).includes('assignReference')
      ? { reference: 'TEST-2024-0001', receivedAt: AT }
      : {},
  };
}

/** Which state path defines the transition an event takes from a leaf (deepest first). */
export function sourceOf(def: WorkflowDefinition, value: unknown, type: string): string {
  return ancestors(leafPath(value)).find((path) => stateAt(def, path)?.on?.[type]) ?? '(none)';
}

export interface TakenTransition {
  from: unknown;
  to: unknown;
}

/**
 * Every transition the machine takes from its reachable states, found with `xstate/graph`'s
 * adjacency map: every event is offered as every role that may send it, with a payload from its
 * schema; states are told apart by value and by what the guards look at (impact assessment, open
 * communication actions), and the plan may grow to a bound so the graph stays finite.
 */
export function exploreTransitions(workflow: WorkflowInterpreter<ChangeRequestContext>): Map<string, TakenTransition> {
  const def = workflow.definition;
  const events = (snapshot: AnyMachineSnapshot) => {
    const context = snapshot.context as ChangeRequestContext;
    if (context.counts.communication > 8) return [];
    return Object.entries(def.events).flatMap(([type, event]) => event.roles.map((role) => machineEvent(def, type, role, context)));
  };
  const adjacency = getAdjacencyMap(workflow.machine, {
    input: draftContext(),
    events: events as never,
    serializeState: (snapshot) => {
      const c = (snapshot as AnyMachineSnapshot).context as ChangeRequestContext;
      return JSON.stringify([snapshot.value, c.impactAssessment !== null, c.openActions.length, c.counts.communication > 0]);
    },
    serializeEvent: (event) => JSON.stringify([event.type, (event as unknown as MachineEvent).actor.role]),
  });
  const taken = new Map<string, TakenTransition>();
  for (const node of Object.values(adjacency)) {
    const state = node.state as AnyMachineSnapshot;
    const restored = { snapshot: state, value: state.value, context: state.context as ChangeRequestContext };
    for (const transition of Object.values(node.transitions) as { event: MachineEvent }[]) {
      const event = transition.event;
      const decision = workflow.decide(restored, event);
      if (!decision.ok) continue;
      const key = `${sourceOf(def, state.value, event.type)} ${event.type}`;
      if (!taken.has(key)) taken.set(key, { from: state.value, to: decision.next.stateValue });
    }
  }
  return taken;
}
