import type { Actor } from '../common/actor';
import type { Role } from '../common/roles';
import type { ChangeRequestContext } from '../change-requests/change-request.types';

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
  states?: Record<string, StateDefinition>;
  on?: Record<string, TransitionDefinition>;
}

export interface EventDefinition {
  label: string;
  roles: Role[];
  /** JSON Schema (draft 2020-12 subset) for the event payload, without `type`/`expectedVersion`. */
  payload: Record<string, unknown>;
}

export interface WorkflowDefinition {
  id: string;
  version: number;
  title: string;
  description?: string;
  initial: string;
  events: Record<string, EventDefinition>;
  states: Record<string, StateDefinition>;
  defaultCommunicationPlan?: { audience: 'internal' | 'external'; channel: string }[];
}

/** An event as the machine sees it: everything a guard or action needs is in here or in context. */
export interface MachineEvent {
  type: string;
  actor: Actor;
  /** ISO timestamp of the request, chosen by the service (transitions stay pure). */
  at: string;
  payload: Record<string, unknown>;
  /** Facts the service computes inside the transaction (registration number, new ids). */
  facts: { reference?: string; receivedAt?: string };
}

export type CheckResult =
  | { ok: true }
  | {
      ok: false;
      /** ROLE_FORBIDDEN → 403, STATE_CONFLICT / PRECONDITION_FAILED → 409. */
      code: 'ROLE_FORBIDDEN' | 'STATE_CONFLICT' | 'PRECONDITION_FAILED';
      message: string;
    };

export interface PayloadError {
  field: string;
  message: string;
}

export interface TransitionResult {
  /** XState persisted snapshot (JSON-serialisable). */
  snapshot: unknown;
  /** Top-level state name, e.g. "dialogue". */
  state: string;
  /** Full XState state value, e.g. { dialogue: "open" }. */
  stateValue: unknown;
  context: ChangeRequestContext;
  /** Effects named by the transition that the service carries out inside the same transaction. */
  effects: { type: string; params?: Record<string, unknown> }[];
}

export interface CompiledWorkflow {
  readonly definition: WorkflowDefinition;
  /** Persisted snapshot for a fresh draft. */
  start(context: ChangeRequestContext): TransitionResult;
  /** Event names the actor may send now (role, organisation, segregation and state guards pass). */
  allowedEvents(snapshot: unknown, actor: Actor): string[];
  isKnownEvent(type: string): boolean;
  validatePayload(type: string, payload: Record<string, unknown>): PayloadError[];
  check(snapshot: unknown, event: MachineEvent): CheckResult;
  /** Pure XState transition; call only after check() returned ok. */
  transition(snapshot: unknown, event: MachineEvent): TransitionResult;
  mermaid(): string;
}
