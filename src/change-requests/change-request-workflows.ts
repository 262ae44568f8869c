import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { WorkflowDirectory } from '../workflow/workflow-directory';
import type { WorkflowInterpreter } from '../workflow/workflow-interpreter';
import { CHANGE_REQUEST_BEHAVIOURS } from './change-request-behaviours';
import type { ChangeRequestContext } from './change-request.types';

export const DEFAULT_WORKFLOW = 'andringsbegaran';

export type ChangeRequestWorkflow = WorkflowInterpreter<ChangeRequestContext>;

/** The workflows of kind `change_request`, validated against the change-request behaviours. */
@Injectable()
export class ChangeRequestWorkflows {
  private readonly set;

  constructor(directory: WorkflowDirectory) {
    this.set = directory.claim(CHANGE_REQUEST_BEHAVIOURS);
  }

  /** The workflow a new request starts with: 400 naming the choices when unknown. */
  forNew(id = DEFAULT_WORKFLOW): ChangeRequestWorkflow {
    const workflow = this.set.find(id);
    if (!workflow) {
      throw new DomainError('VALIDATION_FAILED', `Unknown workflow "${id}"`, {
        fields: [{ field: 'workflow', message: `must be one of: ${this.set.list().map((w) => w.id).join(', ')}` }],
      });
    }
    return workflow;
  }

  /** Every loaded change-request workflow. */
  all(): ChangeRequestWorkflow[] {
    return this.set.list();
  }

  /** The definition a stored request started with. */
  forCase(id: string, version: number): ChangeRequestWorkflow {
    return this.set.forCase(id, version);
  }
}
