import type { ValidateFunction } from 'ajv';
import {
  and,
  assign,
  AnyStateMachine,
  setup,
  transition as xstateTransition,
  initialTransition,
  type MachineConfig,
  type StateValue,
} from 'xstate';
import type { Actor } from '../common/actor';
import type { ChangeRequestContext } from '../change-requests/change-request.types';
import { CONTEXT_UPDATES, EFFECTS, GUARDS } from './workflow-behaviours';
import { renderMermaid } from './workflow-mermaid';
import { createPayloadAjv, toPayloadErrors } from './payload-validator';
import { stateAt } from './workflow-validator';
import type {
  ActionRef,
  CheckResult,
  CompiledWorkflow,
  GuardRef,
  MachineEvent,
  PayloadError,
  StateDefinition,
  TransitionDefinition,
  TransitionResult,
  WorkflowDefinition,
} from './workflow.types';

interface PersistedSnapshot {
  value: StateValue;
  context: ChangeRequestContext;
}

const ROLE_GUARD = 'roleAllowed';

function actionRef(ref: ActionRef): { type: string; params?: Record<string, unknown> } {
  return typeof ref === 'string' ? { type: ref } : ref;
}

/** The active state paths of a value, deepest first: { dialogue: 'open' } → ['dialogue.open', 'dialogue']. */
export function activePaths(value: StateValue): string[] {
  if (typeof value === 'string') return [value];
  const [name, child] = Object.entries(value)[0] as [string, StateValue];
  return [...activePaths(child).map((p) => `${name}.${p}`), name];
}

export function topLevelState(value: StateValue): string {
  return typeof value === 'string' ? value : Object.keys(value)[0];
}

function toXStateConfig(def: WorkflowDefinition): MachineConfig<ChangeRequestContext, MachineEvent> {
  const convertTransition = (eventName: string, t: TransitionDefinition) => {
    const roles = t.roles ?? def.events[eventName].roles;
    const guards: GuardRef[] = [{ type: ROLE_GUARD, params: { roles } }, ...(t.guards ?? [])];
    return {
      target: t.target === undefined ? undefined : t.target.includes('.') ? `#${def.id}.${t.target}` : t.target,
      guard: and(guards.map((g) => ({ type: g.type, params: g.params ?? {} }))),
      actions: (t.actions ?? []).map(actionRef).map((a) => ({ type: a.type, params: a.params ?? {} })),
    };
  };
  const convertStates = (states: Record<string, StateDefinition>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(states).map(([name, s]) => [
        name,
        {
          ...(s.type ? { type: s.type } : {}),
          ...(s.initial ? { initial: s.initial } : {}),
          ...(s.states ? { states: convertStates(s.states) } : {}),
          ...(s.on
            ? { on: Object.fromEntries(Object.entries(s.on).map(([e, t]) => [e, convertTransition(e, t)])) }
            : {}),
        },
      ]),
    );
  return {
    id: def.id,
    initial: def.initial,
    context: ({ input }: { input: ChangeRequestContext }) => input,
    states: convertStates(def.states),
  } as unknown as MachineConfig<ChangeRequestContext, MachineEvent>;
}

function buildMachine(def: WorkflowDefinition): AnyStateMachine {
  type GuardArgs = { context: ChangeRequestContext; event: MachineEvent };
  const guards: Record<string, (args: GuardArgs, params: Record<string, unknown>) => boolean> = {
    [ROLE_GUARD]: ({ event }, params) => (params.roles as string[]).includes(event.actor.role),
  };
  for (const [name, guard] of Object.entries(GUARDS)) {
    guards[name] = ({ context, event }, params) => guard.test(context, event, params ?? {});
  }
  const actions: Record<string, unknown> = {};
  for (const [name, update] of Object.entries(CONTEXT_UPDATES)) {
    actions[name] = assign(({ context, event }: GuardArgs, params: Record<string, unknown>) =>
      update(context, event, params ?? {}, def),
    );
  }
  for (const effect of EFFECTS) actions[effect] = () => undefined;

  return setup({
    types: {} as { context: ChangeRequestContext; events: MachineEvent; input: ChangeRequestContext },
    guards: guards as never,
    actions: actions as never,
  }).createMachine(toXStateConfig(def) as never) as unknown as AnyStateMachine;
}

