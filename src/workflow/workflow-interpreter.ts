import type { ValidateFunction } from 'ajv';
import {
  and,
  assign,
  initialTransition,
  setup,
  transition as xstateTransition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
} from 'xstate';
import type { Actor } from '../common/actor';
import type { BehaviourRegistry } from './behaviours';
import { createPayloadAjv, notInFutureErrors, notInFutureFields, notInPastErrors, notInPastFields, toPayloadErrors } from './payload-validator';
import { renderMermaid } from './workflow-mermaid';
import { ancestors, leafPath, resolveTarget, stateAt, stateLabelOf, statePaths, topLevelState } from './workflow-paths';
import type {
  ActionRef,
  Decision,
  EffectRef,
  MachineState,
  MachineEvent,
  PayloadError,
  PersistedSnapshot,
  Refusal,
  StateDefinition,
  Step,
  TransitionDefinition,
  WorkflowDefinition,
} from './workflow.types';

const ROLE_GUARD = '@role';
/** A no-op action on every transition: the machine took the event iff it appears. */
const TAKEN = '@taken';
const UPDATE = 'update:';
const EFFECT = 'effect:';

/** A stored case restored into the machine (once per use case). */
export interface RestoredState<C> extends MachineState<C> {
  readonly snapshot: AnyMachineSnapshot;
  readonly value: unknown;
  readonly context: C;
}

type XActions = { type: string; params: Record<string, unknown> }[];

function actionRef(ref: ActionRef): { type: string; params: Record<string, unknown> } {
  return typeof ref === 'string' ? { type: ref, params: {} } : { type: ref.type, params: ref.params ?? {} };
}

/**
 * The one interpreter of a workflow definition: it builds the XState machine once, restores a
 * stored case once per use case, and decides events. `decide` lets XState's pure `transition()`
 * take the event; only when the machine did not take it does it work out why, with the API's own
 * error code. `allowedEvents`, the diagram and the generated tests come from the same object.
 */
export class WorkflowInterpreter<C> {
  readonly machine: AnyStateMachine;
  private readonly validators = new Map<string, ValidateFunction>();
  /** Per event, the payload fields that may not lie after the event (`x-notInFuture`). */
  private readonly notInFuture = new Map<string, string[]>();
  /** Per event, the payload fields that may not lie before the event (`x-notInPast`). */
  private readonly notInPast = new Map<string, string[]>();
  /** For each leaf state path, the events some state on its way up handles. */
  private readonly handled = new Map<string, string[]>();

  constructor(
    readonly definition: WorkflowDefinition,
    private readonly behaviours: BehaviourRegistry<C>,
  ) {
    this.machine = this.buildMachine();
    const ajv = createPayloadAjv();
    for (const [name, event] of Object.entries(definition.events)) {
      this.validators.set(name, ajv.compile(event.payload));
      this.notInFuture.set(name, notInFutureFields(event.payload as Parameters<typeof notInFutureFields>[0]));
      this.notInPast.set(name, notInPastFields(event.payload as Parameters<typeof notInPastFields>[0]));
      if (typeof event.task === 'object' && !this.behaviours.guards[event.task.unless]) {
        throw new Error(`${definition.id}: events.${name}.task.unless names no guard of kind ${behaviours.kind}: ${event.task.unless}`);
      }
    }
    for (const path of statePaths(definition.states)) {
      if (stateAt(definition, path)!.states) continue;
      this.handled.set(
        path,
        ancestors(path).flatMap((p) => Object.keys(stateAt(definition, p)!.on ?? {})),
      );
    }
  }

  get id(): string {
    return this.definition.id;
  }

  start(context: C): Step<C> {
    const [snapshot] = initialTransition(this.machine, context);
    return this.step(snapshot, []);
  }

  restore(persisted: PersistedSnapshot<C>): RestoredState<C> {
    const snapshot = this.machine.resolveState({ value: persisted.value as never, context: persisted.context });
    return { snapshot, value: snapshot.value, context: snapshot.context as C };
  }

