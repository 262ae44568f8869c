import type { Actor } from '../../src/common/actor';
import type { Role } from '../../src/common/roles';
import { newDraftContext, type ChangeRequestContext } from '../../src/change-requests/change-request.types';
import { stateAt } from '../../src/workflow/workflow-validator';
import type {
  CompiledWorkflow,
  MachineEvent,
  WorkflowDefinition,
} from '../../src/workflow/workflow.types';

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
  properties?: Record<
    string,
    { type?: string | string[]; enum?: string[]; format?: string; items?: unknown }
  >;
  required?: string[];
};

/**
 * A valid payload for an event, generated from its schema: every required field plus any field the
 * schema makes conditionally required (approved_with_conditions needs conditions, so the first enum
 * value is chosen). `actionId` comes from the first open communication action of the context.
 */
export function samplePayload(
  def: WorkflowDefinition,
  type: string,
  context: ChangeRequestContext,
): Record<string, unknown> {
  const schema = def.events[type].payload as Schema;
  const payload: Record<string, unknown> = {};
  for (const field of schema.required ?? []) {
    const prop = schema.properties?.[field] ?? {};
    if (field === 'actionId') {
      const open = context.communicationActions.find((a) => a.doneAt === null);
      payload[field] = open?.id ?? 'k1';
    } else if (prop.enum) payload[field] = prop.enum[0];
    else if (prop.format === 'date') payload[field] = '2025-11-12';
    else if (prop.format === 'uri') payload[field] = 'https://www.vgregion.se/';
    else payload[field] = `Text för ${field}`;
  }
  return payload;
}

export function machineEvent(
  def: WorkflowDefinition,
  type: string,
  role: Role,
  context: ChangeRequestContext,
): MachineEvent {
  return {
    type,
    actor: actorFor(role),
    at: '2024-10-11T13:20:00.000Z',
    payload: samplePayload(def, type, context),
    facts:
      type === 'SUBMIT'
        ? { reference: 'TEST-2024-0001', receivedAt: '2024-10-11T13:20:00.000Z' }
        : {},
  };
}

export interface Step {
  type: string;
  role: Role;
}

/**
 * Breadth-first search over the workflow's reachable snapshots, sending every event as every role
 * that may send it. Returns, for each (source state path, event) transition taken, the shortest
 * sequence of steps that reaches it and the state it lands in.
 */
export function exploreTransitions(workflow: CompiledWorkflow) {
  const def = workflow.definition;
  const start = workflow.start(draftContext());
  const seen = new Set<string>();
  const taken = new Map<string, { path: Step[]; from: unknown; to: unknown }>();
  const queue: {
    snapshot: unknown;
    context: ChangeRequestContext;
    value: unknown;
    path: Step[];
  }[] = [{ snapshot: start.snapshot, context: start.context, value: start.stateValue, path: [] }];
  const key = (value: unknown, context: ChangeRequestContext) =>
    JSON.stringify([
      value,
      context.impactAssessment !== null,
      context.communicationActions.filter((a) => a.doneAt === null).length,
      context.communicationActions.length > 0,
    ]);
  while (queue.length) {
    const node = queue.shift()!;
    const k = key(node.value, node.context);
    if (seen.has(k)) continue;
    seen.add(k);
    // Bound the search: adding communication actions could go on for ever.
    if (node.context.communicationActions.length > 8) continue;
    for (const [type, event] of Object.entries(def.events)) {
      for (const role of event.roles) {
        const e = machineEvent(def, type, role, node.context);
        if (!workflow.check(node.snapshot, e).ok) continue;
        const next = workflow.transition(node.snapshot, e);
        const path = [...node.path, { type, role }];
        const transitionKey = `${sourceOf(def, node.value, type)} ${type}`;
        if (!taken.has(transitionKey))
          taken.set(transitionKey, { path, from: node.value, to: next.stateValue });
        queue.push({
          snapshot: next.snapshot,
          context: next.context,
          value: next.stateValue,
          path,
        });
      }
    }
  }
  return taken;
}

/** Which state path defines the transition an event takes from a state value (deepest first). */
export function sourceOf(def: WorkflowDefinition, value: unknown, type: string): string {
  const paths: string[] = [];
  let v = value as string | Record<string, unknown>;
  let prefix = '';
  while (typeof v !== 'string') {
    const [name, child] = Object.entries(v)[0];
    prefix = prefix ? `${prefix}.${name}` : name;
    paths.unshift(prefix);
    v = child as string | Record<string, unknown>;
  }
  paths.unshift(prefix ? `${prefix}.${v}` : v);
  for (const path of paths) {
    if (stateAt(def, path)?.on?.[type]) return path;
  }
  return '(none)';
}
