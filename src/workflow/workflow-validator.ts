import Ajv from 'ajv';
import { ROLES } from '../common/roles';
import { CONTEXT_UPDATES, EFFECTS, GUARDS } from './workflow-behaviours';
import type { StateDefinition, WorkflowDefinition } from './workflow.types';
import { createPayloadAjv } from './payload-validator';

export class WorkflowDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(
      `Invalid workflow definition ${file}:\n` +
        problems.map((p) => `  ${p.path}: ${p.message}`).join('\n'),
    );
    this.name = 'WorkflowDefinitionError';
  }
}

type Problems = { path: string; message: string }[];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const NAME = /^[a-z][a-z0-9_]*$/;
const EVENT_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Every state path in the definition, e.g. ["draft", "dialogue", "dialogue.open"]. */
export function statePaths(states: Record<string, StateDefinition>, prefix = ''): string[] {
  return Object.entries(states).flatMap(([name, state]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return [path, ...(state.states ? statePaths(state.states, path) : [])];
  });
}

export function stateAt(def: WorkflowDefinition, path: string): StateDefinition | undefined {
  let states: Record<string, StateDefinition> | undefined = def.states;
  let state: StateDefinition | undefined;
  for (const part of path.split('.')) {
    state = states?.[part];
    if (!state) return undefined;
    states = state.states;
  }
  return state;
}

/** A target is a state path from the root ("decided", "dialogue.open") or a sibling name. */
export function resolveTarget(def: WorkflowDefinition, from: string, target: string): string | null {
  if (stateAt(def, target)) return target;
  const parent = from.split('.').slice(0, -1).join('.');
  const sibling = parent ? `${parent}.${target}` : target;
  return stateAt(def, sibling) ? sibling : null;
}

/** The leaf a state path lands on when entered (following `initial`). */
export function enterLeaf(def: WorkflowDefinition, path: string): string {
  const state = stateAt(def, path);
  if (state?.states && state.initial) return enterLeaf(def, `${path}.${state.initial}`);
  return path;
}

