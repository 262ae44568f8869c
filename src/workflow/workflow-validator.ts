import Ajv, { ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '../common/roles';
import type { BehaviourRegistry } from './behaviours';
import { createPayloadAjv } from './payload-validator';
import { statePaths, stateAt, resolveTarget, enterLeaf, ancestors, jsonPathOf } from './workflow-paths';
import type { StateDefinition, WorkflowDefinition } from './workflow.types';

export class WorkflowDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(`Invalid workflow definition ${file}:\n` + problems.map((p) => `  ${p.path}: ${p.message}`).join('\n'));
    this.name = 'WorkflowDefinitionError';
  }
}

export interface Problem {
  path: string;
  message: string;
}

/** The published format (workflows/workflow.schema.json), compiled once. */
export const WORKFLOW_SCHEMA_FILE = join(__dirname, '..', '..', 'workflows', 'workflow.schema.json');

let compiledSchema: ReturnType<Ajv['compile']> | undefined;

function schemaValidator() {
  if (!compiledSchema) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    compiledSchema = ajv.compile(JSON.parse(readFileSync(WORKFLOW_SCHEMA_FILE, 'utf8')));
  }
  return compiledSchema;
}

/** `/states/dialogue/on/DECIDE/guards/0` → `$.states.dialogue.on.DECIDE.guards[0]`. */
function toJsonPath(pointer: string): string {
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
      .join('')
  );
}

function schemaProblem(error: ErrorObject): Problem {
  const custom = (error.parentSchema as { 'x-message'?: string } | undefined)?.['x-message'];
  if (error.keyword === 'propertyNames' || error.propertyName !== undefined) {
    const name = String(error.propertyName ?? (error.params as { propertyName?: string }).propertyName);
    return { path: `${toJsonPath(error.instancePath)}.${name}`, message: custom ?? error.message ?? 'is invalid' };
  }
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    return { path: `${toJsonPath(error.instancePath)}.${missing}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    return { path: `${toJsonPath(error.instancePath)}.${extra}`, message: 'is not part of the workflow format' };
  }
  return { path: toJsonPath(error.instancePath), message: custom ?? error.message ?? 'is invalid' };
}

/** Shape against the published JSON Schema; one problem per path. */
function checkShape(raw: unknown): Problem[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [{ path: '$', message: 'must be a JSON object' }];
  const validate = schemaValidator();
  if (validate(raw)) return [];
  const seen = new Map<string, Problem>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const problem = schemaProblem(error);
    if (!seen.has(problem.path)) seen.set(problem.path, problem);
  }
  return [...seen.values()];
}

type Add = (path: string, message: string) => void;

function checkEvents<C>(def: WorkflowDefinition, registry: BehaviourRegistry<C>, add: Add): void {
  const ajv = createPayloadAjv();
  for (const [name, event] of Object.entries(def.events)) {
    const path = `$.events.${name}`;
    event.roles.forEach((role, i) => {
      if (!(ROLES as readonly string[]).includes(role)) add(`${path}.roles[${i}]`, `unknown role "${role}"`);
      if (role === 'admin' || role === 'auditor') add(`${path}.roles[${i}]`, `role "${role}" may never send workflow events`);
    });
    if (event.payload.type !== 'object') {
      add(`${path}.payload`, 'must be a JSON Schema with "type": "object"');
    } else {
      try {
        ajv.compile(event.payload);
      } catch (error) {
        add(`${path}.payload`, `bad payload schema: ${(error as Error).message}`);
      }
      const props = event.payload.properties as Record<string, unknown> | undefined;
      if (props && ('type' in props || 'expectedVersion' in props)) {
        add(`${path}.payload.properties`, '"type" and "expectedVersion" are reserved');
      }
    }
    (event.prepare ?? []).forEach((name, i) => {
      if (!registry.preparations.includes(name)) add(`${path}.prepare[${i}]`, `unknown preparation "${name}"`);
    });
  }
  if (def.editEvent !== undefined && !(def.editEvent in def.events)) {
    add('$.editEvent', `unknown event "${def.editEvent}"`);
  }
}

function checkState<C>(
  def: WorkflowDefinition,
  registry: BehaviourRegistry<C>,
  statePath: string,
  state: StateDefinition,
  used: Set<string>,
  add: Add,
): void {
  const path = jsonPathOf(statePath);
  if (state.type === 'final' && (state.on || state.states)) add(path, 'a final state has no transitions or children');
  if (state.states !== undefined && (state.initial === undefined || !(state.initial in state.states))) {
    add(`${path}.initial`, 'a compound state names one of its children as initial');
  }
  for (const [eventName, transition] of Object.entries(state.on ?? {})) {
    const tPath = `${path}.on.${eventName}`;
    used.add(eventName);
    const event = def.events[eventName];
    if (!event) add(tPath, `unknown event "${eventName}" (declare it under $.events)`);
    (transition.roles ?? []).forEach((role, i) => {
      if (!event?.roles.includes(role)) add(`${tPath}.roles[${i}]`, `role "${role}" is not among the event's roles`);
    });
    (transition.guards ?? []).forEach((guard, i) => {
      if (!(guard.type in registry.guards)) add(`${tPath}.guards[${i}].type`, `unknown guard "${guard.type}"`);
    });
    (transition.actions ?? []).forEach((action, i) => {
      const type = typeof action === 'string' ? action : action.type;
      if (!(type in registry.actions)) add(`${tPath}.actions[${i}]`, `unknown action "${type}"`);
    });
    if (transition.target !== undefined && !resolveTarget(def, statePath, transition.target)) {
      add(`${tPath}.target`, `unknown state "${transition.target}"`);
    }
  }
}