  isKnownEvent(type: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.definition.events, type);
  }

  /**
   * The payload's errors, one per field. With `now` (the event's instant and the users' calendar
   * date), fields marked `x-notInFuture` are also checked against it.
   */
  validatePayload(type: string, payload: Record<string, unknown>, now?: { instant: string; today: string }): PayloadError[] {
    const validate = this.validators.get(type);
    if (!validate) return [{ field: 'type', message: `unknown event "${type}"` }];
    const errors = toPayloadErrors(validate, payload);
    if (errors.length > 0 || now === undefined) return errors;
    return [
      ...notInFutureErrors(this.notInFuture.get(type) ?? [], payload, now),
      ...notInPastErrors(this.notInPast.get(type) ?? [], payload, now),
    ];
  }

  /** The preparations the definition declares for an event (run after the machine accepts it). */
  preparations(type: string): string[] {
    return this.definition.events[type]?.prepare ?? [];
  }

  /**
   * Takes the event if the machine does (roles, state, guards), returning the next step with the
   * effects to carry out; otherwise the refusal.
   */
  decide(state: RestoredState<C>, event: MachineEvent): Decision<C> {
    const [next, actions] = xstateTransition(this.machine, state.snapshot, event as never);
    if (!(actions as XActions).some((a) => a.type === TAKEN)) return { ok: false, refusal: this.explain(state, event) };
    return { ok: true, next: this.step(next, actions as XActions) };
  }

  /** Event names the actor may send now: role, state and every guard pass (payload aside). */
  allowedEvents(state: MachineState<C>, actor: Actor, at: string): string[] {
    const candidates = this.handled.get(leafPath(state.value)) ?? [];
    return Object.keys(this.definition.events).filter(
      (type) =>
        candidates.includes(type) &&
        this.definition.events[type].roles.includes(actor.role) &&
        (state.snapshot as AnyMachineSnapshot).can({ type, actor, at, payload: {}, facts: {} } as never),
    );
  }

  /** The allowed events that are work for the actor now (the definition's `task`), in definition order. */
  taskEvents(state: MachineState<C>, actor: Actor, at: string): string[] {
    return this.allowedEvents(state, actor, at).filter((type) => {
      const task = this.definition.events[type].task;
      if (task === true) return true;
      if (!task) return false;
      const guard = this.behaviours.guards[task.unless];
      return !guard.test(state.context, { type, actor, at, payload: {}, facts: {} } as MachineEvent, {});
    });
  }

  /** Top-level states in which some task event for the role is handled: where to look for work. */
  taskStates(role: string): string[] {
    const states = new Set<string>();
    for (const [leaf, events] of this.handled) {
      if (events.some((type) => this.definition.events[type].task && this.definition.events[type].roles.includes(role as never))) {
        states.add(leaf.split('.')[0]);
      }
    }
    return [...states].sort();
  }

  stateLabel(value: unknown): string {
    return stateLabelOf(this.definition, value);
  }

  mermaid(): string {
    return renderMermaid(this.definition);
  }

  /** Why the machine did not take the event: who, then where, then which guard. */
  private explain(state: RestoredState<C>, event: MachineEvent): Refusal {
    const def = this.definition;
    const role = event.actor.role;
    const eventRoles = def.events[event.type]?.roles ?? [];
    const where = leafPath(state.value);
    if (!eventRoles.includes(role)) return { code: 'FORBIDDEN', message: `Role "${role}" may not send ${event.type}` };
    const transition = this.transitionFor(where, event.type);
    if (!transition) return { code: 'STATE_CONFLICT', message: `${event.type} is not allowed in state "${where}"` };
    if (!(transition.roles ?? eventRoles).includes(role)) {
      return { code: 'FORBIDDEN', message: `Role "${role}" may not send ${event.type} in state "${where}"` };
    }
    for (const ref of transition.guards ?? []) {
      const guard = this.behaviours.guards[ref.type];
      const params = ref.params ?? {};
      if (!guard.test(state.context, event, params)) {
        return {
          code: guard.category === 'forbidden' ? 'FORBIDDEN' : 'PRECONDITION_FAILED',
          message: guard.message(state.context, event, params),
          guard: ref.type,
        };
      }
    }
    // The machine is the authority; reaching here means the definition and the machine disagree.
    return { code: 'STATE_CONFLICT', message: `${event.type} is not allowed now` };
  }

  /** The one transition that handles an event in a leaf state (the validator allows one level). */
  private transitionFor(leaf: string, type: string): TransitionDefinition | undefined {
    for (const path of ancestors(leaf)) {
      const t = stateAt(this.definition, path)?.on?.[type];
      if (t) return t;
    }
    return undefined;
  }

  private step(snapshot: AnyMachineSnapshot, actions: XActions): Step<C> {
    const persisted = this.machine.getPersistedSnapshot(snapshot) as unknown as PersistedSnapshot<C>;
    const effects: EffectRef[] = actions
      .filter((a) => a.type.startsWith(EFFECT))
      .map((a) => ({ type: a.type.slice(EFFECT.length), params: a.params ?? {} }));
    return {
      persisted: { value: persisted.value, context: persisted.context },
      restored: { snapshot, value: snapshot.value, context: snapshot.context as C },
      state: topLevelState(snapshot.value),
      stateValue: snapshot.value,
      context: snapshot.context as C,
      tags: [...snapshot.tags],
      final: snapshot.status === 'done',
      effects,
    };
  }

  private buildMachine(): AnyStateMachine {
    type Args = { context: C; event: MachineEvent };
    const def = this.definition;
    const guards: Record<string, (args: Args, params: Record<string, unknown>) => boolean> = {
      [ROLE_GUARD]: ({ event }, params) => (params.roles as string[]).includes(event.actor.role),
    };
    for (const [name, guard] of Object.entries(this.behaviours.guards)) {
      guards[name] = ({ context, event }, params) => guard.test(context, event, params ?? {});
    }
    const actions: Record<string, unknown> = { [TAKEN]: () => undefined };
    for (const [name, behaviour] of Object.entries(this.behaviours.actions)) {
      const update = behaviour.update;
      if (update) {
        actions[UPDATE + name] = assign(({ context, event }: Args, params: Record<string, unknown>) =>
          update(context, event, params ?? {}, def) as never,
        );
      }
      if (behaviour.effect) actions[EFFECT + name] = () => undefined;
    }
    return setup({
      types: {} as { context: C & Record<string, unknown>; events: MachineEvent; input: C },
      guards: guards as never,
      actions: actions as never,
    }).createMachine(this.machineConfig() as never) as unknown as AnyStateMachine;
  }

  private machineConfig(): Record<string, unknown> {
    const def = this.definition;
    const convertTransition = (statePath: string, eventName: string, t: TransitionDefinition) => {
      const roles = t.roles ?? def.events[eventName].roles;
      const guardRefs = [{ type: ROLE_GUARD, params: { roles } }, ...(t.guards ?? [])];
      const steps: XActions = [{ type: TAKEN, params: {} }];
      for (const ref of (t.actions ?? []).map(actionRef)) {
        const behaviour = this.behaviours.actions[ref.type];
        if (behaviour.update) steps.push({ type: UPDATE + ref.type, params: ref.params });
        if (behaviour.effect) steps.push({ type: EFFECT + ref.type, params: ref.params });
      }
      return {
        // By id, so a target is found the way the validator resolves it (a root path or a sibling).
        target: t.target === undefined ? undefined : `#${def.id}.${resolveTarget(def, statePath, t.target) ?? t.target}`,
        guard: and(guardRefs.map((g) => ({ type: g.type, params: g.params ?? {} }))),
        actions: steps,
      };
    };
    const convertStates = (states: Record<string, StateDefinition>, prefix: string): Record<string, unknown> =>
      Object.fromEntries(
        Object.entries(states).map(([name, s]) => [
          name,
          {
            ...(s.type ? { type: s.type } : {}),
            ...(s.initial ? { initial: s.initial } : {}),
            ...(s.tags ? { tags: s.tags } : {}),
            ...(s.states ? { states: convertStates(s.states, `${prefix}${name}.`) } : {}),
            ...(s.on
              ? { on: Object.fromEntries(Object.entries(s.on).map(([e, t]) => [e, convertTransition(`${prefix}${name}`, e, t)])) }
              : {}),
          },
        ]),
      );
    return {
      id: def.id,
      initial: def.initial,
      context: ({ input }: { input: C }) => input,
      states: convertStates(def.states, ''),
    };
  }
}