function ancestors(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

/**
 * Validates a parsed workflow definition: its shape, every role, guard, action and target name,
 * the payload schemas, and the graph (reachability, no stuck states). Throws naming file and path.
 */
export function validateWorkflowDefinition(raw: unknown, file: string): WorkflowDefinition {
  const problems: Problems = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  if (!isObject(raw)) throw new WorkflowDefinitionError(file, [{ path: '$', message: 'must be a JSON object' }]);
  if (typeof raw.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(raw.id)) add('$.id', 'must be a lowercase slug');
  if (!Number.isInteger(raw.version) || (raw.version as number) < 1) add('$.version', 'must be a positive integer');
  if (typeof raw.title !== 'string' || raw.title.trim() === '') add('$.title', 'must be a non-empty string');
  if (!isObject(raw.events)) add('$.events', 'must be an object of event definitions');
  if (!isObject(raw.states)) add('$.states', 'must be an object of state definitions');
  if (problems.length) throw new WorkflowDefinitionError(file, problems);

  const events = raw.events as Record<string, unknown>;
  const ajv: Ajv = createPayloadAjv();
  for (const [name, event] of Object.entries(events)) {
    const path = `$.events.${name}`;
    if (!EVENT_NAME.test(name)) add(path, 'event names are UPPER_SNAKE');
    if (!isObject(event)) {
      add(path, 'must be an object');
      continue;
    }
    if (typeof event.label !== 'string') add(`${path}.label`, 'must be a string');
    if (!Array.isArray(event.roles) || event.roles.length === 0) {
      add(`${path}.roles`, 'an event needs at least one role');
    } else {
      event.roles.forEach((role, i) => {
        if (!(ROLES as readonly unknown[]).includes(role)) add(`${path}.roles[${i}]`, `unknown role "${String(role)}"`);
        if (role === 'admin' || role === 'auditor') {
          add(`${path}.roles[${i}]`, `role "${String(role)}" may never send workflow events`);
        }
      });
    }
    if (!isObject(event.payload) || event.payload.type !== 'object') {
      add(`${path}.payload`, 'must be a JSON Schema with "type": "object"');
    } else {
      try {
        ajv.compile(event.payload);
      } catch (error) {
        add(`${path}.payload`, `bad payload schema: ${(error as Error).message}`);
      }
      const props = event.payload.properties;
      if (isObject(props) && ('type' in props || 'expectedVersion' in props)) {
        add(`${path}.payload.properties`, '"type" and "expectedVersion" are reserved');
      }
    }
  }

  const used = new Set<string>();
  const checkStates = (states: unknown, prefix: string, jsonPath: string) => {
    if (!isObject(states) || Object.keys(states).length === 0) {
      add(jsonPath, 'must be a non-empty object of states');
      return;
    }
    for (const [name, state] of Object.entries(states)) {
      const path = `${jsonPath}.${name}`;
      const statePath = prefix ? `${prefix}.${name}` : name;
      if (!NAME.test(name)) add(path, 'state names are lower_snake');
      if (!isObject(state)) {
        add(path, 'must be an object');
        continue;
      }
      if (typeof state.label !== 'string') add(`${path}.label`, 'must be a string');
      if (state.type !== undefined && state.type !== 'final') add(`${path}.type`, 'only "final" is supported');
      if (state.type === 'final' && (state.on || state.states)) add(path, 'a final state has no transitions or children');
      if (state.states !== undefined) {
        if (typeof state.initial !== 'string' || !isObject(state.states) || !(state.initial in state.states)) {
          add(`${path}.initial`, 'a compound state names one of its children as initial');
        }
        checkStates(state.states, statePath, `${path}.states`);
      }
      if (state.on === undefined) continue;
      if (!isObject(state.on)) {
        add(`${path}.on`, 'must be an object');
        continue;
      }
      for (const [eventName, transition] of Object.entries(state.on)) {
        const tPath = `${path}.on.${eventName}`;
        used.add(eventName);
        const event = events[eventName];
        if (!isObject(event)) add(tPath, `unknown event "${eventName}" (declare it under $.events)`);
        if (!isObject(transition)) {
          add(tPath, 'must be an object');
          continue;
        }
        if (transition.target !== undefined && typeof transition.target !== 'string') {
          add(`${tPath}.target`, 'must be a state path');
        }
        if (transition.roles !== undefined) {
          if (!Array.isArray(transition.roles) || transition.roles.length === 0) {
            add(`${tPath}.roles`, 'must be a non-empty list of roles');
          } else {
            transition.roles.forEach((role, i) => {
              if (!isObject(event) || !Array.isArray(event.roles) || !event.roles.includes(role)) {
                add(`${tPath}.roles[${i}]`, `role "${String(role)}" is not among the event's roles`);
              }
            });
          }
        }
        const guards = transition.guards ?? [];
        if (!Array.isArray(guards)) add(`${tPath}.guards`, 'must be a list');
        else
          guards.forEach((guard, i) => {
            const type = isObject(guard) ? guard.type : undefined;
            if (typeof type !== 'string' || !(type in GUARDS)) {
              add(`${tPath}.guards[${i}].type`, `unknown guard "${String(type)}"`);
            }
          });
        const actions = transition.actions ?? [];
        if (!Array.isArray(actions)) add(`${tPath}.actions`, 'must be a list');
        else
          actions.forEach((action, i) => {
            const type = typeof action === 'string' ? action : isObject(action) ? action.type : undefined;
            const known = typeof type === 'string' && (type in CONTEXT_UPDATES || (EFFECTS as readonly string[]).includes(type));
            if (!known) add(`${tPath}.actions[${i}]`, `unknown action "${String(type)}"`);
          });
      }
    }
  };
  checkStates(raw.states, '', '$.states');
  for (const name of Object.keys(events)) {
    if (!used.has(name)) add(`$.events.${name}`, 'event is declared but no state accepts it');
  }
  if (problems.length) throw new WorkflowDefinitionError(file, problems);

  const def = raw as unknown as WorkflowDefinition;
  if (!(def.initial in def.states)) add('$.initial', `unknown initial state "${def.initial}"`);

  // Graph checks: targets resolve, one transition per event along any path, reachability, exits.
  const paths = statePaths(def.states);
  const edges = new Map<string, string[]>();
  for (const path of paths) {
    const state = stateAt(def, path)!;
    const jsonPath = '$.states.' + path.split('.').join('.states.');
    for (const [eventName, transition] of Object.entries(state.on ?? {})) {
      if (transition.target === undefined) continue;
      const target = resolveTarget(def, path, transition.target);
      if (!target) add(`${jsonPath}.on.${eventName}.target`, `unknown state "${transition.target}"`);
      else edges.set(path, [...(edges.get(path) ?? []), enterLeaf(def, target)]);
    }
  }
  const leaves = paths.filter((p) => !stateAt(def, p)!.states);
  for (const leaf of leaves) {
    const seen = new Map<string, string>();
    for (const path of ancestors(leaf)) {
      for (const eventName of Object.keys(stateAt(def, path)!.on ?? {})) {
        if (seen.has(eventName)) {
          add(`$.states.${path.split('.').join('.states.')}.on.${eventName}`, `also handled by "${seen.get(eventName)}"; an event is handled at one level only`);
        }
        seen.set(eventName, path);
      }
    }
  }
  if (problems.length) throw new WorkflowDefinitionError(file, problems);

  const leafEdges = (leaf: string) => ancestors(leaf).flatMap((p) => edges.get(p) ?? []);
  const reachable = new Set<string>();
  const queue = def.initial in def.states ? [enterLeaf(def, def.initial)] : [];
  while (queue.length) {
    const leaf = queue.shift()!;
    if (reachable.has(leaf)) continue;
    reachable.add(leaf);
    queue.push(...leafEdges(leaf));
  }
  for (const leaf of leaves) {
    const jsonPath = '$.states.' + leaf.split('.').join('.states.');
    if (!reachable.has(leaf)) add(jsonPath, 'state is unreachable from the initial state');
    const final = stateAt(def, leaf)!.type === 'final';
    if (!final && leafEdges(leaf).every((target) => target === leaf)) {
      add(jsonPath, 'non-final state has no transition out of it');
    }
  }
  const plan = def.defaultCommunicationPlan ?? [];
  if (!Array.isArray(plan)) add('$.defaultCommunicationPlan', 'must be a list');
  else
    plan.forEach((item, i) => {
      if (!isObject(item) || !['internal', 'external'].includes(item.audience as string) || typeof item.channel !== 'string') {
        add(`$.defaultCommunicationPlan[${i}]`, 'needs audience internal|external and a channel');
      }
    });
  if (problems.length) throw new WorkflowDefinitionError(file, problems);
  return def;
}