/** One transition per event along any path from a leaf up; every leaf reachable; no dead ends. */
function checkGraph(def: WorkflowDefinition, add: Add): void {
  const paths = statePaths(def.states);
  const leaves = paths.filter((p) => !stateAt(def, p)!.states);
  for (const leaf of leaves) {
    const seen = new Map<string, string>();
    for (const path of ancestors(leaf)) {
      for (const eventName of Object.keys(stateAt(def, path)!.on ?? {})) {
        if (seen.has(eventName)) {
          add(`${jsonPathOf(path)}.on.${eventName}`, `also handled by "${seen.get(eventName)}"; an event is handled at one level only`);
        }
        seen.set(eventName, path);
      }
    }
  }
  const edges = (leaf: string) =>
    ancestors(leaf).flatMap((path) =>
      Object.values(stateAt(def, path)!.on ?? {}).flatMap((t) => {
        if (t.target === undefined) return [];
        const target = resolveTarget(def, path, t.target);
        return target ? [enterLeaf(def, target)] : [];
      }),
    );
  const reachable = new Set<string>();
  const pending = [enterLeaf(def, def.initial)];
  while (pending.length) {
    const leaf = pending.pop()!;
    if (reachable.has(leaf)) continue;
    reachable.add(leaf);
    pending.push(...edges(leaf));
  }
  for (const leaf of leaves) {
    if (!reachable.has(leaf)) add(jsonPathOf(leaf), 'state is unreachable from the initial state');
    const final = stateAt(def, leaf)!.type === 'final';
    if (!final && edges(leaf).every((target) => target === leaf)) add(jsonPathOf(leaf), 'non-final state has no transition out of it');
  }
}

/**
 * Validates a parsed workflow definition: its shape against workflows/workflow.schema.json, then
 * what a schema cannot say — every role, guard, action and preparation name against the kind's
 * behaviours, payload schemas, targets, one handler per event, reachability, no stuck states.
 * Throws a {@link WorkflowDefinitionError} naming the file and each JSON path.
 */
export function validateWorkflowDefinition(
  raw: unknown,
  file: string,
  registries: ReadonlyMap<string, BehaviourRegistry<unknown>>,
): WorkflowDefinition {
  const shape = checkShape(raw);
  if (shape.length) throw new WorkflowDefinitionError(file, shape);
  const def = raw as WorkflowDefinition;
  const registry = registries.get(def.kind);
  if (!registry) {
    throw new WorkflowDefinitionError(file, [
      { path: '$.kind', message: `unknown kind "${def.kind}" (one of: ${[...registries.keys()].join(', ')})` },
    ]);
  }
  const problems: Problem[] = [];
  const add: Add = (path, message) => problems.push({ path, message });
  if (!(def.initial in def.states)) add('$.initial', `unknown initial state "${def.initial}"`);
  checkEvents(def, registry, add);
  const used = new Set<string>();
  for (const path of statePaths(def.states)) checkState(def, registry, path, stateAt(def, path)!, used, add);
  for (const name of Object.keys(def.events)) {
    if (!used.has(name)) add(`$.events.${name}`, 'event is declared but no state accepts it');
  }
  for (const problem of registry.checkSettings?.(def.settings) ?? []) add(problem.path, problem.message);
  if (problems.length) throw new WorkflowDefinitionError(file, problems);
  checkGraph(def, add);
  if (problems.length) throw new WorkflowDefinitionError(file, problems);
  return def;
}
