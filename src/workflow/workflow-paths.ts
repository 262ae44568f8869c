import type { StateDefinition, WorkflowDefinition } from './workflow.types';

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

/** A path and its ancestors, deepest first: "dialogue.open" → ["dialogue.open", "dialogue"]. */
export function ancestors(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

/** The JSON path of a state in its definition file: "dialogue.open" → "$.states.dialogue.states.open". */
export function jsonPathOf(statePath: string): string {
  return '$.states.' + statePath.split('.').join('.states.');
}

/** The deepest active state path of a state value: { dialogue: 'open' } → 'dialogue.open'. */
export function leafPath(value: unknown): string {
  if (typeof value === 'string') return value;
  const [name, child] = Object.entries(value as Record<string, unknown>)[0];
  return `${name}.${leafPath(child)}`;
}

export function topLevelState(value: unknown): string {
  return typeof value === 'string' ? value : Object.keys(value as Record<string, unknown>)[0];
}

/** The label of the deepest active state ("Inväntar komplettering" rather than "Dialog"). */
export function stateLabelOf(def: WorkflowDefinition, value: unknown): string {
  const path = leafPath(value);
  return stateAt(def, path)?.label ?? path;
}
