import type { Actor } from '../common/actor';
import type { ErrorCode } from '../common/error-codes';
import type { Role } from '../common/roles';

/** A named guard reference with optional parameters, as written in workflows/*.json. */
export interface GuardRef {
  type: string;
  params?: Record<string, unknown>;
}

/** An action by name, or with parameters. */
export type ActionRef = string | { type: string; params?: Record<string, unknown> };

export interface TransitionDefinition {
  /** Target state path ("submitted", "dialogue.awaiting_requester"); omitted for a self-transition. */
  target?: string;
  /** Roles that may send this event on this transition; defaults to the event's roles. */
  roles?: Role[];
  guards?: GuardRef[];
  actions?: ActionRef[];
  description?: string;
}

export interface StateDefinition {
  label: string;
  type?: 'final';
  initial?: string;
  /** XState state tags; `draft` marks the requesting side's working material (SPEC §2). */
  tags?: string[];
  states?: Record<string, StateDefinition>;
  on?: Record<string, TransitionDefinition>;
}

export interface EventDefinition {
  label: string;
  /** What happened, for histories and messages ("Beslut fattat"); defaults to the label. */
  pastLabel?: string;
  roles: Role[];
  /** JSON Schema (draft 2020-12 subset) for the event payload, without `type`/`expectedVersion`. */
  payload: Record<string, unknown>;
  /**
   * A work-queue item ("Att göra") for whoever may send it: true, or unless the named guard of
   * the kind holds (an impact assessment already recorded). Absent: not a task (comments, edits).
   */
  task?: boolean | { unless: string };
  /**
   * Work done inside the transaction once the machine has accepted the event and before the
   * transition is applied, by name (e.g. assignReference): checks against other data, and facts
   * the transition records.
   */
  prepare?: string[];
}

export interface WorkflowDefinition {
  $schema?: string;
  id: string;
  version: number;
  /** Which kind of case the workflow is for: names the behaviours its guards and actions come from. */
  kind: string;
  title: string;
  description?: string;
  initial: string;
  /** The event `PATCH` of a case sends (editing a draft), if the workflow has one. */
  editEvent?: string;
  events: Record<string, EventDefinition>;
  states: Record<string, StateDefinition>;
  /** Data for a kind's behaviours (e.g. the default communication plan). */
  settings?: Record<string, unknown>;
}

/** An event as the machine sees it: everything a guard or action needs is in here or in context. */
export interface MachineEvent {
  type: string;
  actor: Actor;
  /** ISO timestamp of the event, chosen by the service (transitions stay pure). */
  at: string;
  payload: Record<string, unknown>;
  /** Facts worked out inside the transaction by the event's preparations (registration number …). */
  facts: Record<string, unknown>;
}

export interface PayloadError {
  field: string;
  message: string;
}

/** What a case stores: the XState value and context (JSON-serialisable). */
export interface PersistedSnapshot<C> {
  value: unknown;
  context: C;
}

/** An effect the taken transition names, to be carried out in the same database transaction. */
export interface EffectRef {
  type: string;
  params: Record<string, unknown>;
}

/** A case's state as the machine holds it: restored from storage or produced by a transition. */
export interface MachineState<C> {
  readonly snapshot: unknown;
  readonly value: unknown;
  readonly context: C;
}

/** A case after a transition (or at its start). */
export interface Step<C> {
  persisted: PersistedSnapshot<C>;
  /** The same state as the machine holds it (for allowedEvents without restoring again). */
  restored: MachineState<C>;
  /** Top-level state name, e.g. "dialogue". */
  state: string;
  /** Full XState state value, e.g. { dialogue: "open" }. */
  stateValue: unknown;
  context: C;
  /** The state's tags (e.g. `draft`). */
  tags: string[];
  /** Whether the case has reached a final state. */
  final: boolean;
  effects: EffectRef[];
}

/** Why the machine did not take an event, with the API's own error code. */
export interface Refusal {
  code: Extract<ErrorCode, 'FORBIDDEN' | 'STATE_CONFLICT' | 'PRECONDITION_FAILED'>;
  message: string;
  /** The guard that failed, for a precondition or a rule about who may act. */
  guard?: string;
}

export type Decision<C> = { ok: true; next: Step<C> } | { ok: false; refusal: Refusal };
