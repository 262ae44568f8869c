import { stockholmDate } from '../calendar';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import type { RestoredState, WorkflowInterpreter } from './workflow-interpreter';
import type { Refusal } from './workflow.types';

/** The event must be one of the workflow's, with a payload its schema takes: 400 naming the fields otherwise. */
export function checkEventPayload<C>(workflow: WorkflowInterpreter<C>, type: string, payload: Record<string, unknown>, at: string): void {
  if (!workflow.isKnownEvent(type)) {
    throw new DomainError('UNKNOWN_EVENT', `Unknown event "${type}"`, {
      fields: [{ field: 'type', message: `must be one of: ${Object.keys(workflow.definition.events).join(', ')}` }],
    });
  }
  const fields = workflow.validatePayload(type, payload, { instant: at, today: stockholmDate(new Date(at)) });
  if (fields.length) throw new DomainError('VALIDATION_FAILED', `Invalid ${type} payload`, { fields });
}

/** A refusal with what the caller needs to recover: the case's state, its version and what is allowed now. */
export function refusalError<C>(
  workflow: WorkflowInterpreter<C>,
  row: { state: string; version: number },
  state: RestoredState<C>,
  actor: Actor,
  at: string,
  refusal: Refusal | { code: 'VERSION_CONFLICT'; message: string },
): DomainError {
  return new DomainError(refusal.code, refusal.message, {
    state: row.state,
    stateValue: state.value,
    version: row.version,
    allowedEvents: workflow.allowedEvents(state, actor, at),
    ...('guard' in refusal && refusal.guard && refusal.code === 'PRECONDITION_FAILED' ? { precondition: refusal.guard } : {}),
  });
}