/** Compiles a validated definition into the engine the services use. */
export function compileWorkflow(def: WorkflowDefinition): CompiledWorkflow {
  const machine = buildMachine(def);
  const ajv = createPayloadAjv();
  const validators = new Map<string, ValidateFunction>(
    Object.entries(def.events).map(([name, e]) => [name, ajv.compile(e.payload)]),
  );
  const effectNames = new Set<string>(EFFECTS);

  const restore = (snapshot: unknown) => {
    const persisted = snapshot as PersistedSnapshot;
    return machine.resolveState({ value: persisted.value, context: persisted.context });
  };

  const result = (next: ReturnType<typeof restore>, actions: { type: string; params?: unknown }[]): TransitionResult => {
    const persisted = machine.getPersistedSnapshot(next) as unknown as PersistedSnapshot;
    return {
      snapshot: { value: persisted.value, context: persisted.context },
      state: topLevelState(next.value),
      stateValue: next.value,
      context: next.context as ChangeRequestContext,
      effects: actions
        .filter((a) => effectNames.has(a.type))
        .map((a) => ({ type: a.type, params: (a.params ?? {}) as Record<string, unknown> })),
    };
  };

  /** The one transition that handles an event in the current state (validator: one level only). */
  const findTransition = (value: StateValue, type: string): TransitionDefinition | null => {
    for (const path of activePaths(value)) {
      const t = stateAt(def, path)?.on?.[type];
      if (t) return t;
    }
    return null;
  };

  const probe = (actor: Actor, type: string): MachineEvent => ({
    type,
    actor,
    at: new Date().toISOString(),
    payload: {},
    facts: {},
  });

  return {
    definition: def,
    start(context) {
      const [snapshot, actions] = initialTransition(machine, context);
      return result(snapshot as ReturnType<typeof restore>, actions as { type: string }[]);
    },
    allowedEvents(snapshot, actor) {
      const state = restore(snapshot);
      return Object.keys(def.events).filter((type) => state.can(probe(actor, type)));
    },
    isKnownEvent(type) {
      return Object.prototype.hasOwnProperty.call(def.events, type);
    },
    validatePayload(type, payload): PayloadError[] {
      const validate = validators.get(type);
      if (!validate) return [{ field: 'type', message: `unknown event "${type}"` }];
      return toPayloadErrors(validate, payload);
    },
    check(snapshot, event): CheckResult {
      const state = restore(snapshot);
      const t = findTransition(state.value, event.type);
      const eventRoles = def.events[event.type]?.roles ?? [];
      if (!eventRoles.includes(event.actor.role)) {
        return { ok: false, code: 'ROLE_FORBIDDEN', message: `Role "${event.actor.role}" may not send ${event.type}` };
      }
      if (!t) {
        return {
          ok: false,
          code: 'STATE_CONFLICT',
          message: `${event.type} is not allowed in state "${activePaths(state.value)[0]}"`,
        };
      }
      if (!(t.roles ?? eventRoles).includes(event.actor.role)) {
        return {
          ok: false,
          code: 'ROLE_FORBIDDEN',
          message: `Role "${event.actor.role}" may not send ${event.type} in state "${activePaths(state.value)[0]}"`,
        };
      }
      for (const ref of t.guards ?? []) {
        const guard = GUARDS[ref.type];
        if (!guard.test(state.context as ChangeRequestContext, event, ref.params ?? {})) {
          return {
            ok: false,
            code: guard.category === 'forbidden' ? 'ROLE_FORBIDDEN' : 'PRECONDITION_FAILED',
            message: guard.message(state.context as ChangeRequestContext, event),
          };
        }
      }
      if (!state.can(event)) {
        // The machine is the authority; reaching here means the definition and check() disagree.
        return { ok: false, code: 'STATE_CONFLICT', message: `${event.type} is not allowed now` };
      }
      return { ok: true };
    },
    transition(snapshot, event) {
      const [next, actions] = xstateTransition(machine, restore(snapshot), event);
      return result(next as ReturnType<typeof restore>, actions as { type: string; params?: unknown }[]);
    },
    mermaid() {
      return renderMermaid(def);
    },
  };
}

