import type { CompiledWorkflow } from '../workflow/workflow.types';
import { activePaths } from '../workflow/workflow-machine';
import { stateAt } from '../workflow/workflow-validator';
import type { ChangeRequestEntity } from './change-request.entity';
import type { ChangeRequestContext } from './change-request.types';
import type { ChangeRequestResponse, ChangeRequestSummaryResponse } from './dto/change-request.response';

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysSince(iso: string, now: Date = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / DAY_MS));
}

export function parseSnapshot(entity: ChangeRequestEntity): { value: unknown; context: ChangeRequestContext } {
  return JSON.parse(entity.snapshot) as { value: unknown; context: ChangeRequestContext };
}

/** The label of the deepest active state ("Inväntar komplettering" rather than "Dialog"). */
export function stateLabel(workflow: CompiledWorkflow, stateValue: unknown): string {
  const path = activePaths(stateValue as never)[0];
  return stateAt(workflow.definition, path)?.label ?? path;
}

export function toSummary(
  entity: ChangeRequestEntity,
  workflow: CompiledWorkflow,
  requestingOrganisations: string[],
): ChangeRequestSummaryResponse {
  return {
    id: entity.id,
    reference: entity.reference,
    title: entity.title,
    type: entity.type,
    state: entity.state,
    stateLabel: stateLabel(workflow, JSON.parse(entity.stateValue)),
    requestingOrganisations,
    version: entity.version,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
    stateEnteredAt: entity.stateEnteredAt,
    daysInState: daysSince(entity.stateEnteredAt),
    receivedAt: entity.receivedAt,
  };
}

export function toResponse(
  entity: ChangeRequestEntity,
  workflow: CompiledWorkflow,
  allowedEvents: string[],
): ChangeRequestResponse {
  const { value, context } = parseSnapshot(entity);
  return {
    ...toSummary(entity, workflow, context.requestingOrganisations),
    workflow: { id: entity.workflowId, version: entity.workflowVersion },
    description: context.description,
    justification: context.justification,
    requestedGoLive: context.requestedGoLive,
    stateValue: value,
    createdBy: context.createdBy,
    submittedBy: context.submittedBy,
    thread: context.thread,
    impactAssessment: context.impactAssessment,
    decision: context.decision,
    communicationActions: context.communicationActions,
    spokespersons: context.spokespersons,
    organisationComment: context.organisationComment,
    communicatedAt: context.communicatedAt,
    withdrawal: context.withdrawal,
    allowedEvents,
  };
}
