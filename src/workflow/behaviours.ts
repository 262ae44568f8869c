import type { MachineEvent, WorkflowDefinition } from './workflow.types';

/**
 * The code half of a kind of workflow: the guards, context updates, effects and preparations its
 * definitions name. The engine checks every name in a definition against this at load time
 * (XState itself skips an unknown action silently and throws for an unknown guard only when it
 * is reached).
 */

export type GuardCategory = 'forbidden' | 'precondition';

export interface GuardBehaviour<C> {
  /** forbidden → 403 (who may act), precondition → 409 (what must be true first). */
  category: GuardCategory;
  /** Pure: every fact it needs is in the event or the context (XState's can() runs it). */
  test(context: C, event: MachineEvent, params: Record<string, unknown>): boolean;
  message(context: C, event: MachineEvent, params: Record<string, unknown>): string;
}

export type ContextUpdate<C> = (
  context: C,
  event: MachineEvent,
  params: Record<string, unknown>,
  definition: WorkflowDefinition,
) => Partial<C>;

/**
 * An action a transition names: a pure change of the context (applied by XState), an effect the
 * kind's service carries out on the database in the same transaction (rows of its own, other
 * data), or both — under one name.
 */
export interface ActionBehaviour<C> {
  update?: ContextUpdate<C>;
  effect?: boolean;
}

export interface BehaviourRegistry<C> {
  /** The `kind` of the definitions these behaviours serve. */
  kind: string;
  guards: Readonly<Record<string, GuardBehaviour<C>>>;
  actions: Readonly<Record<string, ActionBehaviour<C>>>;
  /** Names of the preparations an event may declare; the kind's service implements them. */
  preparations: readonly string[];
  /** Checks a definition's `settings` (JSON paths in the messages). */
  checkSettings?(settings: Record<string, unknown> | undefined): { path: string; message: string }[];
}
